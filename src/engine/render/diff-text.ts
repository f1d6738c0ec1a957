// Pieces of diff text shared by the txt, csv and md renderers: how a side, a cause and the counts
// read.

import type { ChangeCause, Decision, DiffResult, DiffSide, FieldChange } from '../result.js';
import { fieldChangeText } from '../diff/policy-fields.js';
import type { Finding } from '../queries/findings.js';
import { endpointText, type TextOptions } from './endpoint-text.js';

/** `13 (cluster prod, name nightly-2, captured 2026-11-29T10:00:00.000Z)`; just the snapshot when nothing else is known. */
export function sideText(side: DiffSide): string {
  const about = [side.cluster === undefined ? null : `cluster ${side.cluster}`, side.name === undefined ? null : `name ${side.name}`, side.capturedAt === undefined ? null : `captured ${side.capturedAt}`].filter(
    (s): s is string => s !== null,
  );
  return about.length === 0 ? side.snapshot : `${side.snapshot} (${about.join(', ')})`;
}

/** `prod → staging` when the diff crosses clusters, else null. */
export function crossClusterText(diff: DiffResult): string | null {
  return diff.crossCluster ? `${diff.sides.from.cluster ?? '?'} → ${diff.sides.to.cluster ?? '?'}` : null;
}

export function decisionShort(d: Decision): string {
  if (d.kind === 'Default') return 'default';
  const rule = d.rule === undefined ? '' : ` ${d.rule}`;
  return `${d.action}${rule}`;
}

/** `policy modified NetworkPolicy shop/db [before: Allow ingress[0]; after: Isolate] (spec.ingress[0].ports[0].port: 5432 → 5433)`. */
export function causeText(cause: ChangeCause): string {
  const parts = [cause.object === '' ? cause.kind : `${cause.kind} ${cause.object}`];
  if (cause.rulesBefore.length > 0 || cause.rulesAfter.length > 0) {
    const list = (ds: readonly Decision[]) => (ds.length === 0 ? 'not deciding' : ds.map(decisionShort).join(', '));
    parts.push(`[before: ${list(cause.rulesBefore)}; after: ${list(cause.rulesAfter)}]`);
  }
  if (cause.details.length > 0) parts.push(`(${cause.details.join('; ')})`);
  return parts.join(' ');
}

export function causesText(causes: readonly ChangeCause[] | undefined): string {
  return (causes ?? []).map(causeText).join('; ');
}

export function fieldLines(fields: readonly FieldChange[]): string[] {
  return fields.map(fieldChangeText);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `3 connection changes (1 changed, 1 added, 1 removed); policies: 1 added, 1 removed, 1 modified; newly exposed: 1, no longer exposed: 0`. */
export function summaryText(diff: DiffResult): string {
  const count = (type: string) => diff.changes.filter((c) => c.type === type).length;
  const p = diff.policies;
  return [
    `${plural(diff.changes.length, 'connection change')} (${count('changed')} changed, ${count('added')} added, ${count('removed')} removed)`,
    `policies: ${p.added.length} added, ${p.removed.length} removed, ${p.modified.length} modified`,
    `newly exposed: ${diff.exposure.newlyExposed.length}, no longer exposed: ${diff.exposure.noLongerExposed.length}`,
    ...reviewSummary(diff),
  ].join('; ');
}

/** Findings and intents, when they moved: `findings: 1 new, 2 resolved; intents: 1 now violated, 0 now holding`. */
function reviewSummary(diff: DiffResult): string[] {
  const parts: string[] = [];
  const f = diff.findings;
  if (f && (f.new.length > 0 || f.resolved.length > 0)) parts.push(`findings: ${f.new.length} new, ${f.resolved.length} resolved`);
  const broken = (diff.intents ?? []).filter((i) => i.holdsBefore && !i.holdsAfter).length;
  const mended = (diff.intents ?? []).filter((i) => !i.holdsBefore && i.holdsAfter).length;
  if (broken > 0 || mended > 0) parts.push(`intents: ${broken} now violated, ${mended} now holding`);
  return parts;
}

/** `high no-ingress-isolation: Deployment shop/web has no ingress isolation`. */
export function findingText(f: Finding): string {
  return `${f.severity} ${f.code}: ${f.message}`;
}

/** Lines for the intents whose verdict or offending pairs changed. */
export function intentDeltaLines(diff: DiffResult): string[] {
  return (diff.intents ?? [])
    .filter((i) => i.holdsBefore !== i.holdsAfter || i.newViolations.length > 0 || i.resolvedViolations.length > 0)
    .map((i) => {
      const verdict = i.holdsBefore === i.holdsAfter ? (i.holdsAfter ? 'holds' : 'still violated') : i.holdsAfter ? 'now holds' : 'now VIOLATED';
      return `${i.name}: ${verdict} (offending pairs ${i.violationsBefore} -> ${i.violationsAfter})`;
    });
}

/** `shop/web[Deployment] newly exposed (internet): ip-block: …; load-balancer-service: …`. */
export function exposurePathLines(diff: DiffResult, options: TextOptions = {}): string[] {
  return (diff.exposure.paths ?? []).map(
    (p) => `${endpointText(p.endpoint, 'workload', options)} ${p.change}${p.internet ? ' (internet)' : ''}: ${p.reasons.map((r) => `${r.code}: ${r.message}`).join('; ')}`,
  );
}
