import { readFileSync } from 'node:fs';
import request from 'supertest';
import { analyze, exposureReport, parseDocuments } from '../../src/engine/index.js';
import { graphql, startTestApp, type TestApp } from '../support/app.js';

// Exposure with reasons over REST and GraphQL (test/fixtures/exposure/reasons.yaml): the service
// answers what the engine computes on the same manifests.
describe('exposure reasons (REST and GraphQL)', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  let id: string;
  const manifests = readFileSync('test/fixtures/exposure/reasons.yaml', 'utf8');

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
    const res = await request(server).post('/api/v1/snapshots?cluster=exposed&name=v1').set('content-type', 'application/yaml').send(manifests).expect(202);
    id = res.body.id;
    for (let n = 0; n < 600 && (await request(server).get(`/api/v1/snapshots/${id}`)).body.status !== 'ready'; n++) await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(async () => {
    await t.close();
  });

  it('REST: the engine\'s report for the same manifests', async () => {
    const res = await request(server).get(`/api/v1/snapshots/${id}/exposure/reasons`).expect(200);
    const expected = exposureReport(analyze(parseDocuments([{ name: 'reasons.yaml', content: manifests }]).snapshot));
    expect(res.body.exposed).toEqual(JSON.parse(JSON.stringify(expected.exposed)));
    expect(res.body.internetEgress).toEqual(JSON.parse(JSON.stringify(expected.internetEgress)));
    const open = res.body.exposed.find((e: { endpoint: { name: string } }) => e.endpoint.name === 'open');
    expect(open.reasons.map((r: { code: string }) => r.code)).toEqual(['no-ingress-isolation', 'load-balancer-service']);
    expect(res.body.optionSources).toBeDefined();
  });

  it('GraphQL exposureReasons gives the same reasons', async () => {
    const res = await graphql(t.app, `query($s: String!) { exposureReasons(snapshot: $s) { exposed { endpoint { text } internet reasons { code objects { kind name } } } internetEgress { endpoint { text } allPorts } } }`, { s: id });
    expect(res.body.errors).toBeUndefined();
    const exposed = res.body.data.exposureReasons.exposed;
    expect(exposed.map((e: { endpoint: { text: string } }) => e.endpoint.text)).toEqual(['ops/agent[Pod]', 'web/ipb[Pod]', 'web/open[Pod]', 'web/routed[Pod]']);
    expect(exposed[3]).toEqual({ endpoint: { text: 'web/routed[Pod]' }, internet: false, reasons: [{ code: 'ingress-route', objects: [{ kind: 'Ingress', name: 'site' }] }, { code: 'external-ips', objects: [{ kind: 'Service', name: 'routed' }] }] });
    expect(res.body.data.exposureReasons.internetEgress.length).toBeGreaterThan(0);
  });
});
