// Markdown tables (GitHub flavour). A pipe in a cell would end the cell, so it is escaped.
// A diff reads as a pull-request comment: the two sides, summary counts, the riskiest changes
// (new internet exposure first) with their causes, then the full tables.

import type { ConnectionChange, ConnectivityResult, DiffResult, Endpoint, Granularity } from '../result.js';
import { compareEndpoints, connsText, endpointText, sortedConnections, type TextOptions } from './endpoint-text.js';
import { changesByRisk, riskRank, sortedChanges } from './diff-order.js';
import { causeText, causesText, crossClusterText, exposurePathLines, fieldLines, findingText, intentDeltaLines, summaryText } from './diff-text.js';

/** How many changes the "Riskiest changes" section lists before "and N more". */
export const MD_RISKIEST_CHANGES = 10;
const RISK_LABEL = ['new internet exposure', 'new reach from outside the cluster', 'new reach'];

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
  return ['', `**${title}**`, '', ...items.map((item) => `- ${code(item)}`)];
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function endpointsList(endpoints: readonly Endpoint[], g: Granularity, options: TextOptions): string[] {
  return [...endpoints].sort((a, b) => compareEndpoints(a, b, g)).map((e) => endpointText(e, g, options));
}

function sidesTable(diff: DiffResult): string[] {
  const { from, to } = diff.sides;
  const rows: string[][] = [['snapshot', from.snapshot, to.snapshot]];
  const optional = (label: string, a: string | undefined, b: string | undefined) => {
    if (a !== undefined || b !== undefined) rows.push([label, a ?? '', b ?? '']);
  };
  optional('cluster', from.cluster, to.cluster);
  optional('name', from.name, to.name);
  optional('captured', from.capturedAt, to.capturedAt);
  return table(['', 'from', 'to'], rows);
}

function riskySection(diff: DiffResult, g: Granularity, options: TextOptions): string[] {
  const risky = changesByRisk(diff.changes, g).filter((c) => riskRank(c) < 3);
  if (risky.length === 0) return [];
  const item = (c: ConnectionChange, i: number) => {
    const conns = c.type === 'changed' ? `${connsText(c.before)} → ${connsText(c.after)}` : connsText(c.after);
    const head = `${i + 1}. **${RISK_LABEL[riskRank(c)]}**: ${code(endpointText(c.src, g, options))} → ${code(endpointText(c.dst, g, options))}: ${mdCell(conns)}`;
    return [head, ...(c.causes ?? []).map((cause) => `   - ${mdCell(causeText(cause))}`)];
  };
  const shown = risky.slice(0, MD_RISKIEST_CHANGES);
  const more = risky.length - shown.length;
  return ['', '### Riskiest changes', '', ...shown.flatMap(item), ...(more > 0 ? ['', `…and ${more} more in the table below.`] : [])];
}

function modifiedPolicies(diff: DiffResult): string[] {
  if (diff.policies.modified.length === 0) return [];
  const out = ['', '**Policies modified** (lists compared index by index)', ''];
  for (const name of diff.policies.modified) {
    out.push(`- ${code(name)}`);
    const fields = diff.policies.fieldChanges.find((f) => f.policy === name)?.fields ?? [];
    out.push(...fieldLines(fields).map((line) => `  - ${code(line)}`));
  }
  return out;
}

export function diffMd(diff: DiffResult, options: TextOptions = {}): string {
  const g = diff.granularity;
  const out = [`## Connectivity diff: ${mdCell(diff.from)} → ${mdCell(diff.to)} (${g})`, '', ...sidesTable(diff)];
  const cross = crossClusterText(diff);
  if (cross !== null) out.push('', `> **Cross-cluster diff**: ${mdCell(cross)}`);
  out.push('', `**Summary**: ${mdCell(summaryText(diff))}`);
  out.push(...riskySection(diff, g, options));
  const intentLines = intentDeltaLines(diff);
  if (intentLines.length > 0) out.push('', '### Intents', '', ...intentLines.map((l) => `- ${mdCell(l)}`));
  const findingLines = [
    ...bulletList('New findings', (diff.findings?.new ?? []).map(findingText)),
    ...bulletList('Resolved findings', (diff.findings?.resolved ?? []).map(findingText)),
  ];
  if (findingLines.length > 0) out.push('', '### Findings', ...findingLines);
  out.push('', '### Connection changes', '');
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
      causesText(c.causes),
    ]);
    out.push(...table(['diff-type', 'src', 'dst', 'before', 'after', 'note', 'causes'], rows));
    if (diff.unexplainedChanges > 0) out.push('', `${diff.unexplainedChanges} changes have no causes: only the riskiest are explained.`);
  }
  const policyLines = [
    ...bulletList('Policies added', diff.policies.added),
    ...bulletList('Policies removed', diff.policies.removed),
    ...modifiedPolicies(diff),
  ];
  if (policyLines.length > 0) out.push('', '### Policy changes', ...policyLines);
  const exposureLines = [
    ...bulletList('Newly exposed', endpointsList(diff.exposure.newlyExposed, g, options)),
    ...bulletList('No longer exposed', endpointsList(diff.exposure.noLongerExposed, g, options)),
    ...bulletList('Exposure paths', exposurePathLines(diff, options)),
  ];
  if (exposureLines.length > 0) out.push('', '### Exposure', ...exposureLines);
  return `${out.join('\n')}\n`;
}
