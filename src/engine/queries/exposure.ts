// Exposure, defined once: an endpoint is exposed when a connection reaches it from outside the
// cluster, from an external address block or through the ingress controller (Ingress and Route
// objects). The service's exposure query, its metrics and the diff's exposure delta all read it.

import type { ConnectivityResult, Endpoint, PortEntry } from '../result.js';
import { compareEndpoints, endpointText, isExternal, isIngressController, isOutside } from '../render/endpoint-text.js';

export interface ExposedEndpoint {
  endpoint: Endpoint;
  /** External address blocks that reach it, with the ports each reaches, in address order. */
  fromExternal: { cidrs: string[]; allPorts: boolean; ports: PortEntry[] }[];
  /** What traffic entering through Ingress/Route objects reaches, or null. */
  fromIngressController: { allPorts: boolean; ports: PortEntry[] } | null;
}

/** Every exposed endpoint of a connectivity result, in endpoint order. */
export function exposure(result: ConnectivityResult): ExposedEndpoint[] {
  const g = result.granularity;
  const byDst = new Map<string, ExposedEndpoint>();
  const sources = new Map<ExposedEndpoint, Endpoint[]>();
  for (const c of result.connections) {
    if (!isOutside(c.src) || isOutside(c.dst)) continue;
    const key = endpointText(c.dst, g);
    let entry = byDst.get(key);
    if (entry === undefined) {
      entry = { endpoint: c.dst, fromExternal: [], fromIngressController: null };
      byDst.set(key, entry);
      sources.set(entry, []);
    }
    if (isIngressController(c.src)) entry.fromIngressController = { allPorts: c.allPorts, ports: c.ports };
    else if (isExternal(c.src)) {
      entry.fromExternal.push({ cidrs: c.src.cidrs, allPorts: c.allPorts, ports: c.ports });
      sources.get(entry)!.push(c.src);
    }
  }
  for (const [entry, blocks] of sources) {
    const order = blocks.map((block, i) => ({ block, i })).sort((a, b) => compareEndpoints(a.block, b.block, g));
    entry.fromExternal = order.map(({ i }) => entry.fromExternal[i]!);
  }
  return [...byDst.values()].sort((a, b) => compareEndpoints(a.endpoint, b.endpoint, g));
}
