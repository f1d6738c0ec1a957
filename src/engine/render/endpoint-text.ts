// Text forms shared by every renderer (docs/contracts.md "Endpoint names"), and the one ordering
// of endpoints and connections that makes every output deterministic.

import { IpSet, parseCidr, type IpInterval } from '../sets/ip-set.js';
import { PortSet } from '../sets/port-set.js';
import type { Connection, Endpoint, Granularity, PortEntry } from '../result.js';

export const INGRESS_CONTROLLER_TEXT = '{ingress-controller}';

/**
 * How text formats write an external block: its CIDRs (`0.0.0.0/0, ::/0`, as JSON and exposure
 * give them; the default) or np-guard's inclusive ranges (`0.0.0.0-255.255.255.255`), behind an
 * option for users who compare against that tool's output.
 */
export type AddressForm = 'cidr' | 'range';
export const ADDRESS_FORMS: readonly AddressForm[] = ['cidr', 'range'];

/** Options every text renderer takes; JSON ignores them. */
export interface TextOptions {
  addresses?: AddressForm;
}
export const NO_CONNECTIONS_TEXT = 'No Connections';

type ExternalEndpoint = { kind: 'External'; cidrs: string[] };
type NamespaceEndpoint = { kind: 'Namespace'; name: string };
type NamespacedEndpoint = { kind: string; namespace: string; name: string };

export function isExternal(e: Endpoint): e is ExternalEndpoint {
  return e.kind === 'External';
}

export function isIngressController(e: Endpoint): e is { kind: 'IngressController' } {
  return e.kind === 'IngressController';
}

export function isNamespaceEndpoint(e: Endpoint): e is NamespaceEndpoint {
  return e.kind === 'Namespace';
}

/** Pods and workloads: the endpoints that live inside a namespace. */
export function isNamespaced(e: Endpoint): e is NamespacedEndpoint {
  return 'namespace' in e && typeof e.namespace === 'string' && 'name' in e;
}

/** Outside traffic: an address block or the ingress controller. */
export function isOutside(e: Endpoint): boolean {
  return isExternal(e) || isIngressController(e);
}

const addressCache = new WeakMap<ExternalEndpoint, IpSet>();

/**
 * The addresses of an External endpoint (cached: sorting compares them many times). A CIDR that
 * does not parse is skipped rather than thrown: renderers must not crash on a stored result, and
 * the analysis only writes valid CIDRs.
 */
export function externalAddresses(e: ExternalEndpoint): IpSet {
  let addresses = addressCache.get(e);
  if (addresses === undefined) {
    const intervals: IpInterval[] = [];
    for (const cidr of e.cidrs) {
      const parsed = parseCidr(cidr);
      if (!('error' in parsed)) intervals.push(parsed);
    }
    addresses = IpSet.fromIntervals(intervals);
    addressCache.set(e, addresses);
  }
  return addresses;
}

/**
 * `x/a` (pod at pod granularity), `shop/frontend[Deployment]` (workload; a bare pod at workload
 * granularity is `ns/name[Pod]`), `0.0.0.0/5, 8.0.0.0/7` (external; `0.0.0.0-9.255.255.255` with
 * `addresses: 'range'`), `x` (namespace), `{ingress-controller}`.
 */
export function endpointText(e: Endpoint, granularity: Granularity, options: TextOptions = {}): string {
  if (isExternal(e)) {
    const addresses = externalAddresses(e);
    return options.addresses === 'range' ? addresses.toRanges().join(',') : addresses.toCidrs().join(', ');
  }
  if (isIngressController(e)) return INGRESS_CONTROLLER_TEXT;
  if (isNamespaceEndpoint(e)) return e.name;
  if (isNamespaced(e)) {
    if (e.kind === 'Pod' && granularity === 'pod') return `${e.namespace}/${e.name}`;
    return `${e.namespace}/${e.name}[${e.kind}]`;
  }
  return `{${(e as { kind: string }).kind}}`;
}

export function portSetOf(allPorts: boolean, ports: readonly PortEntry[]): PortSet {
  return allPorts ? PortSet.ALL : PortSet.fromEntries(ports);
}

/** `All Connections`, `TCP 80-81,UDP 53`; `No Connections` for a missing side of a diff. */
export function connsText(conns: { allPorts: boolean; ports: readonly PortEntry[] } | null): string {
  if (conns === null) return NO_CONNECTIONS_TEXT;
  return portSetOf(conns.allPorts, conns.ports).toString();
}

// ---------------------------------------------------------------- ordering

/** Namespaced endpoints first, then namespaces, external blocks, the ingress controller. */
function kindRank(e: Endpoint): number {
  if (isNamespaced(e)) return 0;
  if (isNamespaceEndpoint(e)) return 1;
  if (isExternal(e)) return 2;
  if (isIngressController(e)) return 3;
  return 4;
}

/** External blocks in address order (IPv4 before IPv6), not in string order ("9." < "10."). */
function externalSortText(e: ExternalEndpoint): string {
  return externalAddresses(e)
    .intervals()
    .map((i) => `${i.family}${i.from.toString(16).padStart(32, '0')}${i.to.toString(16).padStart(32, '0')}`)
    .join(',');
}

/**
 * A string whose plain (code unit) order is the endpoint order. Sorting compares strings built
 * once per item, which keeps sorting 100,000 connections fast.
 */
export function endpointSortKey(e: Endpoint, granularity: Granularity): string {
  const text = isExternal(e) ? externalSortText(e) : endpointText(e, granularity);
  return `${kindRank(e)}${text}`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareEndpoints(a: Endpoint, b: Endpoint, granularity: Granularity): number {
  return compareStrings(endpointSortKey(a, granularity), endpointSortKey(b, granularity));
}

/** Sorts by source then destination; the separator sorts below every character of a key. */
export function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, key: key(item) }))
    .sort((a, b) => compareStrings(a.key, b.key))
    .map(({ item }) => item);
}

export function connectionSortKey(c: { src: Endpoint; dst: Endpoint }, granularity: Granularity): string {
  return `${endpointSortKey(c.src, granularity)}\u0000${endpointSortKey(c.dst, granularity)}`;
}

export function sortedConnections(connections: readonly Connection[], granularity: Granularity): Connection[] {
  return sortedBy(connections, (c) => connectionSortKey(c, granularity));
}
