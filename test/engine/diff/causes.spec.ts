// diffAnalyses: each changed connection names what caused it, found by explaining a sample
// connection in both analyses. Inputs go through the real parser and analysis.

import {
  analyze,
  diffAnalyses,
  MAX_EXPLAINED_CHANGES,
  parseDocuments,
  type AnalysisOptions,
  type ConnectionChange,
  type DiffResult,
  type DiffSide,
  type Granularity,
} from '../../../src/engine/index.js';
import { endpointText } from '../../../src/engine/render/index.js';

function pod(name: string, labels: Record<string, string>, namespace = 'shop', ports: number[] = []): string {
  const containerPorts = ports.length === 0 ? '' : `\n    ports:\n${ports.map((p) => `    - containerPort: ${p}`).join('\n')}`;
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: ${JSON.stringify(labels)}
spec:
  containers:
  - name: main
    image: x${containerPorts}
status:
  podIPs: []`;
}

function dbPolicy(ports: number[], from = 'web'): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: shop
spec:
  podSelector:
    matchLabels: { app: db }
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector:
        matchLabels: { app: ${from} }
    ports:
${ports.map((p) => `    - port: ${p}`).join('\n')}`;
}

const namespace = (name: string, labels: Record<string, string> = {}) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${JSON.stringify(labels)}`;

const base = [namespace('shop'), pod('web', { app: 'web' }), pod('api', { app: 'api' }), pod('db', { app: 'db' }, 'shop', [5432, 5433])];

function input(documents: readonly string[], side: DiffSide, options: Partial<AnalysisOptions> = {}) {
  const parsed = parseDocuments([{ name: side.snapshot, content: documents.join('\n---\n') }]);
  if (parsed.fatal) throw new Error(JSON.stringify(parsed.diagnostics));
  return { analysis: analyze(parsed.snapshot, options), objects: parsed.objects, side };
}

function diff(
  before: readonly string[],
  after: readonly string[],
  g: Granularity = 'workload',
  sides?: [DiffSide, DiffSide],
  options: [Partial<AnalysisOptions>, Partial<AnalysisOptions>] = [{}, {}],
): DiffResult {
  const [from, to] = sides ?? [{ snapshot: 'before' }, { snapshot: 'after' }];
  return diffAnalyses(input(before, from, options[0]), input(after, to, options[1]), g);
}

function change(d: DiffResult, src: string, dst: string): ConnectionChange {
  const found = d.changes.find((c) => endpointText(c.src, d.granularity) === src && endpointText(c.dst, d.granularity) === dst);
  if (found === undefined) throw new Error(`no change ${src} => ${dst} in ${JSON.stringify(d.changes.map((c) => [c.type, endpointText(c.src, 'workload'), endpointText(c.dst, 'workload')]))}`);
  return found;
}

describe('diffAnalyses: causes', () => {
  it('a policy tightened on one port: the rule that no longer allows it, before and after, and the field that changed', () => {
    const d = diff([...base, dbPolicy([5432, 5433])], [...base, dbPolicy([5432])]);
    expect(d.changes).toHaveLength(1);
    const c = change(d, 'shop/web[Pod]', 'shop/db[Pod]');
    expect(c.type).toBe('changed');
    expect(c.causes).toEqual([
      {
        kind: 'policy modified',
        object: 'NetworkPolicy shop/db',
        details: ['spec.ingress[0].ports[1] removed (was {"port":5433})'],
        rulesBefore: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'db', rule: 'ingress[0]', tier: 'networkpolicy', action: 'Allow' }],
        rulesAfter: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'db', tier: 'networkpolicy', action: 'Isolate' }],
      },
    ]);
    expect(c.sample).toMatchObject({ src: 'shop/web', dst: 'shop/db', protocol: 'TCP', port: 5433, before: { allowed: true }, after: { allowed: false } });
    expect(d.policies.fieldChanges).toEqual([
      { policy: 'NetworkPolicy shop/db', fields: [{ path: 'spec.ingress[0].ports[1]', type: 'removed', before: { port: 5433 } }] },
    ]);
  });

  it('a policy removed: the isolation it imposed is the cause of every connection it opened', () => {
    const d = diff([...base, dbPolicy([5432])], base);
    const api = change(d, 'shop/api[Pod]', 'shop/db[Pod]');
    expect(api.type).toBe('added');
    expect(api.causes).toEqual([
      {
        kind: 'policy removed',
        object: 'NetworkPolicy shop/db',
        details: [],
        rulesBefore: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'db', tier: 'networkpolicy', action: 'Isolate' }],
        rulesAfter: [],
      },
    ]);
    expect(api.sample?.after?.ingress.decidedBy).toEqual([{ kind: 'Default', tier: 'default', action: 'Allow' }]);
    const web = change(d, 'shop/web[Pod]', 'shop/db[Pod]');
    expect(web.type).toBe('changed');
    expect(web.causes?.map((x) => `${x.kind} ${x.object}`)).toEqual(['policy removed NetworkPolicy shop/db']);
    expect(d.changes.every((x) => (x.causes ?? []).length > 0)).toBe(true);
  });

  it('a label change moving a pod out of a selector: the label, not the unchanged policy', () => {
    const moved = [namespace('shop'), pod('web', { app: 'frontend' }), pod('api', { app: 'api' }), pod('db', { app: 'db' }, 'shop', [5432, 5433])];
    const d = diff([...base, dbPolicy([5432])], [...moved, dbPolicy([5432])]);
    const c = change(d, 'shop/web[Pod]', 'shop/db[Pod]');
    expect(c.type).toBe('removed');
    expect(c.causes).toEqual([{ kind: 'labels changed', object: 'Pod shop/web', details: ['label app: web → frontend'], rulesBefore: [], rulesAfter: [] }]);
    expect(c.sample?.before?.ingress.decidedBy[0]).toMatchObject({ name: 'db', rule: 'ingress[0]', action: 'Allow' });
    expect(c.sample?.after?.ingress.decidedBy[0]).toMatchObject({ name: 'db', action: 'Isolate' });
  });

  it('a namespace label change is named on the namespace', () => {
    const policy = dbPolicy([5432]).replace('    - podSelector:\n        matchLabels: { app: web }', '    - namespaceSelector:\n        matchLabels: { team: ops }');
    const ops = (labels: Record<string, string>) => [namespace('ops', labels), pod('agent', { app: 'agent' }, 'ops')];
    const d = diff([...base, ...ops({ team: 'ops' }), policy], [...base, ...ops({ team: 'dev' }), policy]);
    const c = change(d, 'ops/agent[Pod]', 'shop/db[Pod]');
    expect(c.causes).toEqual([{ kind: 'namespace labels changed', object: 'Namespace ops', details: ['label team: ops → dev'], rulesBefore: [], rulesAfter: [] }]);
  });

  it('a workload added: the workload, with no verdict on the side where it is absent', () => {
    const d = diff(base, [...base, pod('cache', { app: 'cache' })]);
    const c = change(d, 'shop/cache[Pod]', 'shop/db[Pod]');
    expect(c.type).toBe('added');
    expect(c.note).toBe('workload added');
    expect(c.causes).toEqual([{ kind: 'workload added', object: 'Pod shop/cache', details: [], rulesBefore: [], rulesAfter: [] }]);
    expect(c.sample).toMatchObject({ src: 'shop/cache', before: null, after: { allowed: true } });
  });

  it('new internet exposure through an added policy names the policy and its allowing rule', () => {
    const open = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: open-db, namespace: shop }
spec:
  podSelector: { matchLabels: { app: db } }
  ingress:
  - from: [{ ipBlock: { cidr: 0.0.0.0/0 } }]
    ports: [{ port: 5432 }]`;
    const d = diff([...base, dbPolicy([5432])], [...base, dbPolicy([5432]), open]);
    const c = d.changes.find((x) => x.src.kind === 'External');
    expect(c?.causes).toEqual([
      {
        kind: 'policy added',
        object: 'NetworkPolicy shop/open-db',
        details: [],
        rulesBefore: [],
        rulesAfter: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'open-db', rule: 'ingress[0]', tier: 'networkpolicy', action: 'Allow' }],
      },
    ]);
    expect(c?.sample).toMatchObject({ src: '0.0.0.0/32', dst: 'shop/db', port: 5432, before: { allowed: false }, after: { allowed: true } });
  });

  it('an analysis option changed: the option, before and after', () => {
    const withIp = (name: string, labels: Record<string, string>, ip: string) => pod(name, labels).replace('podIPs: []', `podIP: ${ip}`);
    const fromBlock = dbPolicy([5432]).replace('    - podSelector:\n        matchLabels: { app: web }', '    - ipBlock: { cidr: 10.1.0.0/24 }');
    const docs = [namespace('shop'), withIp('web', { app: 'web' }, '10.1.0.5'), withIp('db', { app: 'db' }, '10.2.0.5'), fromBlock];
    const d = diff(docs, docs, 'workload', undefined, [{ ipBlockMatchesPods: false }, { ipBlockMatchesPods: true }]);
    const c = change(d, 'shop/web[Pod]', 'shop/db[Pod]');
    expect(c.type).toBe('added');
    expect(c.causes).toEqual([{ kind: 'options changed', object: 'options', details: ['ipBlockMatchesPods: false → true'], rulesBefore: [], rulesAfter: [] }]);
  });

  it('a container port renamed: a named-port rule no longer resolves, and the pod change says so', () => {
    const named = dbPolicy([5432]).replace('    - port: 5432', '    - port: pg');
    const db = (portName: string) =>
      pod('db', { app: 'db' }).replace('    image: x', `    image: x\n    ports:\n    - containerPort: 5432\n      name: ${portName}`);
    const before = [namespace('shop'), pod('web', { app: 'web' }), db('pg'), named];
    const after = [namespace('shop'), pod('web', { app: 'web' }), db('postgres'), named];
    const c = change(diff(before, after), 'shop/web[Pod]', 'shop/db[Pod]');
    expect(c.type).toBe('removed');
    expect(c.causes).toEqual([
      { kind: 'pod changed', object: 'Pod shop/db', details: ['container ports: pg=TCP/5432 → postgres=TCP/5432'], rulesBefore: [], rulesAfter: [] },
    ]);
  });

  it('an Ingress added: the route into the pod', () => {
    const service = `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]`;
    const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend: { service: { name: web, port: { number: 80 } } }`;
    const web = pod('web', { app: 'web' }, 'shop', [8080]);
    const docs = [namespace('shop'), web, pod('db', { app: 'db' }), service];
    const d = diff(docs, [...docs, ingress]);
    const c = change(d, '{ingress-controller}', 'shop/web[Pod]');
    expect(c.type).toBe('added');
    expect(c.causes).toEqual([
      { kind: 'service or route changed', object: 'routes to shop/web', details: ['Ingress shop/web (Service web) routes it'], rulesBefore: [], rulesAfter: [] },
    ]);
    expect(c.sample).toMatchObject({ src: '{ingress-controller}', dst: 'shop/web', port: 8080, before: { allowed: false }, after: { allowed: true } });
  });

  it('explains only the riskiest MAX_EXPLAINED_CHANGES changes and counts the others', () => {
    const many = Array.from({ length: 40 }, (_, i) => pod(`p${i}`, { app: `p${i}` }));
    const d = diff(base, [...base, ...many], 'pod');
    expect(d.changes.length).toBeGreaterThan(MAX_EXPLAINED_CHANGES);
    expect(d.unexplainedChanges).toBe(d.changes.length - MAX_EXPLAINED_CHANGES);
    const explained = d.changes.filter((c) => (c.causes ?? []).length > 0);
    expect(explained).toHaveLength(MAX_EXPLAINED_CHANGES);
    // New reach from outside ranks first, so every one of them is explained.
    for (const c of d.changes.filter((x) => x.src.kind === 'External')) expect(c.causes?.[0]?.kind).toBe('workload added');
    expect(d.changes.filter((c) => (c.causes ?? []).length === 0).every((c) => c.sample === null)).toBe(true);
  });
});

describe('diffAnalyses: sides', () => {
  const side = (snapshot: string, cluster: string): DiffSide => ({ snapshot, cluster, name: `${cluster}-${snapshot}`, capturedAt: '2026-11-29T10:00:00.000Z' });

  it('carries both sides; the same cluster is not a cross-cluster diff', () => {
    const d = diff(base, base, 'workload', [side('1', 'prod'), side('2', 'prod')]);
    expect(d.sides).toEqual({ from: side('1', 'prod'), to: side('2', 'prod') });
    expect(d.from).toBe('1');
    expect(d.to).toBe('2');
    expect(d.crossCluster).toBe(false);
  });

  it('a diff across two clusters is allowed and says so', () => {
    const d = diff(base, base, 'workload', [side('1', 'prod'), side('2', 'staging')]);
    expect(d.crossCluster).toBe(true);
    expect(d.changes).toEqual([]);
  });

  it('sides without clusters (CLI paths) are never cross-cluster', () => {
    expect(diff(base, base).crossCluster).toBe(false);
  });
});
