// Attack paths and blast radius as text: one line per path (`a =[TCP 80]=> b =[TCP 5432]=> c`),
// one line per reached workload.

import { connsText, endpointText } from '../../render/endpoint-text.js';
import type { AttackPathsResult, BlastRadiusResult, PathSource } from './attack-paths.js';

export const PATHS_FORMATS = ['txt', 'json'] as const;
export type PathsFormat = (typeof PATHS_FORMATS)[number];

function sourceText(s: PathSource): string {
  return s.kind === 'Internet' ? 'internet' : endpointText(s as never, 'workload');
}

export function renderAttackPaths(result: AttackPathsResult, format: PathsFormat): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  const lines = [`${result.targetsReached} of ${result.targets} targets matching "${result.to}" reached from ${sourceText(result.source)} within ${result.maxHops} hops`];
  for (const path of result.paths) {
    lines.push([sourceText(path.hops[0].from), ...path.hops.map((h) => `=[${connsText(h)}]=> ${endpointText(h.to, 'workload')}`)].join(' '));
  }
  return `${lines.join('\n')}\n`;
}

export function renderBlastRadius(result: BlastRadiusResult, format: PathsFormat): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  const lines = [`${result.reached.length} workloads reachable from ${sourceText(result.source)} within ${result.maxHops} hops`];
  for (const r of result.reached) lines.push(`${r.hops} ${endpointText(r.endpoint, 'workload')} via ${sourceText(r.via)} : ${connsText(r)}`);
  return `${lines.join('\n')}\n`;
}
