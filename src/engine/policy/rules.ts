// Policies and rules as the evaluator sees them: every kind (NetworkPolicy, ANP, BANP, CNP)
// reduced to a reference with its layer, and rules carrying an action and their port list.
// Peer matching is not here: the analysis precomputes which peers each rule matches.

import type { PortMatch, TierAction } from '../model.js';
import type { Decision } from '../result.js';

export type Direction = 'ingress' | 'egress';
export type PolicyKind = 'NetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy';
/** Where a policy sits in the evaluation order: admin tier → NetworkPolicies → baseline tier → default allow. */
export type Layer = 'admin' | 'networkpolicy' | 'baseline';

export interface PolicyRef {
  id: number;
  kind: PolicyKind;
  /** NetworkPolicies only. */
  namespace?: string;
  name: string;
  layer: Layer;
  /** Admin and baseline tiers only. */
  priority?: number;
}

export interface RuleRef {
  /** Unique over every rule of the snapshot (used to index precomputed peer matches). */
  id: number;
  policy: PolicyRef;
  direction: Direction;
  index: number;
  name?: string;
  /** NetworkPolicy rules always allow. */
  action: TierAction;
  /** null = every port and protocol. */
  ports: readonly PortMatch[] | null;
}

/** One policy with its rules for the direction being evaluated. */
export interface PolicyRules {
  policy: PolicyRef;
  rules: readonly RuleRef[];
}

export function policyText(policy: PolicyRef): string {
  return policy.namespace === undefined ? policy.name : `${policy.namespace}/${policy.name}`;
}

export function ruleText(rule: RuleRef): string {
  const base = `${rule.direction}[${rule.index}]`;
  return rule.name === undefined || rule.name === '' ? base : `${base} (name: ${rule.name})`;
}

function decisionTier(policy: PolicyRef): Decision['tier'] {
  return policy.layer;
}

function baseDecision(policy: PolicyRef): Omit<Decision, 'action'> {
  const decision: Omit<Decision, 'action'> = { kind: policy.kind, name: policy.name, tier: decisionTier(policy) };
  if (policy.namespace !== undefined) decision.namespace = policy.namespace;
  if (policy.priority !== undefined && policy.layer !== 'networkpolicy') decision.priority = policy.priority;
  return decision;
}

export function ruleDecision(rule: RuleRef): Decision {
  return { ...baseDecision(rule.policy), rule: ruleText(rule), action: rule.action };
}

/** A NetworkPolicy that isolates the pod without any rule allowing the traffic. */
export function isolationDecision(policy: PolicyRef): Decision {
  return { ...baseDecision(policy), action: 'Isolate' };
}

export function defaultDecision(): Decision {
  return { kind: 'Default', tier: 'default', action: 'Allow' };
}

/** Evaluation order inside a tier: ascending priority, then kind, then name (ties are reported). */
export function compareTierOrder(a: PolicyRef, b: PolicyRef): number {
  const pa = a.priority ?? 0;
  const pb = b.priority ?? 0;
  if (pa !== pb) return pa - pb;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  return 0;
}
