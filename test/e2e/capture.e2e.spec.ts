import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { graphql, startTestApp, type TestApp } from '../support/app.js';
import { startFakeKubeApi, writeKubeconfig, type FakeKubeApi } from '../support/fake-kube-api.js';
import { ScheduledTasks } from '../../src/modules/capture/scheduled-tasks.service.js';

// Live capture through the service: REST and GraphQL, against a fake Kubernetes API on loopback
// served to the real @kubernetes/client-node.
describe('live capture through the service', () => {
  let t: TestApp;
  let healthy: FakeKubeApi;
  let broken: FakeKubeApi;
  let dir: string;

  beforeAll(async () => {
    healthy = await startFakeKubeApi({ absent: ['adminnetworkpolicies', 'routes'] });
    broken = await startFakeKubeApi({ failures: { services: 500 } });
    dir = mkdtempSync(join(tmpdir(), 'policyscope-kube-'));
    writeKubeconfig(join(dir, 'config'), [
      { name: 'healthy', server: healthy.url },
      { name: 'broken', server: broken.url },
    ]);
    t = await startTestApp({ KUBECONFIG_DIR: dir });
  });
  afterAll(async () => {
    await t.close();
    await healthy.close();
    await broken.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const server = () => t.app.getHttpServer();

  it('captures a cluster over REST, stores it with the capture warnings and analyses it', async () => {
    await request(server()).post('/api/v1/clusters').send({ name: 'live', kubeconfigPath: join(dir, 'config'), kubeContext: 'healthy' }).expect(201);
    const res = await request(server()).post('/api/v1/clusters/live/capture').expect(202);
    expect(res.body.warnings).toEqual(expect.arrayContaining([expect.stringContaining('adminnetworkpolicies'), expect.stringContaining('routes')]));
    let snapshot;
    for (let i = 0; i < 300; i++) {
      snapshot = (await request(server()).get(`/api/v1/snapshots/${res.body.id}`)).body;
      if (snapshot.status === 'ready') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(snapshot.status).toBe('ready');
    expect(snapshot.source).toBe('live');
    expect(snapshot.counts.Pod).toBe(healthy.itemCount('pods'));
    expect(snapshot.diagnostics).toContainEqual(expect.objectContaining({ code: 'capture.warning' }));
    // The same cluster state captured again is a new observation sharing the stored content and analysis...
    const again = await request(server()).post('/api/v1/clusters/live/capture').expect(202);
    expect(again.body).toMatchObject({ status: 'ready', contentShared: true });
    expect(again.body.id).not.toBe(res.body.id);
    // ...unless the caller opts into dedupe: then nothing is stored.
    const deduped = await request(server()).post('/api/v1/clusters/live/capture?dedupe=true').expect(200);
    expect(deduped.body).toMatchObject({ id: again.body.id, duplicate: true });
    const list = await request(server()).get('/api/v1/clusters/live/snapshots').expect(200);
    expect(list.body.items).toHaveLength(2);
  });

  it('reports a field unknown to the engine as a warning: the API server accepted it, so its API is newer', async () => {
    // A ClusterNetworkPolicy from a newer API: its rule carries a field this engine does not know.
    const newer = {
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: 'deny-egress', uid: 'c0ffee00-0000-4000-8000-000000000001' },
      spec: { tier: 'Admin', priority: 3, subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }], sourcePortRanges: [{ start: 1, end: 10 }] }] },
    };
    const api = await startFakeKubeApi({ absent: ['adminnetworkpolicies', 'routes'], items: { clusternetworkpolicies: [newer] } });
    try {
      writeKubeconfig(join(dir, 'newer'), [{ name: 'newer', server: api.url }]);
      await request(server()).post('/api/v1/clusters').send({ name: 'newer-api', kubeconfigPath: join(dir, 'newer') }).expect(201);
      const res = await request(server()).post('/api/v1/clusters/newer-api/capture').expect(202);
      const snapshot = (await request(server()).get(`/api/v1/snapshots/${res.body.id}`).expect(200)).body;
      const unknown = snapshot.diagnostics.filter((d: { code: string }) => d.code === 'object.field.unknown');
      expect(unknown).toEqual([
        expect.objectContaining({
          severity: 'warning',
          object: 'ClusterNetworkPolicy deny-egress',
          path: 'spec.egress[0].sourcePortRanges',
          message: expect.stringContaining('the API server accepted it, so its API is newer than PolicyScope knows; the verdicts may miss its effect'),
        }),
      ]);
      expect(snapshot.counts.ClusterNetworkPolicy).toBe(1);
    } finally {
      await api.close();
    }
  });

  it('fails cleanly with 502 when one list fails, storing nothing', async () => {
    await request(server()).post('/api/v1/clusters').send({ name: 'flaky', kubeconfigPath: join(dir, 'config'), kubeContext: 'broken' }).expect(201);
    const res = await request(server()).post('/api/v1/clusters/flaky/capture').expect(502);
    expect(res.body.error.code).toBe('UPSTREAM_FAILED');
    expect(res.body.error.message).toContain('services');
    const list = await request(server()).get('/api/v1/clusters/flaky/snapshots').expect(200);
    expect(list.body.items).toEqual([]);
    await request(server()).get('/health/ready').expect(200);
  });

  it('answers 404 for an unknown cluster and 400 for one without a capture target', async () => {
    expect((await request(server()).post('/api/v1/clusters/nope/capture').expect(404)).body.error.code).toBe('NOT_FOUND');
    await request(server()).post('/api/v1/clusters').send({ name: 'no-target' }).expect(201);
    await request(server()).post('/api/v1/clusters/no-target/capture').expect(400);
    const gql = await graphql(t.app, 'mutation { captureLiveSnapshot(cluster: "nope") { duplicate } }');
    expect(gql.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('runs scheduled captures when their cron expression is due, and applies retention', async () => {
    const tasks = t.app.get(ScheduledTasks);
    await request(server()).post('/api/v1/clusters').send({ name: 'scheduled', kubeconfigPath: join(dir, 'config'), kubeContext: 'healthy', captureSchedule: '*/15 * * * *' }).expect(201);
    expect(await tasks.runDueCaptures(new Date('2026-11-26T10:07:00Z'))).not.toContain('scheduled');
    expect(await tasks.runDueCaptures(new Date('2026-11-26T10:15:30Z'))).toContain('scheduled');
    const snaps = await request(server()).get('/api/v1/clusters/scheduled/snapshots').expect(200);
    expect(snaps.body.items).toHaveLength(1);

    await request(server()).post('/api/v1/clusters').send({ name: 'kept', retainLast: 2 }).expect(201);
    for (let i = 0; i < 4; i++) {
      await request(server())
        .post(`/api/v1/snapshots?cluster=kept&name=k${i}&capturedAt=2026-01-0${i + 1}T00:00:00Z`)
        .set('content-type', 'application/yaml')
        .send(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ns-${i}}\n`)
        .expect(202);
    }
    expect(await tasks.applyRetention()).toBeGreaterThanOrEqual(2);
    const kept = await request(server()).get('/api/v1/clusters/kept/snapshots').expect(200);
    expect(kept.body.items.map((s: { name: string }) => s.name)).toEqual(['k3', 'k2']);
  });
});
