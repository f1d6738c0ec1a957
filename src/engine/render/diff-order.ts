// One order for diff changes in every format: changed, added, removed (np-guard's order), then by
// source and destination. And one risk order, for what a reader should see first: new reach from
// the internet, then from other outside sources, then other new reach, then reach lost.

import type { ChangeType, ConnectionChange, Endpoint, Granularity } from '../result.js';
import { internetAddresses } from '../queries/internet.js';
import { connectionSortKey, isExternal, isOutside, portSetOf, sortedBy } from './endpoint-text.js';

const TYPE_ORDER: Record<ChangeType, number> = { changed: 0, added: 1, removed: 2 };

export function sortedChanges(changes: readonly ConnectionChange[], g: Granularity): ConnectionChange[] {
  return sortedBy(changes, (c) => `${TYPE_ORDER[c.type]}${connectionSortKey(c, g)}`);
}

/** An external block holding at least one internet address (as the metrics define it). */
export function isInternet(e: Endpoint): boolean {
  return isExternal(e) && !internetAddresses(e.cidrs).isEmpty();
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
