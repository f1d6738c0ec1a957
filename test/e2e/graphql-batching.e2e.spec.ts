import { readFileSync } from 'node:fs';
import type pg from 'pg';
import request from 'supertest';
import { PG_POOL } from '../../src/database/database.tokens.js';
import { DiffPrecomputeService } from '../../src/modules/diff/diff-precompute.service.js';
import { IntentMetricsService } from '../../src/modules/intents/intent-metrics.service.js';
import { WebhooksService } from '../../src/modules/webhooks/webhooks.service.js';
import { graphql, startTestApp, untilReady, type TestApp } from '../support/app.js';

// GraphQL lists resolve per-item fields in a constant number of SQL queries, not one per item:
// a cluster's latest snapshot and snapshot count (DataLoader over the clusters of the list), each
// snapshot's cluster and the options of its cluster (for findings and every result), each cluster's
// intents (intentResults). Counted on the service's own connection pool.
// Broken on purpose for c-0: its web pod is open to 0.0.0.0/0.
const INTENTS = 'apiVersion: policyscope/v1\nkind: Intents\nintents:\n  - name: web-not-exposed\n    type: not-exposed\n    to: { namespace: shop }\n';

describe('GraphQL batching (DataLoader)', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  const statements: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
    // The background rounds (diff precomputation, intent metrics, webhooks) read the same tables every
    // second: stopped, so only the questions' own statements are counted.
    for (const service of [DiffPrecomputeService, IntentMetricsService, WebhooksService]) await t.app.get<{ onApplicationShutdown(): Promise<void> }>(service).onApplicationShutdown();
    const pool = t.app.get<pg.Pool>(PG_POOL);
    const record = (text: unknown) => statements.push(typeof text === 'string' ? text : String((text as { text?: string })?.text ?? ''));
    const poolQuery = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      record(args[0]);
      return poolQuery(...args);
    };
    pool.on('connect', (client) => {
      const clientQuery = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        record(args[0]);
        return clientQuery(...args);
      };
    });
    await request(server).post('/api/v1/clusters').send({ name: 'many', analysisOptions: { ipBlockMatchesPods: true } }).expect(201);
    const manifests = readFileSync('test/fixtures/findings/overly-broad.yaml', 'utf8');
    // Twelve observations of one content: analysed once, every snapshot ready.
    for (let i = 0; i < 12; i++) await request(server).post(`/api/v1/snapshots?cluster=many&name=s${i}`).set('content-type', 'application/yaml').send(manifests).expect(202);
    for (let n = 0; n < 600; n++) {
      const list = await request(server).get('/api/v1/clusters/many/snapshots?first=50').expect(200);
      if (list.body.items.every((s: { status: string }) => s.status === 'ready')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(async () => {
    await t.close();
  });


  async function upload(cluster: string): Promise<void> {
    const res = await request(server).post(`/api/v1/snapshots?cluster=${cluster}&name=s`).set('content-type', 'application/yaml').send(readFileSync('test/fixtures/findings/overly-broad.yaml', 'utf8')).expect(202);
    await ready(res.body.id);
  }

  async function ready(id: string): Promise<void> {
    await untilReady(t.app, id);
    // Let the finished job's own bookkeeping settle: only the question's statements are counted.
    await new Promise((r) => setTimeout(r, 300));
  }

  it('clusters { latestSnapshot } and clusters { snapshots { totalCount } }: twelve clusters are read in a batch, not once per cluster', async () => {
    for (let i = 0; i < 12; i++) await upload(`c-${i}`);
    const onSnapshots = async (query: string) => {
      statements.length = 0;
      const res = await graphql(t.app, query);
      expect(res.body.errors).toBeUndefined();
      const clusters = res.body.data.clusters.filter((c: { name: string }) => c.name.startsWith('c-'));
      expect(clusters).toHaveLength(12);
      return { clusters, statements: statements.filter((s) => /FROM "public"\."snapshots"|FROM snapshots\b/.test(s)) };
    };
    const latest = await onSnapshots(`{ clusters { name latestSnapshot { name status } } }`);
    for (const c of latest.clusters) expect(c.latestSnapshot).toEqual({ name: 's', status: 'ready' });
    // Unbatched: one `… WHERE cluster_id = $1 ORDER BY captured_at DESC LIMIT 1` per cluster.
    const latestReads = latest.statements.filter((s) => /ORDER BY[^;]*captured_at[^;]*DESC/i.test(s));
    expect(latestReads.length).toBeGreaterThan(0);
    expect(latestReads.length).toBeLessThanOrEqual(2);
    const counted = await onSnapshots(`{ clusters { name snapshots(first: 1) { totalCount } } }`);
    for (const c of counted.clusters) expect(c.snapshots.totalCount).toBe(1);
    // Unbatched: one `count(*) … WHERE cluster_id = $1` per cluster (each cluster's page is its own query either way).
    const countReads = counted.statements.filter((s) => /COUNT\(/i.test(s));
    expect(countReads.length).toBeGreaterThan(0);
    expect(countReads.length).toBeLessThanOrEqual(2);
    const metrics = await onSnapshots(`{ clusters { name latestSnapshot { metrics { name value } } } }`);
    for (const c of metrics.clusters) expect(c.latestSnapshot.metrics.find((m: { name: string }) => m.name === 'pods_modelled')).toEqual({ name: 'pods_modelled', value: 1 });
    // Unbatched: one `… FROM snapshot_metrics WHERE snapshot_id = $1` per snapshot.
    const metricReads = statements.filter((s) => /FROM snapshot_metrics/i.test(s));
    expect(metricReads.length).toBeGreaterThan(0);
    expect(metricReads.length).toBeLessThanOrEqual(2);

    // The clusters overview asks each cluster's intents evaluated on its latest snapshot.
    await request(server).put('/api/v1/clusters/c-0/intents').send({ yaml: INTENTS }).expect(200);
    const overview = `{ clusters { name latestSnapshot { intentResults { holds results { name } } } } }`;
    await graphql(t.app, overview); // warms the in-memory analyses
    const intents = await onSnapshots(overview);
    for (const c of intents.clusters) {
      expect(c.latestSnapshot.intentResults).toEqual(c.name === 'c-0' ? { holds: false, results: [{ name: 'web-not-exposed' }] } : { holds: true, results: [] });
    }
    // Unbatched: one `… FROM cluster_intents WHERE cluster_id = $1` per snapshot.
    const intentReads = statements.filter((s) => /FROM cluster_intents/i.test(s));
    expect(intentReads.length).toBeGreaterThan(0);
    expect(intentReads.length).toBeLessThanOrEqual(2);
  });

  it('twelve snapshots with their cluster and findings read the clusters table about as often as three do: per list, not per snapshot', async () => {
    const query = (first: number) => `{ snapshots(cluster: "many", first: ${first}) { items { name cluster { name analysisOptions { ipBlockMatchesPods } } findings { code } } } }`;
    await graphql(t.app, query(12)); // warms the in-memory analysis
    const clusterReads = async (first: number) => {
      statements.length = 0;
      const res = await graphql(t.app, query(first));
      expect(res.body.errors).toBeUndefined();
      const items = res.body.data.snapshots.items;
      expect(items).toHaveLength(first);
      for (const item of items) {
        expect(item.cluster).toEqual({ name: 'many', analysisOptions: { ipBlockMatchesPods: true } });
        expect(item.findings.length).toBeGreaterThan(0);
      }
      return statements.filter((s) => /FROM "public"\."clusters"/.test(s)).length;
    };
    const three = await clusterReads(3);
    const twelve = await clusterReads(12);
    // Without batching each snapshot reads its cluster for Snapshot.cluster, for its options and for the cached analysis' key: 36+ reads for twelve.
    // A background job of the other test may add a read or two; one per snapshot would be 36 or more.
    expect(twelve).toBeLessThanOrEqual(three + 2);
    expect(twelve).toBeLessThan(12);
  });
});
