// Exposure: which endpoints can be reached from outside the cluster (an external address block
// or the ingress controller). Newly exposed = reachable from outside after and not before;
// no longer exposed = the reverse. A wider exposure of an already exposed endpoint shows in the
// connection changes, not here.

import { exposure } from '../queries/exposure.js';
import type { ConnectivityResult, DiffResult, Endpoint, Granularity } from '../result.js';
import { compareEndpoints, endpointText } from '../render/endpoint-text.js';

function exposedEndpoints(result: ConnectivityResult, g: Granularity): Map<string, Endpoint> {
  return new Map(exposure(result).map((e) => [endpointText(e.endpoint, g), e.endpoint]));
}

function missingFrom(from: Map<string, Endpoint>, other: Map<string, Endpoint>, g: Granularity): Endpoint[] {
  return [...from]
    .filter(([text]) => !other.has(text))
    .map(([, e]) => e)
    .sort((a, b) => compareEndpoints(a, b, g));
}

export function exposureChanges(before: ConnectivityResult, after: ConnectivityResult, g: Granularity): DiffResult['exposure'] {
  const a = exposedEndpoints(before, g);
  const b = exposedEndpoints(after, g);
  return { newlyExposed: missingFrom(b, a, g), noLongerExposed: missingFrom(a, b, g) };
}
