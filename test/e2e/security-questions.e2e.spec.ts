import { readFileSync } from 'node:fs';
import request from 'supertest';
import { endpointText } from '../../src/engine/index.js';
import { bruteCluster, bruteDistances } from '../support/engine/brute-reach.js';
import { graphql, startTestApp, type TestApp } from '../support/app.js';

// Intents, attack paths, blast radius and what-if over real HTTP and GraphQL on
// test/fixtures/security-questions; the expected answers come from the pod-pair reference
// (test/support/engine/brute-reach.ts), computed here from the same manifests.
const MANIFESTS = readFileSync('test/fixtures/security-questions/manifests.yaml', 'utf8');
const INTENTS = readFileSync('test/fixtures/security-questions/intents.yaml', 'utf8');
const reference = bruteCluster(MANIFESTS);
const text = (e: never) => endpointText(e, 'workload');

const FIXED_MYSQL = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: mysql, namespace: shop }
spec:
  podSelector: { matchLabels: { app: mysql } }
  policyTypes: [Ingress]
  ingress:
    - from: [{ podSelector: { matchLabels: { app: backend } } }]
      ports: [{ port: 3306 }]
`;

describe('intents, attack paths, blast radius and what-if (REST and GraphQL)', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  let id: string;

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
    const res = await request(server).post('/api/v1/snapshots?cluster=shop&name=v1').set('content-type', 'application/yaml').send(MANIFESTS).expect(202);
    const started = Date.now();
    for (;;) {
      const status = await request(server).get(`/api/v1/snapshots/${res.body.id}`).expect(200);
      if (status.body.status === 'ready') break;
      if (status.body.status === 'failed' || Date.now() - started > 60_000) throw new Error(`snapshot is ${status.body.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    id = res.body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('intents', () => {
    it('PUT stores a cluster\'s intents (YAML text) and GET returns them; a bad file is a 400 naming each field', async () => {
      expect((await request(server).get('/api/v1/clusters/shop/intents').expect(200)).body).toEqual({ cluster: 'shop', intents: [], updatedAt: null });
      const bad = await request(server)
        .put('/api/v1/clusters/shop/intents')
        .send({ intents: [{ name: 'x', type: 'must-reach', to: {}, ports: ['99999'] }] })
        .expect(400);
      expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['intents[0].from', 'intents[0].ports[0]']);
      const put = await request(server).put('/api/v1/clusters/shop/intents').send({ yaml: INTENTS }).expect(200);
      expect(put.body.intents.map((i: { name: string }) => i.name)).toEqual([
        'only-backend-reaches-mysql',
        'payments-not-exposed',
        'monitoring-scrapes-everything',
        'dev-never-reaches-ledger',
        'shop-web-exposed-only-on-8080',
      ]);
      const got = await request(server).get('/api/v1/clusters/shop/intents').expect(200);
      expect(got.body.intents).toEqual(put.body.intents);
      expect(typeof got.body.updatedAt).toBe('string');
      await request(server).get('/api/v1/clusters/nowhere/intents').expect(404);
    });

    it('GET /snapshots/{id}/intents: the offending pairs are the reference\'s, each with the policy that allows it', async () => {
      const res = await request(server).get(`/api/v1/snapshots/${id}/intents`).expect(200);
      expect(res.body).toMatchObject({ snapshot: id, cluster: 'shop', holds: false, violated: 3 });
      const only = res.body.results.find((r: { name: string }) => r.name === 'only-backend-reaches-mysql');
      // Reference: every workload other than the backend with an edge to mysql on 3306.
      const expected = [...reference.edges]
        .filter(([key, ports]) => key.endsWith('\u0000shop/mysql[Deployment]') && !key.startsWith('shop/backend[') && ports.has('TCP', 3306))
        .map(([key]) => key.split('\u0000')[0]);
      expect(only.violations.map((v: { from: never }) => text(v.from))).toEqual(expected);
      expect(only.violations[0].decidedBy).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'NetworkPolicy', namespace: 'shop', name: 'mysql', rule: 'ingress[0]' })]));
      const exposed = res.body.results.find((r: { name: string }) => r.name === 'payments-not-exposed');
      const expectedExposed = [...reference.fromInternet.keys()].filter((w) => w.startsWith('payments/'));
      expect(exposed.violations.map((v: { to: never }) => text(v.to)).sort()).toEqual(expectedExposed.sort());
    });

    it('GraphQL: setClusterIntents, clusterIntents and snapshot { intentResults } agree with REST', async () => {
      const set = await graphql(t.app, 'mutation($y: String!) { setClusterIntents(cluster: "shop", yaml: $y) { cluster intents { name type from { namespace labels } to { namespace namespaceLabels labels } ports } } }', { y: INTENTS });
      expect(set.body.errors).toBeUndefined();
      expect(set.body.data.setClusterIntents.intents[0]).toEqual({ name: 'only-backend-reaches-mysql', type: 'only-may-reach', from: { namespace: 'shop', labels: 'app=backend' }, to: { namespace: null, namespaceLabels: null, labels: 'app=mysql' }, ports: ['3306/TCP'] });
      const bad = await graphql(t.app, 'mutation { setClusterIntents(cluster: "shop", yaml: "intents: [{name: a}]") { cluster } }');
      expect(bad.body.errors[0].extensions.code).toBe('BAD_REQUEST');
      const rest = (await request(server).get(`/api/v1/snapshots/${id}/intents`).expect(200)).body;
      const res = await graphql(t.app, `{ snapshot(id: "${id}") { intentResults { holds violated results { name holds violationCount violations { from { text } to { text } decidedBy { name rule } } } } } }`);
      expect(res.body.errors).toBeUndefined();
      const report = res.body.data.snapshot.intentResults;
      expect(report.violated).toBe(rest.violated);
      expect(report.results.map((r: { name: string; holds: boolean; violationCount: number }) => [r.name, r.holds, r.violationCount])).toEqual(
        rest.results.map((r: { name: string; holds: boolean; violationCount: number }) => [r.name, r.holds, r.violationCount]),
      );
    });
  });

  describe('attack paths and blast radius', () => {
    it('REST attack-paths internet -> tier=db (k=4): one shortest path per reachable db workload', async () => {
      const res = await request(server).get(`/api/v1/snapshots/${id}/attack-paths`).query({ from: 'internet', to: 'tier=db', k: '4' }).expect(200);
      const distances = bruteDistances(reference, 'internet', 4);
      const dbs = [...new Set(reference.pods.filter((p) => p.labels.tier === 'db').map(reference.workloadOf))];
      expect(res.body.targets).toBe(dbs.length);
      expect(res.body.paths.map((p: { target: never }) => text(p.target)).sort()).toEqual(dbs.filter((w) => distances.has(w)).sort());
      for (const p of res.body.paths as { target: never; hops: unknown[] }[]) expect(p.hops.length).toBe(distances.get(text(p.target)));
      expect(res.body.source).toEqual({ kind: 'Internet' });
    });

    it('REST blast-radius from shop/web (k=2) equals the reference walk; bad k is a 400, an unknown source a 404', async () => {
      const res = await request(server).get(`/api/v1/snapshots/${id}/blast-radius`).query({ from: 'shop/web', k: '2' }).expect(200);
      expect(new Map(res.body.reached.map((r: { endpoint: never; hops: number }) => [text(r.endpoint), r.hops]))).toEqual(bruteDistances(reference, 'shop/web[Deployment]', 2));
      const bad = await request(server).get(`/api/v1/snapshots/${id}/blast-radius`).query({ from: 'shop/web', k: '0' }).expect(400);
      expect(bad.body.error.details[0].path).toBe('k');
      const unknown = await request(server).get(`/api/v1/snapshots/${id}/attack-paths`).query({ from: 'shop/nope', to: 'tier=db' }).expect(404);
      expect(unknown.body.error.details[0].path).toBe('from');
    });

    it('GraphQL attackPaths and blastRadius give the same answers', async () => {
      const res = await graphql(
        t.app,
        `query($s: String!) { attackPaths(snapshot: $s, from: "internet", to: "tier=db", k: 4) { targets targetsReached source { kind text } paths { target { text } hops { from { kind text } to { text } allPorts ports { protocol from to } } } }
          blastRadius(snapshot: $s, from: "shop/web", k: 2) { reached { endpoint { text } hops via { text } } } }`,
        { s: id },
      );
      expect(res.body.errors).toBeUndefined();
      const rest = (await request(server).get(`/api/v1/snapshots/${id}/attack-paths`).query({ from: 'internet', to: 'tier=db', k: '4' })).body;
      expect(res.body.data.attackPaths.source).toEqual({ kind: 'Internet', text: 'internet' });
      expect(res.body.data.attackPaths.paths.map((p: { target: { text: string }; hops: unknown[] }) => [p.target.text, p.hops.length])).toEqual(rest.paths.map((p: { target: never; hops: unknown[] }) => [text(p.target), p.hops.length]));
      expect(new Map(res.body.data.blastRadius.reached.map((r: { endpoint: { text: string }; hops: number }) => [r.endpoint.text, r.hops]))).toEqual(bruteDistances(reference, 'shop/web[Deployment]', 2));
    });
  });

  describe('what-if', () => {
    it('REST: replacing the mysql policy removes batch -> mysql and resolves the only-may-reach intent; nothing is stored', async () => {
      await request(server).put('/api/v1/clusters/shop/intents').send({ yaml: INTENTS }).expect(200);
      const before = (await request(server).get('/api/v1/snapshots').query({ cluster: 'shop' })).body;
      const res = await request(server).post(`/api/v1/snapshots/${id}/what-if`).send({ manifests: [{ name: 'fix.yaml', content: FIXED_MYSQL }] }).expect(200);
      expect(res.body.applied).toEqual({ added: [], replaced: ['NetworkPolicy shop/mysql'], removed: [] });
      // Reference: the pairs into mysql that only batch (not the backend) has.
      const lost = [...reference.edges.keys()].filter((k) => k.endsWith('\u0000shop/mysql[Deployment]') && !k.startsWith('shop/backend['));
      expect(res.body.changes.map((c: { type: string; src: never; dst: never }) => `${c.type} ${text(c.src)}\u0000${text(c.dst)}`)).toEqual(lost.map((k) => `removed ${k}`));
      expect(res.body.changes[0].causes[0]).toMatchObject({ kind: 'policy modified', object: 'NetworkPolicy shop/mysql' });
      expect(res.body.policies.modified).toEqual(['NetworkPolicy shop/mysql']);
      expect(res.body.intents.find((d: { name: string }) => d.name === 'only-backend-reaches-mysql')).toMatchObject({ holdsBefore: false, holdsAfter: true });
      expect(Array.isArray(res.body.findings.new) && Array.isArray(res.body.findings.resolved)).toBe(true);
      expect((await request(server).get('/api/v1/snapshots').query({ cluster: 'shop' })).body).toEqual(before);
    });

    it('REST: bad manifests are a 400 naming the document and field; an unknown removal is a 404', async () => {
      const bad = await request(server)
        .post(`/api/v1/snapshots/${id}/what-if`)
        .send({ manifests: [{ name: 'bad.yaml', content: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: shop}\nspec: {podSelector: {}, ingress: [{ports: [{protocol: TCPX}]}]}\n' }] })
        .expect(400);
      expect(bad.body.error.details[0]).toMatchObject({ file: 'bad.yaml', document: 0, path: 'spec.ingress[0].ports[0].protocol' });
      const unknown = await request(server).post(`/api/v1/snapshots/${id}/what-if`).send({ remove: ['NetworkPolicy shop/nope'] }).expect(404);
      expect(unknown.body.error.details[0].path).toBe('remove');
      await request(server).post(`/api/v1/snapshots/${id}/what-if`).send({}).expect(400);
    });

    it('GraphQL whatIf gives the same changes and intent delta', async () => {
      const res = await graphql(
        t.app,
        `query($s: String!, $m: String!) { whatIf(snapshot: $s, manifests: $m) { applied { replaced } changes { type src { text } dst { text } causes { object } } intents { name holdsBefore holdsAfter resolvedViolations { from { text } } } exposure { newlyInternetExposed { text } } findings { new { code } resolved { code } } } }`,
        { s: id, m: FIXED_MYSQL },
      );
      expect(res.body.errors).toBeUndefined();
      const w = res.body.data.whatIf;
      expect(w.applied.replaced).toEqual(['NetworkPolicy shop/mysql']);
      expect(w.changes.map((c: { type: string; src: { text: string }; dst: { text: string } }) => `${c.type} ${c.src.text} ${c.dst.text}`)).toEqual(['removed shop/batch[Deployment] shop/mysql[Deployment]']);
      expect(w.intents.find((d: { name: string }) => d.name === 'only-backend-reaches-mysql').resolvedViolations.map((v: { from: { text: string } }) => v.from.text)).toEqual(['shop/batch[Deployment]']);
    });
  });

  it('OpenAPI documents each route with its errors; every GraphQL type and field of these questions is described', async () => {
    const doc = (await request(server).get('/api/docs/openapi.json').expect(200)).body;
    for (const [path, method] of [
      ['/api/v1/clusters/{name}/intents', 'put'],
      ['/api/v1/clusters/{name}/intents', 'get'],
      ['/api/v1/snapshots/{id}/intents', 'get'],
      ['/api/v1/snapshots/{id}/attack-paths', 'get'],
      ['/api/v1/snapshots/{id}/blast-radius', 'get'],
      ['/api/v1/snapshots/{id}/what-if', 'post'],
    ] as const) {
      expect(doc.paths[path]?.[method]?.responses?.['200']).toBeDefined();
    }
    expect(Object.keys(doc.paths['/api/v1/snapshots/{id}/what-if'].post.responses)).toEqual(expect.arrayContaining(['400', '404', '409', '422']));
    const res = await graphql(t.app, '{ __schema { types { name description fields { name description args { name description } } } } }');
    const mine = ['Intent', 'IntentSelector', 'ClusterIntents', 'IntentReport', 'IntentResult', 'IntentViolation', 'IntentSample', 'AttackPaths', 'AttackPath', 'PathHop', 'BlastRadius', 'BlastRadiusEntry', 'WhatIf', 'WhatIfApplied', 'WhatIfExposure', 'WhatIfFindings', 'IntentDelta'];
    type T = { name: string; description: string | null; fields: { name: string; description: string | null; args: { name: string; description: string | null }[] }[] | null };
    const types = (res.body.data.__schema.types as T[]).filter((ty) => mine.includes(ty.name) || ty.name === 'Query' || ty.name === 'Mutation');
    expect(types.filter((ty) => mine.includes(ty.name)).map((ty) => ty.name).sort()).toEqual([...mine].sort());
    const missing: string[] = [];
    for (const ty of types) {
      if (!ty.description && mine.includes(ty.name)) missing.push(ty.name);
      for (const f of ty.fields ?? []) {
        if (!mine.includes(ty.name) && !['attackPaths', 'blastRadius', 'whatIf', 'clusterIntents', 'setClusterIntents'].includes(f.name)) continue;
        if (!f.description) missing.push(`${ty.name}.${f.name}`);
        for (const a of f.args) if (!a.description) missing.push(`${ty.name}.${f.name}(${a.name})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
