// What a new snapshot raises for people watching a cluster (webhooks): new internet exposure, new
// findings of high or critical severity, intents that the new snapshot violates. Each alert is a
// JSON summary plus one Slack-compatible text. Computed from the diff with its previous snapshot.

import { findingsAtOrAbove, type Finding } from '../queries/findings.js';
import type { IntentViolation } from '../queries/intents/evaluate.js';
import { endpointText } from '../render/endpoint-text.js';
import type { DiffResult, PortEntry } from '../result.js';
import type { NewExposure } from './report.js';

export const ALERT_EVENTS = ['internet_exposure', 'high_severity_findings', 'intent_violations'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

export interface Alert {
  event: AlertEvent;
  /** The event's own fields (the webhook adds cluster, snapshot and previous). */
  details: Record<string, unknown>;
  /** One message for chat tools (Slack's `text`). */
  text: string;
}

function portsText(ports: readonly PortEntry[]): string {
  return ports.map((p) => ('name' in p ? `${p.protocol} ${p.name}` : p.from === p.to ? `${p.protocol} ${p.from}` : `${p.protocol} ${p.from}-${p.to}`)).join(', ');
}

function violationText(v: IntentViolation): string {
  return `${endpointText(v.from, 'workload')} → ${endpointText(v.to, 'workload')}${v.allPorts ? ' (all ports)' : v.ports.length ? ` (${portsText(v.ports)})` : ''}`;
}

/**
 * The alerts a new snapshot raises against its predecessor. `newExposures` are the diff's new
 * exposures (buildReport's), of which those from public addresses alert.
 */
export function snapshotAlerts(cluster: string, snapshot: string, diff: DiffResult, newExposures: readonly NewExposure[]): Alert[] {
  const alerts: Alert[] = [];
  const internet = newExposures.filter((e) => e.internet);
  if (internet.length > 0) {
    alerts.push({
      event: 'internet_exposure',
      details: { newExposures: internet.map((e) => ({ workload: e.text, ports: e.ports, causes: e.causes })) },
      text: [
        `:warning: PolicyScope: ${internet.length} workload(s) newly reachable from the internet in cluster ${cluster} (snapshot ${snapshot})`,
        ...internet.map((e) => `• ${e.text} ${portsText(e.ports)}${e.causes.length ? ` (${e.causes.join('; ')})` : ''}`),
      ].join('\n'),
    });
  }
  const serious: Finding[] = findingsAtOrAbove(diff.findings?.new ?? [], 'high');
  if (serious.length > 0) {
    alerts.push({
      event: 'high_severity_findings',
      details: { findings: serious },
      text: [
        `:rotating_light: PolicyScope: ${serious.length} new high or critical finding(s) in cluster ${cluster} (snapshot ${snapshot})`,
        ...serious.map((f) => `• ${f.severity} ${f.code}: ${f.message}`),
      ].join('\n'),
    });
  }
  // An intent alerts when the new snapshot violates it and it held before, or when it gains offending pairs.
  const broken = (diff.intents ?? []).filter((i) => !i.holdsAfter && (i.holdsBefore || i.newViolations.length > 0));
  if (broken.length > 0) {
    alerts.push({
      event: 'intent_violations',
      details: {
        intents: broken.map((i) => ({ name: i.name, heldBefore: i.holdsBefore, violations: i.violationsAfter, newViolations: i.newViolations })),
      },
      text: [
        `:no_entry: PolicyScope: ${broken.length} intent(s) violated in cluster ${cluster} (snapshot ${snapshot})`,
        ...broken.map((i) => `• ${i.name}: ${i.violationsAfter} offending pair(s)${i.newViolations.length ? `, new: ${i.newViolations.slice(0, 5).map(violationText).join('; ')}` : ''}`),
      ].join('\n'),
    });
  }
  return alerts;
}
