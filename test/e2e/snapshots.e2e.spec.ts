import { gzipSync } from 'node:zlib';
import pg from 'pg';
import request from 'supertest';
import { analyze, connectivity, parseDocuments } from '../../src/engine/index.js';
import { graphql, startTestApp, type TestApp } from '../support/app.js';

const NAMESPACES = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: v1
kind: Namespace
metadata: {name: ops}
`;
const WORKLOADS = `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 8080, name: http}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: pg, ports: [{containerPort: 5432}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: monitor, namespace: ops}
spec:
  selector: {matchLabels: {app: monitor}}
  template:
    metadata: {labels: {app: monitor}}
    spec: {containers: [{name: c, image: prom}]}
`;
const POLICIES = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 5432}]
`;
const MANIFESTS = NAMESPACES + WORKLOADS + POLICIES;

describe('snapshots: upload, durable analysis, stored results', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  beforeAll(async () => {
    t = await startTestApp({ MAX_UPLOAD_BYTES: String(64 * 1024), JOB_MAINTENANCE_SECONDS: '2' });
    server = t.app.getHttpServer();
  });
  afterAll(async () => {
    await t.close();
  });

  async function waitForStatus(id: string, wanted = 'ready', timeoutMs = 30_000) {
    const started = Date.now();
    for (;;) {
      const res = await request(server).get(`/api/v1/snapshots/${id}`).expect(200);
      if (res.body.status === wanted) return res.body;
      if (res.body.status === 'failed' || Date.now() - started > timeoutMs) throw new Error(`snapshot ${id} is ${res.body.status}: ${res.body.error}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const countSnapshots = async () => {
    const c = new pg.Client({ connectionString: t.db.url });
    await c.connect();
    try {
      return Number((await c.query('SELECT count(*) FROM snapshots')).rows[0].count);
    } finally {
      await c.end();
    }
  };

  const countSnapshotsOf = async (cluster: string) => {
    const c = new pg.Client({ connectionString: t.db.url });
    await c.connect();
    try {
      return Number((await c.query('SELECT count(*) FROM snapshots s JOIN clusters c ON c.id = s.cluster_id WHERE c.name = $1', [cluster])).rows[0].count);
    } finally {
      await c.end();
    }
  };

  it('stores an upload, analyses it in the background and serves the same connectivity as the engine', async () => {
    const res = await request(server).post('/api/v1/snapshots?cluster=demo&name=v1&capturedAt=2026-11-01T00:00:00Z').set('content-type', 'application/yaml').send(MANIFESTS).expect(202);
    expect(res.body).toEqual({ id: expect.any(String), status: 'pending' });
    const snapshot = await waitForStatus(res.body.id);
    expect(snapshot).toMatchObject({ name: 'v1', capturedAt: '2026-11-01T00:00:00.000Z', source: 'upload', counts: { Namespace: 2, Deployment: 3, NetworkPolicy: 1 } });
    expect(snapshot.analysisMs).toEqual(expect.any(Number));
    expect(snapshot.metrics).toMatchObject({ pods_modelled: 3, workloads: 3, namespaces: 2, policies: 1 });

    const served = await request(server).get(`/api/v1/snapshots/${res.body.id}/connectivity?granularity=workload`).expect(200);
    const expected = connectivity(analyze(parseDocuments([{ name: 'x', content: MANIFESTS }]).snapshot), 'workload', res.body.id);
    expect(served.body.connections).toEqual(JSON.parse(JSON.stringify(expected.connections)));
    expect(served.body.connections).toContainEqual({
      src: { kind: 'Deployment', namespace: 'shop', name: 'web' },
      dst: { kind: 'Deployment', namespace: 'shop', name: 'db' },
      allPorts: false,
      ports: [{ protocol: 'TCP', from: 5432, to: 5432 }],
    });
    expect(served.body.connections.find((c: any) => c.src.name === 'monitor' && c.dst.name === 'db')).toBeUndefined();

    const txt = await request(server).get(`/api/v1/snapshots/${res.body.id}/connectivity?granularity=workload&format=txt`).expect(200);
    expect(txt.text).toContain('shop/web[Deployment] => shop/db[Deployment] : TCP 5432');
  });

  it('answers can-reach with the deciding policies, over REST and GraphQL, and lists exposure', async () => {
    const res = await request(server).post('/api/v1/snapshots?cluster=questions').set('content-type', 'application/yaml').send(MANIFESTS).expect(202);
    const id = res.body.id;
    await waitForStatus(id);
    const yes = await request(server).get(`/api/v1/snapshots/${id}/can-reach?from=shop/web&to=shop/db&port=5432&protocol=TCP`).expect(200);
    expect(yes.body).toMatchObject({ allowed: true, egress: { allowed: true }, ingress: { allowed: true } });
    expect(yes.body.ingress.decidedBy).toContainEqual(expect.objectContaining({ kind: 'NetworkPolicy', namespace: 'shop', name: 'db-from-web' }));
    const no = await request(server).get(`/api/v1/snapshots/${id}/can-reach?from=ops/monitor&to=shop/db&port=5432`).expect(200);
    expect(no.body).toMatchObject({ allowed: false, egress: { allowed: true }, ingress: { allowed: false } });
    expect(no.body.ingress.decidedBy).toContainEqual(expect.objectContaining({ name: 'db-from-web', action: 'Isolate' }));
    const wrongPort = await request(server).get(`/api/v1/snapshots/${id}/can-reach?from=shop/web&to=shop/db&port=5433`).expect(200);
    expect(wrongPort.body.allowed).toBe(false);
    const fromOutside = await request(server).get(`/api/v1/snapshots/${id}/can-reach?from=203.0.113.9&to=shop/web&port=8080`).expect(200);
    expect(fromOutside.body.allowed).toBe(true);
    const bad = await request(server).get(`/api/v1/snapshots/${id}/can-reach?from=shop/web&to=shop/db&port=99999&protocol=ICMP`).expect(400);
    expect(bad.body.error.details.map((d: any) => d.path)).toEqual(['port', 'protocol']);
    await request(server).get(`/api/v1/snapshots/${id}/can-reach?from=shop/nope&to=shop/db&port=80`).expect(404);

    const gql = await graphql(t.app, `query($s: String!) { canReach(snapshot: $s, from: "ops/monitor", to: "shop/db", port: 5432) { allowed ingress { allowed reason decidedBy { kind name action } } } }`, { s: id });
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.canReach.allowed).toBe(false);
    expect(gql.body.data.canReach.ingress.decidedBy).toContainEqual({ kind: 'NetworkPolicy', name: 'db-from-web', action: 'Isolate' });

    const gqlExposure = await graphql(t.app, `query($s: String!) { exposure(snapshot: $s) { endpoint { text } fromExternal { cidrs allPorts } } }`, { s: id });
    expect(gqlExposure.body.errors).toBeUndefined();
    expect(gqlExposure.body.data.exposure).toContainEqual({ endpoint: { text: 'shop/web[Deployment]' }, fromExternal: [{ cidrs: ['0.0.0.0/0', '::/0'], allPorts: true }] });
    const exposure = await request(server).get(`/api/v1/snapshots/${id}/exposure`).expect(200);
    const exposedNames = exposure.body.exposed.map((e: any) => e.endpoint.name);
    expect(exposedNames).toEqual(expect.arrayContaining(['web', 'monitor']));
    expect(exposedNames).not.toContain('db');
  });

  it('diffs two stored snapshots over REST and GraphQL', async () => {
    const before = await request(server).post('/api/v1/snapshots?cluster=diffs&name=a').set('content-type', 'application/yaml').send(MANIFESTS).expect(202);
    const after = await request(server).post('/api/v1/snapshots?cluster=diffs&name=b').set('content-type', 'application/yaml').send(NAMESPACES + WORKLOADS).expect(202);
    await waitForStatus(before.body.id);
    await waitForStatus(after.body.id);
    const res = await request(server).get(`/api/v1/diff?from=${before.body.id}&to=${after.body.id}`).expect(200);
    expect(res.body.policies).toEqual({ added: [], removed: ['NetworkPolicy shop/db-from-web'], modified: [], fieldChanges: [] });
    expect(res.body.changes).toContainEqual(expect.objectContaining({ type: 'added', src: { kind: 'Deployment', namespace: 'ops', name: 'monitor' }, dst: { kind: 'Deployment', namespace: 'shop', name: 'db' }, note: null }));
    expect(res.body.changes).toContainEqual(expect.objectContaining({ type: 'changed', src: { kind: 'Deployment', namespace: 'shop', name: 'web' }, dst: { kind: 'Deployment', namespace: 'shop', name: 'db' } }));
    expect(res.body.exposure.newlyExposed).toContainEqual({ kind: 'Deployment', namespace: 'shop', name: 'db' });
    const gql = await graphql(t.app, `query($a: String!, $b: String!) { diff(from: $a, to: $b) { changes { type src { text } dst { text } } policies { removed } } }`, { a: before.body.id, b: after.body.id });
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.diff.policies.removed).toEqual(['NetworkPolicy shop/db-from-web']);
    expect(gql.body.data.diff.changes).toContainEqual({ type: 'added', src: { text: 'ops/monitor[Deployment]' }, dst: { text: 'shop/db[Deployment]' } });
    await request(server).get(`/api/v1/diff?from=${before.body.id}`).expect(400);
  });

  it('recognises the same content whatever its formatting: shared by a new snapshot, or with dedupe=true nothing is stored', async () => {
    const first = await request(server).post('/api/v1/snapshots?cluster=dedup').set('content-type', 'application/yaml').send(MANIFESTS).expect(202);
    const asJson = JSON.stringify(parseDocuments([{ name: 'x', content: MANIFESTS }]).objects.map((o) => o.raw).reverse());
    const shared = await request(server).post('/api/v1/snapshots?cluster=dedup').set('content-type', 'application/json').send(asJson).expect(202);
    expect(shared.body).toMatchObject({ contentShared: true });
    expect(shared.body.id).not.toBe(first.body.id);
    const again = await request(server).post('/api/v1/snapshots?cluster=dedup&dedupe=true').set('content-type', 'application/json').send(asJson).expect(200);
    expect(again.body).toMatchObject({ id: shared.body.id, duplicate: true });
    await request(server).post('/api/v1/snapshots?cluster=dedup&dedupe=maybe').set('content-type', 'application/json').send(asJson).expect(400);
  });

  it('accepts gzip-compressed bodies', async () => {
    const res = await request(server)
      .post('/api/v1/snapshots?cluster=gz')
      .set('content-type', 'application/yaml')
      .set('content-encoding', 'gzip')
      .send(gzipSync(Buffer.from(MANIFESTS)))
      .expect(202);
    await waitForStatus(res.body.id);
  });

  it('refuses a malformed document with 400 naming document and field, storing nothing', async () => {
    const before = await countSnapshots();
    const bad = MANIFESTS + `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: broken, namespace: shop}
spec:
  podSelector: {}
  ingress:
  - ports: [{port: [1]}]
`;
    const res = await request(server).post('/api/v1/snapshots?cluster=bad').set('content-type', 'application/yaml').send(bad).expect(400);
    expect(res.body.error.code).toBe('INVALID_INPUT');
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ document: 6, path: 'spec.ingress[0].ports[0].port' }));
    expect(await countSnapshots()).toBe(before);
    await request(server).get('/health/ready').expect(200);
  });

  it('refuses YAML syntax errors with 400', async () => {
    const res = await request(server).post('/api/v1/snapshots?cluster=bad').set('content-type', 'application/yaml').send('kind: Pod\n  metadata: [\n').expect(400);
    expect(res.body.error.details.length).toBeGreaterThan(0);
  });

  it('refuses hostile YAML and JSON (alias expansion, deep nesting) with 400 and keeps serving', async () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
      .concat(Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill('*' + String.fromCharCode(97 + i)).join(',')}]`))
      .join('\n');
    const bomb = await request(server).post('/api/v1/snapshots?cluster=hostile').set('content-type', 'application/yaml').send(laughs).expect(400);
    expect(bomb.body.error.details.length).toBeGreaterThan(0);
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    await request(server).post('/api/v1/snapshots?cluster=hostile').set('content-type', 'application/json').send(deep).expect(400);
    // Deep YAML nesting used to overflow the YAML parser's stack and then abort the process on a later parse.
    for (const hostile of ['['.repeat(2000), '- '.repeat(2000) + 'x', '- '.repeat(2000) + 'x']) {
      const res = await request(server).post('/api/v1/snapshots?cluster=hostile').set('content-type', 'application/yaml').send(hostile).expect(400);
      expect(res.body.error.details[0]).toMatchObject({ code: 'limit.depth', document: 0 });
    }
    await request(server).post('/api/v1/snapshots?cluster=hostile-after').set('content-type', 'application/yaml').send(MANIFESTS).expect(202);
    expect(await countSnapshotsOf('hostile')).toBe(0);
    await request(server).get('/health/ready').expect(200);
  });

  it('answers 413 for a body over the limit and 415 for an unsupported type', async () => {
    const huge = 'x'.repeat(70 * 1024);
    const big = await request(server).post('/api/v1/snapshots?cluster=big').set('content-type', 'text/plain').send(huge).expect(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20));
    await request(server).post('/api/v1/snapshots?cluster=big').set('content-type', 'application/yaml').set('content-encoding', 'gzip').send(bomb).expect(413);
    const type = await request(server).post('/api/v1/snapshots?cluster=big').set('content-type', 'application/xml').send('<a/>').expect(415);
    expect(type.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    await request(server).get('/health/ready').expect(200);
  });

  it('imports over GraphQL and reads status and connectivity', async () => {
    const imported = await graphql(
      t.app,
      `mutation($input: ImportSnapshotInput!) { importSnapshot(input: $input) { duplicate snapshot { id status } } }`,
      { input: { cluster: 'gql', name: 'first', manifests: MANIFESTS } },
    );
    expect(imported.body.errors).toBeUndefined();
    const id = imported.body.data.importSnapshot.snapshot.id;
    await waitForStatus(id);
    const read = await graphql(t.app, `query($id: String!) { snapshot(id: $id) { status counts { kind count } connectivity(granularity: workload) { connections { src { text } dst { text } allPorts ports { protocol from to } } } } }`, { id });
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.snapshot.status).toBe('ready');
    expect(read.body.data.snapshot.connectivity.connections).toContainEqual({
      src: { text: 'shop/web[Deployment]' },
      dst: { text: 'shop/db[Deployment]' },
      allPorts: false,
      ports: [{ protocol: 'TCP', from: 5432, to: 5432 }],
    });
    const bad = await graphql(t.app, `mutation { importSnapshot(input: {cluster: "gql", manifests: "kind: NetworkPolicy\\napiVersion: networking.k8s.io/v1\\nmetadata: {name: x}\\nspec: {podSelector: 3}"}) { duplicate } }`);
    expect(bad.body.errors[0].extensions.code).toBe('INVALID_INPUT');
    expect(bad.body.errors[0].extensions.details[0]).toMatchObject({ document: 0, path: 'spec.podSelector' });
  });

  it('lists snapshots of a cluster with cursor pagination, newest first, and deletes one', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await request(server)
        .post(`/api/v1/snapshots?cluster=paged&name=s${i}&capturedAt=2026-10-0${i + 1}T00:00:00Z`)
        .set('content-type', 'application/yaml')
        .send(MANIFESTS + `\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: extra-${i}}\n`)
        .expect(202);
      ids.push(res.body.id);
    }
    const page1 = await request(server).get('/api/v1/clusters/paged/snapshots?first=2').expect(200);
    expect(page1.body.items.map((s: any) => s.name)).toEqual(['s2', 's1']);
    const page2 = await request(server).get(`/api/v1/clusters/paged/snapshots?first=2&after=${page1.body.nextCursor}`).expect(200);
    expect(page2.body.items.map((s: any) => s.name)).toEqual(['s0']);
    expect(page2.body.nextCursor).toBeNull();
    await request(server).delete(`/api/v1/snapshots/${ids[0]}`).expect(204);
    await request(server).get(`/api/v1/snapshots/${ids[0]}`).expect(404);
    for (const id of ids.slice(1)) await waitForStatus(id);
    const history = await request(server).get('/api/v1/clusters/paged/history').expect(200);
    expect(history.body.snapshots.map((s: any) => s.name)).toEqual(['s1', 's2']);
    expect(history.body.snapshots[0].metrics).toMatchObject({ pods_modelled: 3, namespaces: 3 });
    const gqlHistory = await graphql(t.app, '{ clusterHistory(cluster: "paged") { name metrics { name value } } }');
    expect(gqlHistory.body.data.clusterHistory.map((p: any) => p.name)).toEqual(['s1', 's2']);
    expect(gqlHistory.body.data.clusterHistory[0].metrics).toContainEqual({ name: 'pods_modelled', value: 3 });
  });

  it('manages clusters over REST and GraphQL', async () => {
    const created = await request(server).post('/api/v1/clusters').send({ name: 'prod-eu', description: 'production', retainLast: 5 }).expect(201);
    expect(created.body).toMatchObject({ name: 'prod-eu', description: 'production', retainLast: 5, inCluster: false });
    await request(server).post('/api/v1/clusters').send({ name: 'prod-eu' }).expect(409);
    const invalid = await request(server).post('/api/v1/clusters').send({ name: 'Bad Name!' }).expect(400);
    expect(invalid.body.error.details[0].path).toBe('name');
    await request(server).patch('/api/v1/clusters/prod-eu').send({ captureSchedule: '0 * * * *' }).expect(200);
    const list = await graphql(t.app, '{ clusters { name captureSchedule } }');
    expect(list.body.data.clusters).toContainEqual({ name: 'prod-eu', captureSchedule: '0 * * * *' });
    await request(server).delete('/api/v1/clusters/prod-eu').expect(204);
    await request(server).get('/api/v1/clusters/prod-eu').expect(404);
    const missing = await graphql(t.app, '{ cluster(name: "nope") { name } }');
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
