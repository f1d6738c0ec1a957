// Findings as text: one line per finding (`SEVERITY  code  message`), then a count per severity.
// JSON is the FindingsResult itself.

import { countFindings, FINDING_SEVERITIES, type FindingsResult } from './findings.js';

export const FINDINGS_FORMATS = ['txt', 'json'] as const;
export type FindingsFormat = (typeof FINDINGS_FORMATS)[number];

export function renderFindings(result: FindingsResult, format: FindingsFormat): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  const width = Math.max(...FINDING_SEVERITIES.map((s) => s.length));
  const lines = result.findings.map((f) => `${f.severity.padEnd(width)}  ${f.code}  ${f.message}`);
  const counts = countFindings(result.findings);
  const summary = FINDING_SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  lines.push(summary.length ? `${result.findings.length} finding${result.findings.length > 1 ? 's' : ''}: ${summary.join(', ')}` : 'no findings');
  return `${lines.join('\n')}\n`;
}
