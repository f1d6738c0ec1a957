import { readFileSync } from 'node:fs';
import request from 'supertest';
import { graphql, startTestApp, type TestApp } from '../support/app.js';

// who-can-reach a Service over REST and GraphQL (test/fixtures/service-reach/backend.yaml: the
// backend Service maps 80 to 9000; backend-1 admits the frontend, backend-2 admits "other").
describe('who-can-reach a Service (REST and GraphQL)', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  let id: string;

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
    const res = await request(server).post('/api/v1/snapshots?cluster=svc&name=v1').set('content-type', 'application/yaml').send(readFileSync('test/fixtures/service-reach/backend.yaml', 'utf8')).expect(202);
    id = res.body.id;
    for (let n = 0; n < 600 && (await request(server).get(`/api/v1/snapshots/${id}`)).body.status !== 'ready'; n++) await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(async () => {
    await t.close();
  });

  it('REST: Service port 80 is translated to 9000 per backend; each source names the backends it reaches', async () => {
    const res = await request(server).get(`/api/v1/snapshots/${id}/who-can-reach`).query({ target: 'Service app/backend', port: '80', granularity: 'pod' }).expect(200);
    const pods = res.body.sources.filter((s: { endpoint: { kind: string } }) => s.endpoint.kind === 'Pod');
    expect(pods.map((s: { endpoint: { name: string }; backends: string[] }) => [s.endpoint.name, s.backends])).toEqual([
      ['frontend', ['app/backend-1']],
      ['other', ['app/backend-2']],
    ]);
    expect(res.body.service).toMatchObject({ servicePort: { port: 80, targetPort: 9000 }, backends: [{ targetPort: 9000, reachable: true }, { targetPort: 9000, reachable: true }] });
    const missing = await request(server).get(`/api/v1/snapshots/${id}/who-can-reach`).query({ target: 'Service app/backend', port: '81' }).expect(404);
    expect(missing.body.error.details[0].path).toBe('port');
  });

  it('GraphQL whoCanReach gives the same rows and backends', async () => {
    const res = await graphql(
      t.app,
      `query($s: String!) { whoCanReach(snapshot: $s, target: "Service app/backend", port: 9100, granularity: "pod") {
         subject { kind name } entries { endpoint { text } backends } service { port targetPort backends { name targetPort reachable } } } }`,
      { s: id },
    );
    expect(res.body.errors).toBeUndefined();
    const r = res.body.data.whoCanReach;
    expect(r.subject).toEqual({ kind: 'Service', name: 'backend' });
    expect(r.entries.filter((e: { backends: string[] | null }) => e.backends?.length)).toEqual([{ endpoint: { text: 'app/other' }, backends: ['app/backend-1'] }]);
    expect(r.service).toEqual({ port: 9100, targetPort: 'metrics', backends: [{ name: 'backend-1', targetPort: 9100, reachable: true }, { name: 'backend-2', targetPort: null, reachable: false }] });
  });
});
