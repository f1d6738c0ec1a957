// Markdown tables (GitHub flavour). A pipe in a cell would end the cell, so it is escaped.

import type { ConnectivityResult, DiffResult, Endpoint, Granularity } from '../result.js';
import { compareEndpoints, connsText, endpointText, sortedConnections } from './endpoint-text.js';
import { sortedChanges } from './diff-order.js';

export function mdCell(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const row = (cells: readonly string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
  return [row(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(row)];
}

export function connectivityMd(result: ConnectivityResult): string {
  const g = result.granularity;
  const rows = sortedConnections(result.connections, g).map((c) => [
    endpointText(c.src, g),
    endpointText(c.dst, g),
    connsText(c),
  ]);
  return `${table(['src', 'dst', 'conn'], rows).join('\n')}\n`;
}

function bulletList(title: string, items: readonly string[]): string[] {
  if (items.length === 0) return [];
  return ['', `**${title}**`, '', ...items.map((item) => `- \`${item.replace(/`/g, "'")}\``)];
}

function endpointsList(endpoints: readonly Endpoint[], g: Granularity): string[] {
  return [...endpoints].sort((a, b) => compareEndpoints(a, b, g)).map((e) => endpointText(e, g));
}

export function diffMd(diff: DiffResult): string {
  const g = diff.granularity;
  const out = [`## Connectivity diff: ${mdCell(diff.from)} → ${mdCell(diff.to)} (${g})`, ''];
  if (diff.changes.length === 0) {
    out.push('No connectivity changes.');
  } else {
    const rows = sortedChanges(diff.changes, g).map((c) => [
      c.type,
      endpointText(c.src, g),
      endpointText(c.dst, g),
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
    ...bulletList('Newly exposed', endpointsList(diff.exposure.newlyExposed, g)),
    ...bulletList('No longer exposed', endpointsList(diff.exposure.noLongerExposed, g)),
  );
  return `${out.join('\n')}\n`;
}
