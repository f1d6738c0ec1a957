// One order for diff changes in every format: changed, added, removed (np-guard's order), then by
// source and destination.

import type { ChangeType, ConnectionChange, Granularity } from '../result.js';
import { connectionSortKey, sortedBy } from './endpoint-text.js';

const TYPE_ORDER: Record<ChangeType, number> = { changed: 0, added: 1, removed: 2 };

export function sortedChanges(changes: readonly ConnectionChange[], g: Granularity): ConnectionChange[] {
  return sortedBy(changes, (c) => `${TYPE_ORDER[c.type]}${connectionSortKey(c, g)}`);
}
