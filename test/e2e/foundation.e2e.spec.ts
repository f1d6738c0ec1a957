import request from 'supertest';
import { graphql, startTestApp, type TestApp } from '../support/app.js';

describe('service foundation over HTTP and GraphQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /health answers (liveness)', async () => {
    const res = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(res.body.status).toBe('ok');
  });

  it('GET /health/ready checks the database and the migrations', async () => {
    const res = await request(t.app.getHttpServer()).get('/health/ready').expect(200);
    expect(res.body.details).toEqual({ database: { status: 'up' }, migrations: { status: 'up' } });
  });

  it('echoes a sane x-request-id and makes one up otherwise', async () => {
    const given = await request(t.app.getHttpServer()).get('/health').set('x-request-id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await request(t.app.getHttpServer()).get('/health').set('x-request-id', 'bad id with spaces');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers GraphQL at /graphql', async () => {
    const res = await graphql(t.app, '{ about { name version embeddedDatabase } }');
    expect(res.status).toBe(200);
    expect(res.body.data.about).toEqual({ name: 'policyscope', version: expect.stringMatching(/^\d+\.\d+\.\d+/), embeddedDatabase: false });
  });

  it('gives GraphQL errors a code of the REST code set in extensions', async () => {
    const res = await graphql(t.app, '{ noSuchField }');
    expect(res.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('serves the OpenAPI document', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/docs/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.info.title).toBe('PolicyScope');
  });

  it('answers unknown REST routes with the one error shape', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/v1/no-such-thing').expect(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringContaining('/api/v1/no-such-thing'), details: [] } });
  });

  it('answers a malformed JSON body with 400 in the same shape', async () => {
    const res = await request(t.app.getHttpServer()).post('/api/v1/anything').set('content-type', 'application/json').send('{"a":').expect(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
  });
});
