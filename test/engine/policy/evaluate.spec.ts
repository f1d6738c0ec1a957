import type { PortMatch, TierAction } from '../../../src/engine/model.js';
import { evaluateDirection, type PriorityTie, type TraceStep } from '../../../src/engine/policy/evaluate.js';
import { resolvePorts } from '../../../src/engine/policy/ports.js';
import type { Layer, PolicyRef, PolicyRules, RuleRef } from '../../../src/engine/policy/rules.js';
import { PortSet } from '../../../src/engine/sets/port-set.js';

// Hand-built policies: each rule either matches the peer or not, and has literal ports.
let nextId = 0;
function policy(layer: Layer, name: string, priority: number | undefined, rules: Array<{ action?: TierAction; ports?: PortMatch[] | null; matches?: boolean }>): PolicyRules & { matching: Set<number> } {
  const kind = layer === 'networkpolicy' ? 'NetworkPolicy' : layer === 'admin' ? 'AdminNetworkPolicy' : 'BaselineAdminNetworkPolicy';
  const ref: PolicyRef = { id: nextId++, kind, name, layer, ...(priority === undefined ? {} : { priority }) };
  const matching = new Set<number>();
  const built: RuleRef[] = rules.map((r, index) => {
    const rule: RuleRef = { id: nextId++, policy: ref, direction: 'ingress', index, action: r.action ?? 'Allow', ports: r.ports ?? null };
    if (r.matches ?? true) matching.add(rule.id);
    return rule;
  });
  return { policy: ref, rules: built, matching };
}

const tcp = (port: number): PortMatch => ({ kind: 'range', protocol: 'TCP', from: port, to: port });

function evaluate(
  layers: { admin?: ReturnType<typeof policy>[]; nps?: ReturnType<typeof policy>[]; baseline?: ReturnType<typeof policy>[] },
  hooks?: { trace?: (s: TraceStep) => void; onTie?: (t: PriorityTie) => void },
): PortSet {
  const all = [...(layers.admin ?? []), ...(layers.nps ?? []), ...(layers.baseline ?? [])];
  return evaluateDirection(
    {
      admin: layers.admin ?? [],
      networkPolicies: layers.nps ?? [],
      baseline: layers.baseline ?? [],
      peerMatches: (rule) => all.some((p) => p.matching.has(rule.id)),
      portsOf: (rule) => resolvePorts(rule.ports, { kind: 'external' }).ports,
    },
    hooks,
  );
}

