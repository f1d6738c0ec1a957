// The intent report as text, one block per intent: PASS or FAIL, then each offending pair with the
// ports and the policy rules that decide its sample connection.

import { connsText, endpointText } from '../../render/endpoint-text.js';
import type { Decision } from '../../result.js';
import type { IntentReport, IntentViolation } from './evaluate.js';

export const INTENT_REPORT_FORMATS = ['txt', 'json'] as const;
export type IntentReportFormat = (typeof INTENT_REPORT_FORMATS)[number];

export function decisionText(d: Decision): string {
  if (d.kind === 'Default') return 'default';
  const name = d.namespace ? `${d.namespace}/${d.name}` : d.name;
  return `${d.kind} ${name}${d.rule ? ` ${d.rule}` : ''} (${d.action})`;
}

/** An endpoint; a long list of address blocks shortened to its first three and a count. */
function sideText(e: IntentViolation['from']): string {
  if (e.kind === 'External') {
    const cidrs = (e as { cidrs: string[] }).cidrs;
    if (cidrs.length > 4) return `${cidrs.slice(0, 3).join(', ')}, … (${cidrs.length} blocks)`;
  }
  return endpointText(e, 'workload');
}

export function renderIntentReport(report: IntentReport, format: IntentReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const lines: string[] = [];
  for (const r of report.results) {
    const count = `${r.violationCount} violation${r.violationCount === 1 ? '' : 's'}`;
    lines.push(`${r.holds ? 'PASS' : 'FAIL'} ${r.name} (${r.type})${r.holds ? '' : `: ${count}`}`);
    for (const w of r.warnings) lines.push(`  warning: ${w}`);
    for (const v of r.violations) {
      lines.push(`  ${sideText(v.from)} => ${endpointText(v.to, 'workload')} : ${connsText(v)}${r.type === 'must-reach' ? ' (missing)' : ''}`);
      const rules = v.decidedBy.filter((d) => d.kind !== 'Default').map(decisionText);
      if (v.sample) lines.push(`    ${r.type === 'must-reach' ? 'denied' : 'allowed'} ${v.sample.from} -> ${v.sample.to} ${v.sample.protocol}/${v.sample.port}${rules.length ? ` by ${rules.join(', ')}` : ''}`);
    }
    if (r.violationCount > r.violations.length) lines.push(`  … and ${r.violationCount - r.violations.length} more`);
  }
  lines.push(`${report.violated} of ${report.results.length} intents violated`);
  return `${lines.join('\n')}\n`;
}
