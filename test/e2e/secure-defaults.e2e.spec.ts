// Secure defaults (issue 11): helmet headers on every answer, no CORS unless origins are configured,
// GraphQL introspection and the GraphiQL page off in production unless asked for, a rate limit per
// key (or client address) answered with 429 + Retry-After, and request and statement timeouts
// answered with 503 TIMEOUT. Each against the real application over HTTP, on its own database.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app.js';

const INTROSPECT = '{ __schema { queryType { name } } }';

describe('secure defaults', () => {
  describe('production mode, nothing configured', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ NODE_ENV: 'production' });
    });
    afterAll(() => t.close());

    it('sends helmet headers on REST, GraphQL and /health answers', async () => {
      for (const res of [
        await request(t.app.getHttpServer()).get('/health').expect(200),
        await request(t.app.getHttpServer()).get('/api/v1/clusters').expect(200),
        await request(t.app.getHttpServer()).post('/graphql').send({ query: '{ clusters { name } }' }).expect(200),
      ]) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['content-security-policy']).toContain("default-src 'self'");
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('answers no CORS headers, even to a preflight', async () => {
      const get = await request(t.app.getHttpServer()).get('/api/v1/clusters').set('origin', 'https://evil.example').expect(200);
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await request(t.app.getHttpServer()).options('/graphql').set('origin', 'https://evil.example').set('access-control-request-method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('refuses introspection and serves no GraphiQL page', async () => {
      const res = await request(t.app.getHttpServer()).post('/graphql').send({ query: INTROSPECT });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].message).toMatch(/introspection is not allowed/i);
      expect(res.body.errors[0].extensions.code).toBe('BAD_REQUEST');
      const page = await request(t.app.getHttpServer()).get('/graphql').set('accept', 'text/html');
      expect(page.text).not.toMatch(/graphiql/i);
      // Ordinary queries still work.
      expect((await request(t.app.getHttpServer()).post('/graphql').send({ query: '{ clusters { name } }' }).expect(200)).body.data.clusters).toEqual([]);
    });
  });

  describe('production mode with GRAPHQL_INTROSPECTION, GRAPHQL_SANDBOX and CORS_ORIGINS set', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true', GRAPHQL_SANDBOX: 'true', CORS_ORIGINS: 'https://ui.example.com, https://ops.example.com' });
    });
    afterAll(() => t.close());

    it('allows introspection and serves GraphiQL with a policy that lets its script load', async () => {
      const res = await request(t.app.getHttpServer()).post('/graphql').send({ query: INTROSPECT }).expect(200);
      expect(res.body.data.__schema.queryType.name).toBe('Query');
      const page = await request(t.app.getHttpServer()).get('/graphql').set('accept', 'text/html').expect(200);
      expect(page.text).toMatch(/graphiql/i);
      expect(page.headers['content-security-policy']).toContain('https://unpkg.com');
      // Elsewhere the strict policy stays.
      const other = await request(t.app.getHttpServer()).get('/health');
      expect(other.headers['content-security-policy']).not.toContain('unpkg');
    });

    it('answers CORS for the configured origins only', async () => {
      const ok = await request(t.app.getHttpServer()).options('/graphql').set('origin', 'https://ops.example.com').set('access-control-request-method', 'POST');
      expect(ok.status).toBe(204);
      expect(ok.headers['access-control-allow-origin']).toBe('https://ops.example.com');
      const get = await request(t.app.getHttpServer()).get('/api/v1/clusters').set('origin', 'https://ui.example.com').expect(200);
      expect(get.headers['access-control-allow-origin']).toBe('https://ui.example.com');
      expect(get.headers['access-control-expose-headers']).toContain('Retry-After');
      const other = await request(t.app.getHttpServer()).get('/api/v1/clusters').set('origin', 'https://evil.example').expect(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('rate limits', () => {
    let t: TestApp;
    let dataDir: string;
    let admin: string;
    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'policyscope-rate-'));
      // 18 per minute, counted over a 10 s window: 3 requests per 10 s.
      t = await startTestApp({ AUTH: 'required', DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '18', RATE_LIMIT_WINDOW_SECONDS: '10' });
      admin = readFileSync(join(dataDir, 'admin-key'), 'utf8').trim();
    });
    afterAll(async () => {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('counts per key: 429 RATE_LIMITED with Retry-After once a key has used its window, other keys unaffected, /health never limited', async () => {
      const server = t.app.getHttpServer();
      // The admin creates a second key (1 request), then uses its allowance of 3 per 10 s.
      const other = (await request(server).post('/api/v1/keys').set('authorization', `Bearer ${admin}`).send({ name: 'other', scopes: ['read'] }).expect(201)).body.key as string;
      await request(server).get('/api/v1/clusters').set('authorization', `Bearer ${admin}`).expect(200);
      await request(server).get('/api/v1/clusters').set('authorization', `Bearer ${admin}`).expect(200);
      const limited = await request(server).get('/api/v1/clusters').set('authorization', `Bearer ${admin}`).expect(429);
      expect(limited.body.error.code).toBe('RATE_LIMITED');
      expect(limited.body.error.message).toContain('RATE_LIMIT_PER_MINUTE');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(10);
      const gql = await request(server).post('/graphql').set('authorization', `Bearer ${admin}`).send({ query: '{ clusters { name } }' });
      expect(gql.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
      // Another key has its own allowance; /health is never limited.
      await request(server).get('/api/v1/clusters').set('authorization', `Bearer ${other}`).expect(200);
      for (let i = 0; i < 5; i++) await request(server).get('/health').expect(200);
    });

    it('counts failed authentications per client address, so keys cannot be guessed quickly', async () => {
      const server = t.app.getHttpServer();
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await request(server).get('/api/v1/clusters').set('authorization', 'Bearer ps_000000000000_wrong')).status);
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes.slice(3)).toEqual([429, 429]);
    });
  });

  describe('timeouts', () => {
    /** Holds an exclusive lock on `clusters` so that any read of it waits, until released. */
    async function lockClusters(url: string): Promise<() => Promise<void>> {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('BEGIN');
      await client.query('LOCK TABLE clusters IN ACCESS EXCLUSIVE MODE');
      return async () => {
        await client.query('ROLLBACK');
        await client.end();
      };
    }

    it('a statement running past STATEMENT_TIMEOUT_SECONDS is cancelled: 503 TIMEOUT, and the service serves on', async () => {
      const t = await startTestApp({ STATEMENT_TIMEOUT_SECONDS: '1', REQUEST_TIMEOUT_SECONDS: '0' });
      try {
        const release = await lockClusters(t.db.url);
        const started = Date.now();
        const res = await request(t.app.getHttpServer()).get('/api/v1/clusters');
        await release();
        expect(res.status).toBe(503);
        expect(res.body.error).toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('STATEMENT_TIMEOUT_SECONDS') });
        expect(Date.now() - started).toBeLessThan(10_000);
        await request(t.app.getHttpServer()).get('/api/v1/clusters').expect(200);
      } finally {
        await t.close();
      }
    });

    it('a request unanswered after REQUEST_TIMEOUT_SECONDS gets 503 TIMEOUT, in GraphQL\'s shape on /graphql', async () => {
      const t = await startTestApp({ STATEMENT_TIMEOUT_SECONDS: '0', REQUEST_TIMEOUT_SECONDS: '1' });
      let release: (() => Promise<void>) | undefined;
      try {
        release = await lockClusters(t.db.url);
        const started = Date.now();
        const res = await request(t.app.getHttpServer()).get('/api/v1/clusters');
        const waited = Date.now() - started;
        expect(res.status).toBe(503);
        expect(res.body.error).toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('REQUEST_TIMEOUT_SECONDS') });
        expect(waited).toBeGreaterThanOrEqual(900);
        expect(waited).toBeLessThan(5000);
        const gql = await request(t.app.getHttpServer()).post('/graphql').send({ query: '{ clusters { name } }' });
        expect(gql.status).toBe(503);
        expect(gql.body.errors[0]).toMatchObject({ message: expect.stringContaining('REQUEST_TIMEOUT_SECONDS'), extensions: { code: 'TIMEOUT' } });
        await release();
        release = undefined;
        await request(t.app.getHttpServer()).get('/api/v1/clusters').expect(200);
      } finally {
        await release?.();
        await t.close();
      }
    });
  });
});
