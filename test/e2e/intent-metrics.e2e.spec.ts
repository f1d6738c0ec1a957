// The intent metrics (issue 10): each ready snapshot of a cluster with intents gets
// intent_violations and intent_violation_pairs in its history, evaluated once in the background;
// the report shows their trend. Expected values come from the manifests: g0 keeps db private, g1
// opens it to every address, g2 closes it again.

import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app.js';

function manifests(dbOpen: boolean): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: b}
spec:
  selector: {matchLabels: {app: db}}
  template: {metadata: {labels: {app: db}}, spec: {containers: [{name: c, image: pg}]}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: b}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{ipBlock: {cidr: ${dbOpen ? '0.0.0.0/0' : '10.0.0.0/8'}}}], ports: [{port: 5432}]}]
`;
}

describe('intent metrics in the history', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
    await request(server).post('/api/v1/clusters').send({ name: 'guarded' }).expect(201);
    await request(server)
      .put('/api/v1/clusters/guarded/intents')
      .send({ apiVersion: 'policyscope/v1', kind: 'Intents', intents: [{ name: 'db-not-exposed', type: 'not-exposed', to: { labels: { app: 'db' } } }] })
      .expect(200);
    for (const [i, open] of [false, true, false].entries()) {
      const id = (await request(server).post(`/api/v1/snapshots?cluster=guarded&name=g${i}&capturedAt=2026-11-0${i + 1}T00:00:00Z`).set('content-type', 'application/yaml').send(manifests(open)).expect(202)).body.id;
      ids.push(id);
    }
  }, 60_000);
  afterAll(async () => t.close());

  it('gives every snapshot its intent figures, and the report their trend', async () => {
    const started = Date.now();
    let points: { snapshotId: string; metrics: Record<string, number> }[] = [];
    for (;;) {
      points = (await request(server).get('/api/v1/clusters/guarded/history').expect(200)).body.snapshots;
      if (points.length === 3 && points.every((p) => p.metrics.intent_violations !== undefined)) break;
      if (Date.now() - started > 60_000) throw new Error(`intent metrics not set: ${JSON.stringify(points)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(points.map((p) => p.snapshotId)).toEqual(ids);
    expect(points.map((p) => p.metrics.intent_violations)).toEqual([0, 1, 0]);
    expect(points[0]!.metrics.intent_violation_pairs).toBe(0);
    expect(points[1]!.metrics.intent_violation_pairs).toBeGreaterThan(0);
    const report = (await request(server).get(`/api/v1/clusters/guarded/report?to=2026-11-02T00:00:00Z`).expect(200)).body;
    expect(report.metrics.find((m: { name: string }) => m.name === 'intent_violations')).toMatchObject({ start: 0, end: 1, trend: 'up' });
  }, 90_000);
});
