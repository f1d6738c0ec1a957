// Rules for workloads: owner chains, absent owners, representative pods from templates, finished
// pods ignored, the default namespace, and assumed namespaces, end to end through connectivity.

import { load, netpol, ns, parseCodes, podConnectivity, reach } from './helpers.js';

const owned = (name: string, namespace: string, labels: string, owner: { kind: string; name: string } | null, phase = 'Running') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: ${labels}
${owner ? `  ownerReferences:\n  - {apiVersion: apps/v1, kind: ${owner.kind}, name: ${owner.name}, uid: u-${owner.name}, controller: true}\n` : ''}spec:
  containers: [{name: c, image: i}]
status: {phase: ${phase}}`;

const object = (apiVersion: string, kind: string, name: string, namespace: string, spec: string, owner?: { kind: string; name: string }) => `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${namespace}
${owner ? `  ownerReferences:\n  - {apiVersion: apps/v1, kind: ${owner.kind}, name: ${owner.name}, uid: u-${owner.name}, controller: true}\n` : ''}spec:
${spec}`;

const template = (labels: string, indent = '  ') => `${indent}selector: {matchLabels: ${labels}}\n${indent}template:\n${indent}  metadata: {labels: ${labels}}\n${indent}  spec: {containers: [{name: c, image: i, ports: [{containerPort: 8080}]}]}`;

const workloadPairs = (docs: string[]) =>
  podConnectivity(load(docs), 'workload')
    .connections.filter((c) => c.src.kind !== 'External' && c.dst.kind !== 'External')
    .map((c) => `${'name' in c.src ? `${c.src.kind} ${c.src.name}` : c.src.kind} -> ${'name' in c.dst ? `${c.dst.kind} ${c.dst.name}` : c.dst.kind}`);

describe('rule: owner chain', () => {
  it('Pod → ReplicaSet → Deployment: the pod counts as the Deployment', () => {
    const pairs = workloadPairs([
      ns('x'),
      object('apps/v1', 'Deployment', 'web', 'x', template('{app: web}')),
      object('apps/v1', 'ReplicaSet', 'web-5d9', 'x', template('{app: web}'), { kind: 'Deployment', name: 'web' }),
      owned('web-5d9-abc', 'x', '{app: web}', { kind: 'ReplicaSet', name: 'web-5d9' }),
      owned('solo', 'x', '{app: solo}', null),
    ]);
    expect(pairs.sort()).toEqual(['Deployment web -> Pod solo', 'Pod solo -> Deployment web']);
  });

  it('Pod → Job → CronJob: the pod counts as the CronJob', () => {
    const pairs = workloadPairs([
      ns('x'),
      object('batch/v1', 'CronJob', 'nightly', 'x', `  schedule: "0 0 * * *"\n  jobTemplate:\n    spec:\n${template('{app: nightly}', '      ')}`),
      object('batch/v1', 'Job', 'nightly-1', 'x', template('{app: nightly}'), { kind: 'CronJob', name: 'nightly' }),
      owned('nightly-1-xyz', 'x', '{app: nightly}', { kind: 'Job', name: 'nightly-1' }),
      owned('solo', 'x', '{app: solo}', null),
    ]);
    expect(pairs.sort()).toEqual(['CronJob nightly -> Pod solo', 'Pod solo -> CronJob nightly']);
  });

  it('an absent owner: the owner reference kind and name', () => {
    const pairs = workloadPairs([ns('x'), owned('web-5d9-abc', 'x', '{app: web}', { kind: 'ReplicaSet', name: 'web-5d9' }), owned('solo', 'x', '{app: solo}', null)]);
    expect(pairs.sort()).toEqual(['Pod solo -> ReplicaSet web-5d9', 'ReplicaSet web-5d9 -> Pod solo']);
  });
});

describe('rule: a workload without live pods is one representative pod built from its template', () => {
  it('its template labels are selected by policies, its template ports resolve named ports', () => {
    const w = load([
      ns('x'),
      object('apps/v1', 'Deployment', 'api', 'x', `  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 8443}]}]}`),
      owned('client', 'x', '{app: client}', null),
      owned('other', 'x', '{app: other}', null),
      netpol('x/api', 'podSelector: {matchLabels: {app: api}}\ningress:\n- from:\n  - podSelector: {matchLabels: {app: client}}\n  ports: [{port: http}]'),
    ]);
    const representative = w.parsed.snapshot.pods.filter((p) => p.representative);
    expect(representative).toHaveLength(1);
    const api = representative[0];
    expect(api.workload).toEqual({ kind: 'Deployment', namespace: 'x', name: 'api' });
    expect(reach(w, 'x/client', `x/${api.name}`, 8443)).toBe(true);
    expect(reach(w, 'x/client', `x/${api.name}`, 80)).toBe(false);
    expect(reach(w, 'x/other', `x/${api.name}`, 8443)).toBe(false);
  });

  it('is not built when the workload has a live pod', () => {
    const w = load([
      ns('x'),
      object('apps/v1', 'StatefulSet', 'db', 'x', template('{app: db}')),
      owned('db-0', 'x', '{app: db}', { kind: 'StatefulSet', name: 'db' }),
    ]);
    expect(w.parsed.snapshot.pods.map((p) => [p.name, p.representative])).toEqual([['db-0', false]]);
  });
});

describe('rule: Succeeded and Failed pods are ignored', () => {
  it('they appear in no connection, and a Running pod with the same labels does', () => {
    const w = load([ns('x'), owned('done', 'x', '{app: j}', null, 'Succeeded'), owned('broken', 'x', '{app: j}', null, 'Failed'), owned('live', 'x', '{app: j}', null), owned('peer', 'x', '{app: p}', null)]);
    const names = podConnectivity(w).connections.filter((c) => c.src.kind !== 'External' && c.dst.kind !== 'External').flatMap((c) => [c.src, c.dst]).map((e) => ('name' in e ? e.name : e.kind));
    expect(new Set(names)).toEqual(new Set(['live', 'peer']));
  });
});

describe('rule: an object without namespace is in default', () => {
  it('a pod without metadata.namespace is selected by a policy in default', () => {
    const noNamespace = (name: string, app: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  labels: {app: ${app}}\nspec: {containers: [{name: c, image: i}]}\nstatus: {phase: Running}`;
    const w = load([ns('default'), noNamespace('a', 'a'), noNamespace('b', 'b'), netpol('default/deny-a', 'podSelector: {matchLabels: {app: a}}')]);
    expect(reach(w, 'default/b', 'default/a')).toBe(false);
    expect(reach(w, 'default/a', 'default/b')).toBe(true);
  });
});

describe('rule: a referenced but absent namespace is assumed with its metadata.name label', () => {
  it('a namespaceSelector on kubernetes.io/metadata.name matches it, and a warning says it was assumed', () => {
    const w = load([
      ns('x'),
      owned('a', 'x', '{app: a}', null),
      owned('ghost-pod', 'ghost', '{app: g}', null),
      owned('other-pod', 'other', '{app: o}', null),
      netpol('x/from-ghost', 'podSelector: {}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ghost}}'),
    ]);
    expect(reach(w, 'ghost/ghost-pod', 'x/a')).toBe(true);
    expect(reach(w, 'other/other-pod', 'x/a')).toBe(false);
    expect(parseCodes(w).filter((c) => c === 'namespace.assumed')).toHaveLength(2);
    expect(w.parsed.snapshot.namespaces.find((n) => n.name === 'ghost')).toEqual({ name: 'ghost', labels: { 'kubernetes.io/metadata.name': 'ghost' }, assumed: true });
  });
});
