// Who-can-reach and reachable-from results: JSON as is; text as `src => dst : conns` lines (the
// subject on one side of each), then the network plugin and option sources.

import type { ReachResult } from '../result.js';
import { connsText, endpointText, type TextOptions } from './endpoint-text.js';
import { networkLines } from './txt.js';

export type ReachFormat = 'txt' | 'json';
export const REACH_FORMATS: readonly ReachFormat[] = ['txt', 'json'];

export function renderReach(result: ReachResult, format: ReachFormat, options: TextOptions = {}): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  const g = result.granularity;
  const subject = endpointText(result.subject, g, options);
  const rows =
    result.sources !== undefined
      ? result.sources.map((r) => `${endpointText(r.endpoint, g, options)} => ${subject} : ${connsText(r)}${r.backends ? ` (backends ${r.backends.join(', ')})` : ''}`)
      : (result.destinations ?? []).map((r) => `${subject} => ${endpointText(r.endpoint, g, options)} : ${connsText(r)}`);
  const none = result.sources !== undefined ? `nothing can reach ${subject}` : `${subject} reaches nothing`;
  const filter = result.port === undefined ? '' : ` on ${result.protocol} ${result.port}`;
  return [...(rows.length ? rows : [`${none}${filter}`]), ...networkLines(result)].map((l) => `${l}\n`).join('');
}
