import { readFileSync } from 'node:fs';
import request from 'supertest';
import { analyze, findings, parseDocuments } from '../../src/engine/index.js';
import { graphql, startTestApp, type TestApp } from '../support/app.js';

// Findings over real HTTP and GraphQL: the service answers what the engine finds on the same
// manifests (test/fixtures/findings), filtered by severity with one rule for both APIs.
describe('findings (REST and GraphQL)', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  const fixture = (name: string) => readFileSync(`test/fixtures/findings/${name}.yaml`, 'utf8');
  const ids: Record<string, string> = {};

  async function upload(cluster: string, body: string): Promise<string> {
    const res = await request(server).post(`/api/v1/snapshots?cluster=${cluster}&name=v1`).set('content-type', 'application/yaml').send(body).expect(202);
    const started = Date.now();
    for (;;) {
      const status = await request(server).get(`/api/v1/snapshots/${res.body.id}`).expect(200);
      if (status.body.status === 'ready') return res.body.id as string;
      if (status.body.status === 'failed' || Date.now() - started > 60_000) throw new Error(`snapshot is ${status.body.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
    for (const name of ['overly-broad', 'not-enforcing']) ids[name] = await upload(name, fixture(name));
  });
  afterAll(async () => {
    await t.close();
  });

  it('REST: the engine\'s findings for the same manifests, with the options and plugin they were found under', async () => {
    for (const name of ['overly-broad', 'not-enforcing']) {
      const res = await request(server).get(`/api/v1/snapshots/${ids[name]}/findings`).expect(200);
      const expected = findings(analyze(parseDocuments([{ name, content: fixture(name) }]).snapshot));
      expect(res.body.findings).toEqual(expected);
      expect(res.body.findings.length).toBeGreaterThan(0);
      expect(res.body).toHaveProperty('optionSources.enforcement');
      expect(res.body).toHaveProperty('options.ipBlockMatchesPods');
    }
    const kind = await request(server).get(`/api/v1/snapshots/${ids['not-enforcing']}/findings`).expect(200);
    expect(kind.body.findings[0]).toMatchObject({ severity: 'critical', code: 'network-plugin.not-enforcing', objects: [{ kind: 'DaemonSet', namespace: 'kube-system', name: 'kindnet' }] });
    expect(kind.body.cni.plugin).toBe('kindnet');
  });

  it('REST minSeverity keeps findings at or above it; an unknown severity is 400 naming minSeverity', async () => {
    const high = await request(server).get(`/api/v1/snapshots/${ids['overly-broad']}/findings`).query({ minSeverity: 'high' }).expect(200);
    expect(high.body.findings.map((f: { severity: string; code: string }) => `${f.severity} ${f.code}`)).toEqual(['high rule.overly-broad']);
    const bad = await request(server).get(`/api/v1/snapshots/${ids['overly-broad']}/findings`).query({ minSeverity: 'severe' }).expect(400);
    expect(bad.body.error.details[0].path).toBe('minSeverity');
    await request(server).get('/api/v1/snapshots/00000000-0000-4000-8000-000000000000/findings').expect(404);
  });

  it('GraphQL snapshot(id) { findings } gives the same findings; minSeverity filters', async () => {
    const rest = await request(server).get(`/api/v1/snapshots/${ids['overly-broad']}/findings`).expect(200);
    const res = await graphql(
      t.app,
      `query($id: String!) { snapshot(id: $id) { findings { severity code message objects { kind namespace name } } high: findings(minSeverity: high) { code } } }`,
      { id: ids['overly-broad'] },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.snapshot.findings).toEqual(rest.body.findings);
    expect(res.body.data.snapshot.high).toEqual([{ code: 'rule.overly-broad' }]);
  });
});
