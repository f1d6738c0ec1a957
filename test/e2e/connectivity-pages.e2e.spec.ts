// Stored results served at every size (issue 8): a generated 2,500-pod snapshot (above the old
// 2,000-pod limit on pod granularity) over real HTTP and GraphQL: the whole result streamed equals
// the engine's, pages joined by their cursors equal the whole, filters keep what they say, bad
// filters and cursors are 400s naming the argument, and the dashboard tables are written.

import pg from 'pg';
import request from 'supertest';
import { analyze, connectivity, parseDocuments, renderConnectivity, type Connection } from '../../src/engine/index.js';
import { generateCluster, toJsonList } from '../../bench/generate.js';
import { graphql, startTestApp, type TestApp } from '../support/app.js';

describe('connectivity from stored results: pages, filters, every granularity', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  let id: string;
  let contentId: string;
  const cluster = generateCluster({ pods: 2500, policies: 300, namespaces: 20, seed: 11 });
  const body = toJsonList(cluster);
  const analysis = analyze(parseDocuments([{ name: 'g', content: body }], { validation: 'ignore' }).snapshot, {});

  beforeAll(async () => {
    t = await startTestApp({ MAX_UPLOAD_BYTES: String(64 * 1024 * 1024) });
    server = t.app.getHttpServer();
    const res = await request(server).post('/api/v1/snapshots?cluster=big&validation=ignore').set('content-type', 'application/json').send(body).expect(202);
    id = res.body.id;
    const started = Date.now();
    for (;;) {
      const s = await request(server).get(`/api/v1/snapshots/${id}`).expect(200);
      if (s.body.status === 'ready') {
        contentId = s.body.contentId;
        break;
      }
      if (s.body.status === 'failed' || Date.now() - started > 120_000) throw new Error(`snapshot is ${s.body.status}: ${s.body.error}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 180_000);
  afterAll(async () => {
    await t.close();
  });

  it('streams the whole workload connectivity as the JSON renderer writes it', async () => {
    const expected = connectivity(analysis, 'workload', id);
    const res = await request(server).get(`/api/v1/snapshots/${id}/connectivity?granularity=workload`).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const { endpoints: _e, ...publicResult } = expected;
    expect(res.text).toBe(renderConnectivity(publicResult, 'json'));
  });

  it('serves pod granularity above 2,000 pods, in pages whose cursors join to the whole', async () => {
    const whole = connectivity(analysis, 'pod', id).connections;
    const joined: Connection[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await request(server)
        .get(`/api/v1/snapshots/${id}/connectivity?granularity=pod&limit=1000${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      joined.push(...res.body.connections);
      cursor = res.body.nextCursor;
      expect(res.headers['x-next-cursor'] ?? null).toBe(cursor);
      pages++;
    } while (cursor && pages < 100);
    expect(pages).toBe(Math.ceil(whole.length / 1000));
    expect(joined).toEqual(whole);
  });

  it('filters over REST and GraphQL alike', async () => {
    const whole = connectivity(analysis, 'workload', id).connections;
    const ns = (whole.find((c) => 'namespace' in c.src)!.src as { namespace: string }).namespace;
    const inNs = (e: Connection['src']) => 'namespace' in e && e.namespace === ns;
    const kept = whole.filter((c) => (inNs(c.src) || inNs(c.dst)) && (c.allPorts || c.ports.some((p) => p.protocol === 'TCP' && 'from' in p && p.from <= 443 && 443 <= p.to)));
    const rest = await request(server).get(`/api/v1/snapshots/${id}/connectivity?namespace=${ns}&port=443&protocol=TCP`).expect(200);
    expect(rest.body.connections).toEqual(kept);
    const gql = await graphql(
      t.app,
      `query($id: String!, $ns: String!) { snapshot(id: $id) { connectivity(filter: { namespace: $ns, port: 443 }, limit: 5) { nextCursor connections { src { text } dst { text } } } } }`,
      { id, ns },
    );
    expect(gql.body.errors).toBeUndefined();
    const page = gql.body.data.snapshot.connectivity;
    expect(page.connections).toHaveLength(Math.min(5, kept.length));
    expect(page.nextCursor === null).toBe(kept.length <= 5);
    const external = await request(server).get(`/api/v1/snapshots/${id}/connectivity?externalOnly=true&limit=10000`).expect(200);
    const outside = (e: Connection['src']) => e.kind === 'External' || e.kind === 'IngressController';
    expect(external.body.connections).toEqual(whole.filter((c) => outside(c.src) || outside(c.dst)));
  });

  it('refuses a malformed selector, cursor or limit with a 400 naming it', async () => {
    for (const [query, path] of [
      ['selector=app%20in%20b', 'selector'],
      ['cursor=bm9wZQ', 'cursor'],
      ['limit=0', 'limit'],
      ['protocol=ICMP', 'protocol'],
    ] as const) {
      const res = await request(server).get(`/api/v1/snapshots/${id}/connectivity?${query}`).expect(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
  });

  it('writes one dashboard row per workload and none per pair', async () => {
    const sql = new pg.Client({ connectionString: t.db.url });
    await sql.connect();
    try {
      const workloads = (await sql.query('SELECT count(*)::int AS n, sum(peers_out)::int AS out FROM workload_summaries WHERE content_id = $1', [contentId])).rows[0];
      const pairs = connectivity(analysis, 'workload', id).connections.filter((c) => 'namespace' in c.src && 'namespace' in c.dst).length;
      expect(workloads.n).toBe(new Set(cluster.objects.filter((o) => o.kind === 'Deployment').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).size);
      expect(workloads.out).toBe(pairs);
      const nsPairs = (await sql.query('SELECT sum(workload_pairs)::int AS n FROM namespace_pairs WHERE content_id = $1', [contentId])).rows[0];
      expect(nsPairs.n).toBe(pairs);
      const tables = (await sql.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename IN ('workload_connections', 'pod_classes')`)).rows[0];
      expect(tables.n).toBe(0);
    } finally {
      await sql.end();
    }
  });
});
