// Markdown tables (GitHub flavour). A pipe in a cell would end the cell, so it is escaped.

import type { ConnectivityResult, DiffResult, Endpoint, Granularity } from '../result.js';
import { compareEndpoints, connsText, endpointText, sortedConnections, type TextOptions } from './endpoint-text.js';
import { sortedChanges } from './diff-order.js';

export function mdCell(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const row = (cells: readonly string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
  return [row(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(row)];
}

export function connectivityMd(result: ConnectivityResult, options: TextOptions = {}): string {
  const g = result.granularity;
  const rows = sortedConnections(result.connections, g).map((c) => [
    endpointText(c.src, g, options),
    endpointText(c.dst, g, options),
    connsText(c),
  ]);
  return `${table(['src', 'dst', 'conn'], rows).join('\n')}\n`;
}

function bulletList(title: string, items: readonly string[]): string[] {
  if (items.length === 0) return [];
  return ['', `**${title}**`, '', ...items.map((item) => `- \`${item.replace(/`/g, "'")}\``)];
}

function endpointsList(endpoints: readonly Endpoint[], g: Granularity, options: TextOptions): string[] {
  return [...endpoints].sort((a, b) => compareEndpoints(a, b, g)).map((e) => endpointText(e, g, options));
}

export function diffMd(diff: DiffResult, options: TextOptions = {}): string {
  const g = diff.granularity;
  const out = [`## Connectivity diff: ${mdCell(diff.from)} → ${mdCell(diff.to)} (${g})`, ''];
  if (diff.changes.length === 0) {
    out.push('No connectivity changes.');
  } else {
    const rows = sortedChanges(diff.changes, g).map((c) => [
      c.type,
      endpointText(c.src, g, options),
      endpointText(c.dst, g, options),
      connsText(c.before),
      connsText(c.after),
      c.note ?? '',
    ]);
    out.push(...table(['diff-type', 'src', 'dst', 'before', 'after', 'note'], rows));
  }
  out.push(
    ...bulletList('Policies added', diff.policies.added),
    ...bulletList('Policies removed', diff.policies.removed),
    ...bulletList('Policies modified', diff.policies.modified),
    ...bulletList('Newly exposed', endpointsList(diff.exposure.newlyExposed, g, options)),
    ...bulletList('No longer exposed', endpointsList(diff.exposure.noLongerExposed, g, options)),
  );
  return `${out.join('\n')}\n`;
}
