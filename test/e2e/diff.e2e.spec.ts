// Diffs over REST and GraphQL: both sides described, the cause of each change, field-level
// policy changes, Markdown as a pull-request comment, and a diff across two clusters.

import request from 'supertest';
import { graphql, startTestApp, type TestApp } from '../support/app.js';

const WORKLOADS = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: pg, ports: [{containerPort: 5432}, {containerPort: 5433}]}]}
`;

const dbPolicy = (ports: number[]) => `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [${ports.map((p) => `{port: ${p}}`).join(', ')}]
`;

const WEB_ISOLATED = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-default-deny, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
`;

const WEB_FROM_INTERNET = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-public, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{ipBlock: {cidr: 0.0.0.0/0}}]
    ports: [{port: 8080}]
`;

const V1 = WORKLOADS + dbPolicy([5432, 5433]) + WEB_ISOLATED;
const V2 = WORKLOADS + dbPolicy([5432]) + WEB_ISOLATED + WEB_FROM_INTERNET;

describe('diff: sides, causes, field changes (REST and GraphQL)', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  const ids: Record<'v1' | 'v2' | 'staging', string> = { v1: '', v2: '', staging: '' };

  async function upload(cluster: string, name: string, capturedAt: string, body: string): Promise<string> {
    const res = await request(server)
      .post(`/api/v1/snapshots?cluster=${cluster}&name=${name}&capturedAt=${capturedAt}`)
      .set('content-type', 'application/yaml')
      .send(body)
      .expect(202);
    const started = Date.now();
    for (;;) {
      const s = await request(server).get(`/api/v1/snapshots/${res.body.id}`).expect(200);
      if (s.body.status === 'ready') return res.body.id as string;
      if (s.body.status === 'failed' || Date.now() - started > 120_000) throw new Error(`snapshot is ${s.body.status}: ${s.body.error}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
    ids.v1 = await upload('prod', 'nightly-1', '2026-11-28T10:00:00.000Z', V1);
    ids.v2 = await upload('prod', 'nightly-2', '2026-11-29T10:00:00.000Z', V2);
    ids.staging = await upload('staging', 'nightly-1', '2026-11-29T11:00:00.000Z', V1);
  }, 180_000);
  afterAll(async () => {
    await t.close();
  });

  it('REST JSON: both sides, the cause of each change with the rules before and after, the policy fields', async () => {
    const res = await request(server).get(`/api/v1/diff?from=${ids.v1}&to=${ids.v2}`).expect(200);
    const d = res.body;
    expect(d.sides).toEqual({
      from: { snapshot: ids.v1, cluster: 'prod', name: 'nightly-1', capturedAt: '2026-11-28T10:00:00.000Z' },
      to: { snapshot: ids.v2, cluster: 'prod', name: 'nightly-2', capturedAt: '2026-11-29T10:00:00.000Z' },
    });
    expect(d.crossCluster).toBe(false);
    expect(d.unexplainedChanges).toBe(0);

    const tightened = d.changes.find((c: { src: { name?: string }; dst: { name?: string } }) => c.src.name === 'web' && c.dst.name === 'db');
    expect(tightened).toMatchObject({ type: 'changed', before: { ports: [{ protocol: 'TCP', from: 5432, to: 5433 }] }, after: { ports: [{ protocol: 'TCP', from: 5432, to: 5432 }] } });
    expect(tightened.causes).toEqual([
      {
        kind: 'policy modified',
        object: 'NetworkPolicy shop/db',
        details: ['spec.ingress[0].ports[1] removed (was {"port":5433})'],
        rulesBefore: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'db', rule: 'ingress[0]', tier: 'networkpolicy', action: 'Allow' }],
        rulesAfter: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'db', tier: 'networkpolicy', action: 'Isolate' }],
      },
    ]);
    expect(tightened.sample).toMatchObject({ protocol: 'TCP', port: 5433, before: { allowed: true }, after: { allowed: false } });
    // No live pods were uploaded: the sample is the pod built from each Deployment's template.
    expect(tightened.sample).toMatchObject({ src: 'shop/web', dst: 'shop/db' });

    const exposed = d.changes.find((c: { src: { kind: string } }) => c.src.kind === 'External');
    expect(exposed).toMatchObject({ type: 'added', dst: { kind: 'Deployment', namespace: 'shop', name: 'web' } });
    expect(exposed.causes).toEqual([
      expect.objectContaining({
        kind: 'policy added',
        object: 'NetworkPolicy shop/web-public',
        rulesAfter: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'web-public', rule: 'ingress[0]', tier: 'networkpolicy', action: 'Allow' }],
      }),
    ]);

    expect(d.policies).toEqual({
      added: ['NetworkPolicy shop/web-public'],
      removed: [],
      modified: ['NetworkPolicy shop/db'],
      fieldChanges: [{ policy: 'NetworkPolicy shop/db', fields: [{ path: 'spec.ingress[0].ports[1]', type: 'removed', before: { port: 5433 } }] }],
    });
  });

  it('REST md is the pull-request comment: sides, summary, new internet exposure first, then the tables', async () => {
    const res = await request(server).get(`/api/v1/diff?from=${ids.v1}&to=${ids.v2}&format=md`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/markdown/);
    const md = res.text;
    expect(md).toContain('| cluster | prod | prod |');
    expect(md).toContain('| name | nightly-1 | nightly-2 |');
    expect(md).toContain('| captured | 2026-11-28T10:00:00.000Z | 2026-11-29T10:00:00.000Z |');
    const positions = ['**Summary**: 2 connection changes', '### Riskiest changes', '1. **new internet exposure**: `0.0.0.0/0` → `shop/web[Deployment]`', '### Connection changes', '### Policy changes'].map(
      (text) => {
        expect(md).toContain(text);
        return md.indexOf(text);
      },
    );
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(md).toContain('   - policy added NetworkPolicy shop/web-public [before: not deciding; after: Allow ingress[0]]');
    expect(md).not.toMatch(/cross-cluster/i);
  });

  it('REST txt starts with both sides', async () => {
    const res = await request(server).get(`/api/v1/diff?from=${ids.v1}&to=${ids.v2}&format=txt`).expect(200);
    const lines = res.text.split('\n');
    expect(lines[1]).toBe(`from: ${ids.v1} (cluster prod, name nightly-1, captured 2026-11-28T10:00:00.000Z)`);
    expect(lines[2]).toBe(`to: ${ids.v2} (cluster prod, name nightly-2, captured 2026-11-29T10:00:00.000Z)`);
    expect(res.text).toContain('  because: policy modified NetworkPolicy shop/db');
  });

  it('GraphQL exposes the same sides, causes, sample and field changes', async () => {
    const gql = await graphql(
      t.app,
      `query($a: String!, $b: String!) { diff(from: $a, to: $b) {
        sides { from { snapshot cluster name capturedAt } to { snapshot cluster name capturedAt } }
        crossCluster unexplainedChanges
        changes { type src { text } dst { text }
          causes { kind object details rulesBefore { name rule action } rulesAfter { name rule action } }
          sample { src dst protocol port before { allowed ingress { reason } } after { allowed } } }
        policies { modified fieldChanges { policy fields { path type beforeJson afterJson } } } } }`,
      { a: ids.v1, b: ids.v2 },
    );
    expect(gql.body.errors).toBeUndefined();
    const d = gql.body.data.diff;
    expect(d.sides).toEqual({
      from: { snapshot: ids.v1, cluster: 'prod', name: 'nightly-1', capturedAt: '2026-11-28T10:00:00.000Z' },
      to: { snapshot: ids.v2, cluster: 'prod', name: 'nightly-2', capturedAt: '2026-11-29T10:00:00.000Z' },
    });
    expect(d.crossCluster).toBe(false);
    expect(d.unexplainedChanges).toBe(0);
    const tightened = d.changes.find((c: { src: { text: string } }) => c.src.text === 'shop/web[Deployment]');
    expect(tightened.causes).toEqual([
      {
        kind: 'policy modified',
        object: 'NetworkPolicy shop/db',
        details: ['spec.ingress[0].ports[1] removed (was {"port":5433})'],
        rulesBefore: [{ name: 'db', rule: 'ingress[0]', action: 'Allow' }],
        rulesAfter: [{ name: 'db', rule: null, action: 'Isolate' }],
      },
    ]);
    expect(tightened.sample).toMatchObject({ protocol: 'TCP', port: 5433, before: { allowed: true }, after: { allowed: false } });
    expect(d.policies.fieldChanges).toEqual([
      { policy: 'NetworkPolicy shop/db', fields: [{ path: 'spec.ingress[0].ports[1]', type: 'removed', beforeJson: '{"port":5433}', afterJson: null }] },
    ]);
  });

  it('a diff across two clusters is allowed and says so (REST JSON, md, GraphQL)', async () => {
    const json = await request(server).get(`/api/v1/diff?from=${ids.v1}&to=${ids.staging}`).expect(200);
    expect(json.body.crossCluster).toBe(true);
    expect(json.body.sides.from.cluster).toBe('prod');
    expect(json.body.sides.to.cluster).toBe('staging');
    expect(json.body.changes).toEqual([]);
    const md = await request(server).get(`/api/v1/diff?from=${ids.v1}&to=${ids.staging}&format=md`).expect(200);
    expect(md.text).toContain('> **Cross-cluster diff**: prod → staging');
    const gql = await graphql(t.app, 'query($a: String!, $b: String!) { diff(from: $a, to: $b) { crossCluster sides { to { cluster } } } }', { a: ids.v1, b: ids.staging });
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.diff).toEqual({ crossCluster: true, sides: { to: { cluster: 'staging' } } });
  });
});
