// CSV (RFC 4180): a field holding a comma, a quote or a line break is quoted, quotes doubled.
// Conns like `TCP 80,UDP 53` and multi-range external blocks contain commas, so quoting matters.

import type { ConnectivityResult, DiffResult } from '../result.js';
import { connsText, endpointText, sortedConnections, type TextOptions } from './endpoint-text.js';
import { sortedChanges } from './diff-order.js';
import { causesText, crossClusterText, sideText } from './diff-text.js';

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\n`).join('');
}

export function connectivityCsv(result: ConnectivityResult, options: TextOptions = {}): string {
  const g = result.granularity;
  return csv([
    ['src', 'dst', 'conn'],
    ...sortedConnections(result.connections, g).map((c) => [endpointText(c.src, g, options), endpointText(c.dst, g, options), connsText(c)]),
  ]);
}

/**
 * The sides come first as `#` comment lines (skip them with e.g. pandas' `comment='#'`), then one
 * row per change with its causes in one cell.
 */
export function diffCsv(diff: DiffResult, options: TextOptions = {}): string {
  const g = diff.granularity;
  const cross = crossClusterText(diff);
  const comments = [`# from: ${sideText(diff.sides.from)}`, `# to: ${sideText(diff.sides.to)}`, ...(cross === null ? [] : [`# cross-cluster diff: ${cross}`])];
  return `${comments.map((line) => `${line.replace(/[\r\n]/g, ' ')}\n`).join('')}${csv([
    ['diff-type', 'src', 'dst', 'before', 'after', 'note', 'causes'],
    ...sortedChanges(diff.changes, g).map((c) => [
      c.type,
      endpointText(c.src, g, options),
      endpointText(c.dst, g, options),
      connsText(c.before),
      connsText(c.after),
      c.note ?? '',
      causesText(c.causes),
    ]),
  ])}`;
}
