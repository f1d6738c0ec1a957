import request from 'supertest';
import { READY_SNAPSHOT_TTL_MS } from '../../src/modules/snapshots/ready-snapshots.js';
import { SnapshotsService } from '../../src/modules/snapshots/snapshots.service.js';
import { startTestApp, untilReady, type TestApp } from '../support/app.js';

// The questions asked many times a second read a ready snapshot from memory for at most a second
// (ReadySnapshots), and this process's writes that could change the answer drop it at once: a
// deleted snapshot is 404 on the next question, a cluster deleted too, never a stale 200.

const MANIFESTS = `
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x, labels: {app: b}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: b-from-a, namespace: x}
spec: {podSelector: {matchLabels: {app: b}}, ingress: [{from: [{podSelector: {matchLabels: {app: a}}}]}]}
`;

describe('ready snapshots kept in memory for the hot questions', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  let reads = 0;

  async function upload(cluster: string): Promise<string> {
    const res = await request(server).post(`/api/v1/snapshots?cluster=${cluster}&name=v1`).set('content-type', 'application/yaml').send(MANIFESTS).expect(202);
    await untilReady(t.app, res.body.id);
    return res.body.id as string;
  }
  const ask = (id: string) => request(server).get(`/api/v1/snapshots/${id}/can-reach`).query({ from: 'x/a', to: 'x/b', port: '80' });

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
    // Counts the reads of a ready snapshot that reach the database.
    const snapshots = t.app.get(SnapshotsService);
    const getReady = snapshots.getReady.bind(snapshots);
    snapshots.getReady = (...args) => {
      reads++;
      return getReady(...args);
    };
  });
  afterAll(async () => {
    await t.close();
  });

  it('reads the snapshot once for many questions, and again once the time to live has passed', async () => {
    const id = await upload('kept');
    reads = 0;
    for (let n = 0; n < 10; n++) expect((await ask(id).expect(200)).body.allowed).toBe(true);
    await request(server).get(`/api/v1/snapshots/${id}/who-can-reach`).query({ target: 'x/b' }).expect(200);
    await request(server).get(`/api/v1/snapshots/${id}/findings`).expect(200);
    expect(reads).toBe(1);
    await new Promise((r) => setTimeout(r, READY_SNAPSHOT_TTL_MS + 100));
    await ask(id).expect(200);
    expect(reads).toBe(2);
  });

  it('answers 404 right after the snapshot is deleted', async () => {
    const id = await upload('deleted');
    await ask(id).expect(200);
    await request(server).delete(`/api/v1/snapshots/${id}`).expect(204);
    expect((await ask(id).expect(404)).body.error.code).toBe('NOT_FOUND');
  });

  it('answers 404 right after its cluster is deleted', async () => {
    const id = await upload('gone');
    await ask(id).expect(200);
    await request(server).delete('/api/v1/clusters/gone').expect(204);
    await ask(id).expect(404);
  });

  it('keeps no answer that is not ready: an unknown id is asked about every time', async () => {
    reads = 0;
    const unknown = '00000000-0000-4000-8000-000000000000';
    await ask(unknown).expect(404);
    await ask(unknown).expect(404);
    expect(reads).toBe(2);
  });
});
