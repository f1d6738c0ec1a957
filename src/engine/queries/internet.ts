// Internet exposure, defined once. "Internet" is every address outside the private and
// special-purpose blocks below and outside the cluster's own pod and service ranges (`ClusterRanges`:
// given, or detected from the snapshot): a workload reachable from an external block that holds at
// least one such public address is internet-exposed. Traffic through the ingress controller is not counted
// here (it is in `workloads_reachable_from_outside`): whether an Ingress is public is not in the
// manifests.

import type { ClusterRanges, ConnectivityResult, Endpoint, PortEntry } from '../result.js';
import { IpSet } from '../sets/ip-set.js';
import { PortSet } from '../sets/port-set.js';
import { compareEndpoints, endpointText, externalAddresses, isExternal, isNamespaced } from '../render/endpoint-text.js';

/** Address blocks that are not the internet: private (RFC 1918, RFC 4193), shared (RFC 6598), loopback, link-local (the same blocks the diff's ordering treats as not internet). */
export const NON_INTERNET_BLOCKS: readonly string[] = [
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
];

const NON_INTERNET = NON_INTERNET_BLOCKS.reduce((set, cidr) => set.union(IpSet.fromCidr(cidr)), IpSet.EMPTY);

/** The addresses that are not public: the blocks above and the cluster's own ranges. */
export function nonInternetAddresses(ranges?: ClusterRanges): IpSet {
  if (ranges === undefined || (ranges.podCIDRs.length === 0 && ranges.serviceCIDRs.length === 0)) return NON_INTERNET;
  return [...ranges.podCIDRs, ...ranges.serviceCIDRs].reduce((set, cidr) => set.union(IpSet.fromCidr(cidr)), NON_INTERNET);
}

/** The public addresses among some CIDRs (`ranges`: the cluster's own pod and service ranges, not public either). */
export function internetAddresses(cidrs: readonly string[], ranges?: ClusterRanges): IpSet {
  return externalAddresses({ kind: 'External', cidrs: [...cidrs] }).subtract(nonInternetAddresses(ranges));
}

export interface InternetExposure {
  endpoint: Endpoint;
  /** The public part of the external blocks that reach it, as CIDRs. */
  cidrs: string[];
  /** Every port reachable from those blocks. */
  allPorts: boolean;
  ports: PortEntry[];
}

/** Pods or workloads reachable from a public address, in endpoint order, with the ports reached. */
export function internetExposure(result: ConnectivityResult): InternetExposure[] {
  const byDst = new Map<string, { endpoint: Endpoint; addresses: IpSet; ports: PortSet }>();
  const notPublic = nonInternetAddresses(result.clusterRanges);
  for (const c of result.connections) {
    if (!isExternal(c.src) || !isNamespaced(c.dst)) continue;
    const addresses = externalAddresses(c.src).subtract(notPublic);
    if (addresses.isEmpty()) continue;
    const key = endpointText(c.dst, result.granularity);
    const ports = c.allPorts ? PortSet.ALL : PortSet.fromEntries(c.ports);
    const entry = byDst.get(key);
    if (entry === undefined) byDst.set(key, { endpoint: c.dst, addresses, ports });
    else {
      entry.addresses = entry.addresses.union(addresses);
      entry.ports = entry.ports.union(ports);
    }
  }
  return [...byDst.values()]
    .sort((a, b) => compareEndpoints(a.endpoint, b.endpoint, result.granularity))
    .map((e) => ({ endpoint: e.endpoint, cidrs: e.addresses.toCidrs(), allPorts: e.ports.isAll(), ports: e.ports.toEntries() }));
}

/** Distinct (endpoint, protocol, port range) reachable from the internet: a named port counts as one range. */
export function internetExposedPortCount(exposures: readonly InternetExposure[]): number {
  return exposures.reduce((n, e) => n + PortSet.fromEntries(e.ports).union(e.allPorts ? PortSet.ALL : PortSet.EMPTY).toEntries().length, 0);
}