describe('evaluateDirection: tiers', () => {
  it('with no policy everything is allowed by default', () => {
    const steps: TraceStep[] = [];
    expect(evaluate({}, { trace: (s) => steps.push(s) }).isAll()).toBe(true);
    expect(steps.map((s) => s.kind)).toEqual(['default']);
  });

  it('NetworkPolicies isolate: only the union of their matching rules is allowed', () => {
    const a = policy('networkpolicy', 'a', undefined, [{ ports: [tcp(80)] }, { ports: [tcp(81)], matches: false }]);
    const b = policy('networkpolicy', 'b', undefined, [{ ports: [tcp(82)] }]);
    expect(evaluate({ nps: [a, b] }).equals(PortSet.port('TCP', 80).union(PortSet.port('TCP', 82)))).toBe(true);
  });

  it('an isolating policy without rules denies everything, and the trace names it', () => {
    const steps: TraceStep[] = [];
    const deny = policy('networkpolicy', 'deny', undefined, []);
    expect(evaluate({ nps: [deny] }, { trace: (s) => steps.push(s) }).isEmpty()).toBe(true);
    expect(steps).toEqual([{ kind: 'isolation', policies: [deny.policy], ports: PortSet.ALL }]);
  });

  it('an admin Allow wins over NetworkPolicy isolation', () => {
    const allow = policy('admin', 'allow', 1, [{ action: 'Allow', ports: [tcp(80)] }]);
    const deny = policy('networkpolicy', 'deny', undefined, []);
    expect(evaluate({ admin: [allow], nps: [deny] }).equals(PortSet.port('TCP', 80))).toBe(true);
  });

  it('an admin Deny wins over a NetworkPolicy allow and over the default', () => {
    const deny = policy('admin', 'deny', 1, [{ action: 'Deny', ports: [tcp(80)] }]);
    const allowAll = policy('networkpolicy', 'all', undefined, [{}]);
    expect(evaluate({ admin: [deny], nps: [allowAll] }).has('TCP', 80)).toBe(false);
    expect(evaluate({ admin: [deny] }).has('TCP', 80)).toBe(false);
    expect(evaluate({ admin: [deny] }).has('TCP', 81)).toBe(true);
  });

  it('admin policies are walked in the order given (ascending priority): the first match wins per port', () => {
    const first = policy('admin', 'first', 1, [{ action: 'Deny', ports: [tcp(80)] }]);
    const second = policy('admin', 'second', 2, [{ action: 'Allow', ports: [tcp(80), tcp(81)] }]);
    const isolate = policy('networkpolicy', 'deny', undefined, []);
    const result = evaluate({ admin: [first, second], nps: [isolate] });
    expect(result.has('TCP', 80)).toBe(false);
    expect(result.has('TCP', 81)).toBe(true);
  });

  it('rules of one policy apply in order: an earlier Allow of port 80 survives a later Deny of everything', () => {
    const p = policy('admin', 'p', 1, [{ action: 'Allow', ports: [tcp(80)] }, { action: 'Deny' }]);
    expect(evaluate({ admin: [p] }).equals(PortSet.port('TCP', 80))).toBe(true);
  });

  it('Pass hands ports to the NetworkPolicies, which then decide without falling through to the baseline', () => {
    const pass = policy('admin', 'pass', 1, [{ action: 'Pass', ports: [tcp(80), tcp(81)] }, { action: 'Deny' }]);
    const np = policy('networkpolicy', 'np', undefined, [{ ports: [tcp(80)] }]);
    const baselineAllow = policy('baseline', 'default', 0, [{ action: 'Allow' }]);
    const result = evaluate({ admin: [pass], nps: [np], baseline: [baselineAllow] });
    expect(result.equals(PortSet.port('TCP', 80))).toBe(true);
  });

  it('Pass without isolating NetworkPolicies reaches the baseline tier', () => {
    const pass = policy('admin', 'pass', 1, [{ action: 'Pass', ports: [tcp(80)] }]);
    const baselineDeny = policy('baseline', 'default', 0, [{ action: 'Deny', ports: [tcp(80), tcp(81)] }]);
    const result = evaluate({ admin: [pass], baseline: [baselineDeny] });
    expect(result.has('TCP', 80)).toBe(false);
    expect(result.has('TCP', 81)).toBe(false);
    expect(result.has('TCP', 82)).toBe(true);
  });

  it('the baseline tier is ignored when NetworkPolicies isolate the pod', () => {
    const np = policy('networkpolicy', 'np', undefined, [{ ports: [tcp(80)] }]);
    const baselineDeny = policy('baseline', 'default', 0, [{ action: 'Deny' }]);
    expect(evaluate({ nps: [np], baseline: [baselineDeny] }).equals(PortSet.port('TCP', 80))).toBe(true);
  });

  it('a baseline Pass falls through to the default allow, skipping later baseline rules', () => {
    const baseline = policy('baseline', 'default', 0, [{ action: 'Pass', ports: [tcp(80)] }, { action: 'Deny' }]);
    expect(evaluate({ baseline: [baseline] }).equals(PortSet.port('TCP', 80))).toBe(true);
  });

  it('rules whose peers do not match are skipped', () => {
    const deny = policy('admin', 'deny', 1, [{ action: 'Deny', matches: false }]);
    expect(evaluate({ admin: [deny] }).isAll()).toBe(true);
  });
});

describe('evaluateDirection: priority ties', () => {
  it('reports two same-priority policies whose matching rules overlap, the first one applied', () => {
    const ties: PriorityTie[] = [];
    const a = policy('admin', 'a', 5, [{ action: 'Allow', ports: [tcp(80)] }]);
    const b = policy('admin', 'b', 5, [{ action: 'Deny', ports: [tcp(80)] }]);
    const result = evaluate({ admin: [a, b], nps: [policy('networkpolicy', 'iso', undefined, [])] }, { onTie: (t) => ties.push(t) });
    expect(result.has('TCP', 80)).toBe(true);
    expect(ties).toHaveLength(1);
    expect(ties[0].applied).toBe(a.policy);
    expect(ties[0].other).toBe(b.policy);
  });

  it('does not report same-priority policies whose ports are disjoint, or different priorities', () => {
    const ties: PriorityTie[] = [];
    const a = policy('admin', 'a', 5, [{ action: 'Allow', ports: [tcp(80)] }]);
    const b = policy('admin', 'b', 5, [{ action: 'Deny', ports: [tcp(81)] }]);
    const c = policy('admin', 'c', 6, [{ action: 'Deny', ports: [tcp(80)] }]);
    evaluate({ admin: [a, b, c] }, { onTie: (t) => ties.push(t) });
    expect(ties).toEqual([]);
  });
});
