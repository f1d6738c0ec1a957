// Rule: label selectors (matchLabels, matchExpressions In/NotIn/Exists/DoesNotExist), empty = all,
// and a missing namespaceSelector (the policy's namespace) versus `namespaceSelector: {}` (all).
// Each test isolates the pods a selector picks with a default-deny ingress policy, then checks
// both a pod that must be picked (unreachable) and one that must not be (reachable).

import { allowed, load, netpol, ns, pod, reach } from './helpers.js';

const pods = [
  pod('x/web', { app: 'web', tier: 'front' }),
  pod('x/api', { app: 'api', tier: 'back' }),
  pod('x/db', { app: 'db' }),
  pod('x/probe', { role: 'probe' }),
];

/** Which of web/api/db a deny-all-ingress policy with this podSelector isolates (probe is the client). */
function isolatedBy(podSelector: string): string[] {
  const world = load([ns('x'), ...pods, netpol('x/deny', `podSelector:\n${podSelector}\npolicyTypes: [Ingress]`)]);
  return ['web', 'api', 'db'].filter((name) => !reach(world, 'x/probe', `x/${name}`));
}

describe('rule: label selectors', () => {
  it('matchLabels needs every listed label with the same value', () => {
    expect(isolatedBy('  matchLabels: {app: web, tier: front}')).toEqual(['web']);
    expect(isolatedBy('  matchLabels: {app: web, tier: back}')).toEqual([]);
  });

  it('In selects pods whose key has one of the values', () => {
    expect(isolatedBy('  matchExpressions: [{key: app, operator: In, values: [web, db]}]')).toEqual(['web', 'db']);
  });

  it('NotIn selects pods whose key has another value or is absent', () => {
    // db has no tier label: NotIn still selects it.
    expect(isolatedBy('  matchExpressions: [{key: tier, operator: NotIn, values: [front]}]')).toEqual(['api', 'db']);
  });

  it('Exists selects pods that carry the key, whatever its value', () => {
    expect(isolatedBy('  matchExpressions: [{key: tier, operator: Exists}]')).toEqual(['web', 'api']);
  });

  it('DoesNotExist selects pods without the key', () => {
    expect(isolatedBy('  matchExpressions: [{key: tier, operator: DoesNotExist}]')).toEqual(['db']);
  });

  it('matchLabels and matchExpressions together are ANDed', () => {
    expect(isolatedBy('  matchLabels: {tier: back}\n  matchExpressions: [{key: app, operator: In, values: [web, api]}]')).toEqual(['api']);
  });

  it('several matchExpressions are ANDed', () => {
    expect(isolatedBy('  matchExpressions: [{key: tier, operator: Exists}, {key: app, operator: NotIn, values: [web]}]')).toEqual(['api']);
  });

  it('an empty selector {} selects every pod, with or without labels', () => {
    expect(isolatedBy('  {}')).toEqual(['web', 'api', 'db']);
  });
});

describe('rule: missing namespaceSelector vs namespaceSelector {}', () => {
  const cluster = [ns('x'), ns('y'), pod('x/db', { app: 'db' }), pod('x/client', { app: 'client' }), pod('y/client', { app: 'client' })];

  it('a peer with a podSelector and no namespaceSelector matches pods of the policy namespace only', () => {
    const world = load([...cluster, netpol('x/db', 'podSelector: {matchLabels: {app: db}}\ningress:\n- from:\n  - podSelector: {matchLabels: {app: client}}')]);
    expect(reach(world, 'x/client', 'x/db')).toBe(true);
    expect(reach(world, 'y/client', 'x/db')).toBe(false);
  });

  it('namespaceSelector {} with the same podSelector matches those pods in every namespace', () => {
    const world = load([
      ...cluster,
      netpol('x/db', 'podSelector: {matchLabels: {app: db}}\ningress:\n- from:\n  - podSelector: {matchLabels: {app: client}}\n    namespaceSelector: {}'),
    ]);
    expect(reach(world, 'x/client', 'x/db')).toBe(true);
    expect(reach(world, 'y/client', 'x/db')).toBe(true);
  });

  it('namespaceSelector {} alone matches every pod of every namespace, but no external address', () => {
    const world = load([...cluster, pod('y/other', { app: 'other' }), netpol('x/db', 'podSelector: {matchLabels: {app: db}}\ningress:\n- from:\n  - namespaceSelector: {}')]);
    expect(reach(world, 'y/other', 'x/db')).toBe(true);
    expect(reach(world, 'x/client', 'x/db')).toBe(true);
    expect(allowed(world, '203.0.113.5', 'x/db')).toBe(false);
  });
});

describe('rule: namespaces are matched by their labels, including kubernetes.io/metadata.name', () => {
  it('a declared namespace without labels still carries kubernetes.io/metadata.name', () => {
    const world = load([
      ns('x'),
      ns('y'),
      ns('z'),
      pod('x/db', { app: 'db' }),
      pod('y/c', { app: 'c' }),
      pod('z/c', { app: 'c' }),
      netpol('x/db', 'podSelector: {}\ningress:\n- from:\n  - namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [y]}]}'),
    ]);
    expect(reach(world, 'y/c', 'x/db')).toBe(true);
    expect(reach(world, 'z/c', 'x/db')).toBe(false);
  });

  it('a podSelector-only peer stays in the policy namespace even when another namespace has the same labels', () => {
    const world = load([
      ns('x', { env: 'prod' }),
      ns('y', { env: 'prod' }),
      pod('x/db', { app: 'db' }),
      pod('x/c', { app: 'c' }),
      pod('y/c', { app: 'c' }),
      netpol('x/db', 'podSelector: {matchLabels: {app: db}}\ningress:\n- from:\n  - podSelector: {matchLabels: {app: c}}'),
    ]);
    expect(reach(world, 'x/c', 'x/db')).toBe(true);
    expect(reach(world, 'y/c', 'x/db')).toBe(false);
  });
});
