// JSON: the public result values as they are (docs/contracts.md "Public contracts"), two-space
// indented. Only the public fields of a connectivity result are written: `endpoints` is an
// internal aid for diffs, not part of the contract.

import type { ConnectivityResult, DiffResult, Explanation } from '../result.js';

function stringify(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function connectivityJson(result: ConnectivityResult): string {
  const { snapshot, granularity, options, cni, enforcement, optionSources, clusterRanges, connections, diagnostics } = result;
  const network = cni === undefined ? {} : { cni, enforcement, optionSources, ...(clusterRanges === undefined ? {} : { clusterRanges }) };
  return stringify({ snapshot, granularity, options, ...network, connections, ...(diagnostics === undefined ? {} : { diagnostics }) });
}

export function diffJson(diff: DiffResult): string {
  return stringify(diff);
}

export function explanationJson(e: Explanation): string {
  return stringify(e);
}
