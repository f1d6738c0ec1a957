// What a change does to the review of a snapshot: findings that appear or go away, and for each
// intent check whether it holds and which offending pairs appear or go away. Used by diffs of two
// snapshots and by what-if (a snapshot and a proposal), so both say the same about the same change.

import type { Finding } from '../queries/findings.js';
import type { IntentReport, IntentViolation } from '../queries/intents/evaluate.js';
import { endpointText } from '../render/endpoint-text.js';

export interface FindingsDelta {
  /** Findings of the after side that the before side does not have. */
  new: Finding[];
  /** Findings of the before side that the after side no longer has. */
  resolved: Finding[];
}

export interface IntentDelta {
  name: string;
  holdsBefore: boolean;
  holdsAfter: boolean;
  violationsBefore: number;
  violationsAfter: number;
  /** Offending pairs listed after and not before (among the listed ones). */
  newViolations: IntentViolation[];
  /** Offending pairs listed before and not after. */
  resolvedViolations: IntentViolation[];
}

/** A finding is the same finding when its code, its message and its objects are. */
function findingKey(f: Finding): string {
  return JSON.stringify([f.code, f.message, f.objects]);
}

export function findingsDelta(before: readonly Finding[], after: readonly Finding[]): FindingsDelta {
  const beforeKeys = new Set(before.map(findingKey));
  const afterKeys = new Set(after.map(findingKey));
  return { new: after.filter((f) => !beforeKeys.has(findingKey(f))), resolved: before.filter((f) => !afterKeys.has(findingKey(f))) };
}

function violationKey(v: IntentViolation): string {
  return `${endpointText(v.from, 'workload')}\u0000${endpointText(v.to, 'workload')}`;
}

/** Per intent, in order: both reports evaluated the same intents. */
export function intentDeltas(before: IntentReport, after: IntentReport): IntentDelta[] {
  return before.results.map((b, i) => {
    const a = after.results[i]!;
    const beforeKeys = new Set(b.violations.map(violationKey));
    const afterKeys = new Set(a.violations.map(violationKey));
    return {
      name: b.name,
      holdsBefore: b.holds,
      holdsAfter: a.holds,
      violationsBefore: b.violationCount,
      violationsAfter: a.violationCount,
      newViolations: a.violations.filter((v) => !beforeKeys.has(violationKey(v))),
      resolvedViolations: b.violations.filter((v) => !afterKeys.has(violationKey(v))),
    };
  });
}
