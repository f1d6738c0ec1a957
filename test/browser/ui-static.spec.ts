import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { uiStatic } from '../../src/modules/ui/ui-static.js';

// How the service answers for the UI (src/modules/ui), without a browser: the built files, the page
// for client routes, the API paths left alone, and a plain answer when the UI was never built.

function appServing(root: string) {
  const app = express();
  app.use(uiStatic(root));
  app.use((req, res) => res.status(404).json({ error: { code: 'NOT_FOUND', message: `Cannot ${req.method} ${req.path}` } }));
  return app;
}

describe('the UI static handler', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'policyscope-ui-static-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(root, 'favicon.svg'), '<svg/>');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves the page at / and for client routes, revalidated each time', async () => {
    for (const path of ['/', '/index.html', '/snapshots/123/ask', '/clusters/demo/trends']) {
      const r = await request(appServing(root)).get(path).set('accept', 'text/html');
      expect({ path, status: r.status, body: r.text }).toEqual({ path, status: 200, body: '<!doctype html><div id="root"></div>' });
      expect(r.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with a year of caching, other files revalidated', async () => {
    const asset = await request(appServing(root)).get('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await request(appServing(root)).get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('leaves the API paths, missing files, JSON requests and other methods to the routes after it', async () => {
    const app = appServing(root);
    for (const path of ['/api/v1/snapshots', '/api', '/graphql', '/health', '/health/ready', '/metrics', '/assets/missing.js']) {
      const r = await request(app).get(path).set('accept', 'text/html');
      expect({ path, status: r.status, code: r.body?.error?.code }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
    }
    expect((await request(app).get('/snapshots/1').set('accept', 'application/json')).status).toBe(404);
    expect((await request(app).post('/').set('accept', 'text/html')).status).toBe(404);
  });

  it('says how to build the UI when it was never built', async () => {
    const r = await request(appServing(join(root, 'not-built'))).get('/').set('accept', 'text/html');
    expect(r.status).toBe(503);
    expect(r.text).toContain('npm run build');
  });
});
