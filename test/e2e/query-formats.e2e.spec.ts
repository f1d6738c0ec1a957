import { readFileSync } from 'node:fs';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app.js';

// Every format a query route lists in OpenAPI is served; any other answers 400 naming the formats.
describe('query routes: formats', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  let id: string;
  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
    const upload = await request(server)
      .post('/api/v1/snapshots?cluster=formats&name=v1')
      .set('content-type', 'application/yaml')
      .send(readFileSync('examples/shop-v1/shop.yaml', 'utf8'))
      .expect(202);
    id = upload.body.id;
    const started = Date.now();
    for (;;) {
      const res = await request(server).get(`/api/v1/snapshots/${id}`).expect(200);
      if (res.body.status === 'ready') break;
      if (res.body.status === 'failed' || Date.now() - started > 60_000) throw new Error(`snapshot is ${res.body.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const canReach = (format?: string) =>
    request(server)
      .get(`/api/v1/snapshots/${id}/can-reach`)
      .query({ from: 'shop/frontend', to: 'payments/payments-api', port: '8443', protocol: 'TCP', ...(format ? { format } : {}) });

  it('can-reach: JSON by default, the explain trace with format=txt', async () => {
    const json = await canReach().expect(200);
    expect(json.body).toMatchObject({ allowed: false });
    const txt = await canReach('txt').expect(200);
    expect(txt.headers['content-type']).toMatch(/^text\/plain/);
    expect(txt.text.split('\n')[0]).toBe('shop/frontend => payments/payments-api : TCP 8443: DENIED');
    expect(txt.text).toContain('ingress to payments/payments-api');
  });

  it('exposure: JSON by default; txt, csv and md render the same endpoints', async () => {
    const json = await request(server).get(`/api/v1/snapshots/${id}/exposure`).expect(200);
    const names = json.body.exposed.map((e: { endpoint: { namespace: string; name: string; kind: string } }) => `${e.endpoint.namespace}/${e.endpoint.name}[${e.endpoint.kind}]`);
    expect(names.length).toBeGreaterThan(0);
    const txt = await request(server).get(`/api/v1/snapshots/${id}/exposure?format=txt`).expect(200);
    expect(txt.headers['content-type']).toMatch(/^text\/plain/);
    expect([...new Set(txt.text.trim().split('\n').map((l) => l.split(' <= ')[0]))]).toEqual(names);
    expect(txt.text).toContain('shop/frontend[Deployment] <= {ingress-controller} : TCP 8080');
    const csv = await request(server).get(`/api/v1/snapshots/${id}/exposure?format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\n')[0]).toBe('endpoint,from,conn');
    const md = await request(server).get(`/api/v1/snapshots/${id}/exposure?format=md`).expect(200);
    expect(md.text.split('\n')[0]).toBe('| endpoint | from | conn |');
  });

  it('answers 400 naming the formats a route has', async () => {
    const bad = await canReach('csv').expect(400);
    expect(bad.body.error.details).toEqual([{ path: 'format', message: 'one of json, txt' }]);
    const badExposure = await request(server).get(`/api/v1/snapshots/${id}/exposure?format=dot`).expect(400);
    expect(badExposure.body.error.details).toEqual([{ path: 'format', message: 'one of json, txt, csv, md' }]);
  });

  it('lists exactly those formats in the OpenAPI document', async () => {
    const doc = await request(server).get('/api/docs/openapi.json').expect(200);
    const formatOf = (route: string) =>
      doc.body.paths[route].get.parameters.find((p: { name: string }) => p.name === 'format').schema.enum;
    expect(formatOf('/api/v1/snapshots/{id}/can-reach')).toEqual(['json', 'txt']);
    expect(formatOf('/api/v1/snapshots/{id}/exposure')).toEqual(['json', 'txt', 'csv', 'md']);
  });
});
