// The verdict for one direction (egress at the source pod, or ingress at the destination pod)
// towards one peer, as a PortSet of what is allowed. The same function serves the class-level
// matrix and `explain`: with a trace hook it reports which rule decided which ports.
//
// Order: admin tier (by priority, rules in order, first match wins per port; Pass hands the
// ports on) → NetworkPolicies (if any isolates the pod in this direction, their union decides
// every port that reached them, the rest is denied) → baseline tier (Pass = fall through) →
// default allow.

import { PortSet } from '../sets/port-set.js';
import type { PolicyRef, PolicyRules, RuleRef } from './rules.js';

export interface DirectionQuery {
  /** Admin-tier policies selecting the subject, in evaluation order (see `compareTierOrder`). */
  admin: readonly PolicyRules[];
  /** NetworkPolicies that select the subject for this direction. */
  networkPolicies: readonly PolicyRules[];
  /** Baseline-tier policies selecting the subject, in evaluation order. */
  baseline: readonly PolicyRules[];
  /** Whether the rule's peers include the peer being evaluated. */
  peerMatches(rule: RuleRef): boolean;
  /** The rule's ports, resolved on the destination pod (or kept named towards an address). */
  portsOf(rule: RuleRef): PortSet;
}

export type TraceStep =
  /** A rule decided these ports (for NetworkPolicy rules: allowed them, possibly with others). */
  | { kind: 'rule'; rule: RuleRef; ports: PortSet }
  /** NetworkPolicies isolate the subject and none of their rules allows these ports. */
  | { kind: 'isolation'; policies: PolicyRef[]; ports: PortSet }
  /** Nothing decided these ports: allowed by default. */
  | { kind: 'default'; ports: PortSet };

export interface PriorityTie {
  priority: number;
  /** In evaluation order: `applied` is evaluated first and wins. */
  applied: PolicyRef;
  other: PolicyRef;
  ports: PortSet;
}

export interface EvaluationHooks {
  trace?(step: TraceStep): void;
  onTie?(tie: PriorityTie): void;
}

/**
 * Two admin policies with the same priority whose matching rules cover common ports: the
 * outcome would depend on an order Kubernetes leaves undefined. We apply the first by name.
 */
function reportTies(query: DirectionQuery, onTie: (tie: PriorityTie) => void): void {
  const tiers = [query.admin, query.baseline];
  for (const policies of tiers) {
    for (let i = 0; i + 1 < policies.length; i++) {
      const a = policies[i];
      for (let j = i + 1; j < policies.length && policies[j].policy.priority === a.policy.priority; j++) {
        const b = policies[j];
        const overlap = coverage(query, a).intersect(coverage(query, b));
        if (!overlap.isEmpty()) {
          onTie({ priority: a.policy.priority ?? 0, applied: a.policy, other: b.policy, ports: overlap });
        }
      }
    }
  }
}

function coverage(query: DirectionQuery, policy: PolicyRules): PortSet {
  let ports = PortSet.EMPTY;
  for (const rule of policy.rules) if (query.peerMatches(rule)) ports = ports.union(query.portsOf(rule));
  return ports;
}

interface TierOutcome {
  allowed: PortSet;
  /** Ports handed on by Pass. */
  passed: PortSet;
  /** Ports no rule of the tier matched. */
  remaining: PortSet;
}

function walkTier(
  policies: readonly PolicyRules[],
  start: PortSet,
  query: DirectionQuery,
  hooks: EvaluationHooks | undefined,
): TierOutcome {
  let remaining = start;
  let allowed = PortSet.EMPTY;
  let passed = PortSet.EMPTY;
  for (const { rules } of policies) {
    for (const rule of rules) {
      if (remaining.isEmpty()) return { allowed, passed, remaining };
      if (!query.peerMatches(rule)) continue;
      const hit = query.portsOf(rule).intersect(remaining);
      if (hit.isEmpty()) continue;
      remaining = remaining.subtract(hit);
      if (rule.action === 'Allow') allowed = allowed.union(hit);
      else if (rule.action === 'Pass') passed = passed.union(hit);
      hooks?.trace?.({ kind: 'rule', rule, ports: hit });
    }
  }
  return { allowed, passed, remaining };
}

export function evaluateDirection(query: DirectionQuery, hooks?: EvaluationHooks): PortSet {
  if (hooks?.onTie) reportTies(query, hooks.onTie);

  const admin = walkTier(query.admin, PortSet.ALL, query, hooks);
  let allowed = admin.allowed;
  const undecided = admin.remaining.union(admin.passed);
  if (undecided.isEmpty()) return allowed;

  if (query.networkPolicies.length > 0) {
    let byPolicies = PortSet.EMPTY;
    for (const { rules } of query.networkPolicies) {
      for (const rule of rules) {
        if (!query.peerMatches(rule)) continue;
        const ports = query.portsOf(rule).intersect(undecided);
        if (ports.isEmpty()) continue;
        byPolicies = byPolicies.union(ports);
        hooks?.trace?.({ kind: 'rule', rule, ports });
      }
    }
    if (hooks?.trace) {
      const denied = undecided.subtract(byPolicies);
      if (!denied.isEmpty()) {
        hooks.trace({ kind: 'isolation', policies: query.networkPolicies.map((p) => p.policy), ports: denied });
      }
    }
    return allowed.union(byPolicies);
  }

  const baseline = walkTier(query.baseline, undecided, query, hooks);
  // Baseline Pass skips the rest of the baseline tier: those ports reach the default.
  const byDefault = baseline.remaining.union(baseline.passed);
  allowed = allowed.union(baseline.allowed).union(byDefault);
  if (!byDefault.isEmpty()) hooks?.trace?.({ kind: 'default', ports: byDefault });
  return allowed;
}
