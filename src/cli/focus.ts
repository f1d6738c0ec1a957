// `--focus NS/NAME`: only the connections of one pod or workload. NAME may carry its kind
// (`shop/frontend[Deployment]`) to pick one of two workloads of the same name; at namespace
// granularity the focus is a namespace name.

import type { ConnectivityResult, Endpoint, Granularity } from '../engine/index.js';
import { endpointText } from '../engine/render/index.js';

export function focusMatches(e: Endpoint, focus: string, g: Granularity): boolean {
  if (endpointText(e, g) === focus) return true;
  if ('namespace' in e && 'name' in e) return `${e.namespace}/${e.name}` === focus;
  if (e.kind === 'Namespace' && 'name' in e) return focus.split('/')[0] === e.name;
  return false;
}

export function focusResult(result: ConnectivityResult, focus: string): { result: ConnectivityResult; matched: boolean } {
  const g = result.granularity;
  const connections = result.connections.filter((c) => focusMatches(c.src, focus, g) || focusMatches(c.dst, focus, g));
  const endpoints = result.endpoints?.filter((e) => focusMatches(e, focus, g));
  const matched = connections.length > 0 || (endpoints?.length ?? 0) > 0;
  return { result: { ...result, connections, ...(endpoints === undefined ? {} : { endpoints }) }, matched };
}
