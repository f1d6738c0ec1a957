// One order for diff changes in every format: changed, added, removed (np-guard's order), then by
// source and destination. And one risk order, for what a reader should see first: new reach from
// the internet, then from other outside sources, then other new reach, then reach lost.

import type { ChangeType, ConnectionChange, Endpoint, Granularity } from '../result.js';
import { IpSet } from '../sets/ip-set.js';
import { connectionSortKey, externalAddresses, isExternal, isOutside, portSetOf, sortedBy } from './endpoint-text.js';

const TYPE_ORDER: Record<ChangeType, number> = { changed: 0, added: 1, removed: 2 };

export function sortedChanges(changes: readonly ConnectionChange[], g: Granularity): ConnectionChange[] {
  return sortedBy(changes, (c) => `${TYPE_ORDER[c.type]}${connectionSortKey(c, g)}`);
}

/** Addresses that are not on the internet: private, shared, loopback and link-local ranges. */
const NON_INTERNET = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128'].reduce(
  (set, cidr) => set.union(IpSet.fromCidr(cidr)),
  IpSet.EMPTY,
);

/** An external block holding at least one internet address. */
export function isInternet(e: Endpoint): boolean {
  return isExternal(e) && !NON_INTERNET.containsSet(externalAddresses(e));
}

/** Whether the change lets the source reach something it could not reach before. */
export function gainsReach(c: ConnectionChange): boolean {
  if (c.after === null) return false;
  if (c.before === null) return true;
  return !portSetOf(c.after.allPorts, c.after.ports).subtract(portSetOf(c.before.allPorts, c.before.ports)).isEmpty();
}

/** 0: new reach from the internet; 1: from another outside source; 2: other new reach; 3: reach lost only. */
export function riskRank(c: ConnectionChange): number {
  if (!gainsReach(c)) return 3;
  if (isInternet(c.src)) return 0;
  return isOutside(c.src) ? 1 : 2;
}

/** Changes in risk order, the usual order within one rank. */
export function changesByRisk(changes: readonly ConnectionChange[], g: Granularity): ConnectionChange[] {
  return sortedBy(changes, (c) => `${riskRank(c)}${TYPE_ORDER[c.type]}${connectionSortKey(c, g)}`);
}
