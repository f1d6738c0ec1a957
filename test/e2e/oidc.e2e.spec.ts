import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app.js';

const ISSUER = 'https://login.example.test/';
const AUDIENCE = 'policyscope';

// OIDC/JWT bearer tokens checked against a JWKS this test serves on loopback (and one from a file).
describe('OIDC/JWT bearer tokens', () => {
  let t: TestApp;
  let jwksServer: Server;
  let dataDir: string;
  let signing: CryptoKey;
  let stranger: CryptoKey;
  let fileKey: CryptoKey;
  let fileJwks: string;

  const token = (claims: Record<string, unknown>, opts: { key?: CryptoKey; kid?: string; audience?: string; expiresIn?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'main' })
      .setIssuer(ISSUER)
      .setAudience(opts.audience ?? AUDIENCE)
      .setSubject('alice')
      .setIssuedAt()
      .setExpirationTime(opts.expiresIn ?? '5m')
      .sign(opts.key ?? signing);
  const get = async (url: string, jwt: string) => request(t.app.getHttpServer()).get(url).set('authorization', `Bearer ${jwt}`);

  beforeAll(async () => {
    const main = await generateKeyPair('RS256');
    signing = main.privateKey;
    stranger = (await generateKeyPair('RS256')).privateKey;
    const jwk: JWK = { ...(await exportJWK(main.publicKey)), kid: 'main', alg: 'RS256', use: 'sig' };
    jwksServer = createServer((_, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const port = (jwksServer.address() as AddressInfo).port;
    dataDir = mkdtempSync(join(tmpdir(), 'policyscope-oidc-'));
    const other = await generateKeyPair('RS256');
    fileKey = other.privateKey;
    fileJwks = join(dataDir, 'jwks.json');
    writeFileSync(fileJwks, JSON.stringify({ keys: [{ ...(await exportJWK(other.publicKey)), kid: 'file', alg: 'RS256' }] }));
    t = await startTestApp({
      AUTH: 'required',
      DATA_DIR: dataDir,
      OIDC_ISSUER: ISSUER,
      OIDC_AUDIENCE: AUDIENCE,
      OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      OIDC_SCOPES_CLAIM: 'scope',
      OIDC_CLUSTERS_CLAIM: 'clusters',
    });
    await request(t.app.getHttpServer()).post('/api/v1/clusters').set('authorization', `Bearer ${await token({ scope: 'admin' })}`).send({ name: 'team-a' }).expect(201);
    await request(t.app.getHttpServer()).post('/api/v1/clusters').set('authorization', `Bearer ${await token({ scope: 'admin' })}`).send({ name: 'team-b' }).expect(201);
  });
  afterAll(async () => {
    await t.close();
    await new Promise((r) => jwksServer.close(r));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('maps the scope claim to scopes: read reads, cannot write', async () => {
    const read = await token({ scope: 'openid read' });
    expect((await get('/api/v1/clusters', read)).status).toBe(200);
    const denied = await request(t.app.getHttpServer()).post('/api/v1/clusters').set('authorization', `Bearer ${read}`).send({ name: 'x' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
  });

  it('limits a token to the clusters of its clusters claim (others 404)', async () => {
    const limited = await token({ scope: ['read'], clusters: ['team-a'] });
    expect((await get('/api/v1/clusters', limited)).body.map((c: { name: string }) => c.name)).toEqual(['team-a']);
    expect((await get('/api/v1/clusters/team-b', limited)).status).toBe(404);
  });

  it('records the subject in the audit log', async () => {
    const events = (await get('/api/v1/audit', await token({ scope: 'admin' }))).body.events as { actor: string; action: string }[];
    expect(events[0]).toMatchObject({ actor: 'oidc:alice', action: 'cluster.create' });
  });

  it('answers 401 to a wrong audience, an expired token, an unknown signing key or garbage', async () => {
    for (const jwt of [
      await token({ scope: 'read' }, { audience: 'someone-else' }),
      await token({ scope: 'read' }, { expiresIn: '-1m' }),
      await token({ scope: 'read' }, { key: stranger }),
      'not.a.jwt',
    ]) {
      const res = await get('/api/v1/clusters', jwt);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('a token without a known scope may do nothing', async () => {
    expect((await get('/api/v1/clusters', await token({ scope: 'openid profile' }))).status).toBe(403);
  });

  it('reads the keys from a JWKS file when OIDC_JWKS_FILE is set', async () => {
    const other = await startTestApp({ AUTH: 'required', DATA_DIR: dataDir, OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: AUDIENCE, OIDC_JWKS_FILE: fileJwks });
    try {
      const ok = await token({ scope: 'read' }, { key: fileKey, kid: 'file' });
      await request(other.app.getHttpServer()).get('/api/v1/clusters').set('authorization', `Bearer ${ok}`).expect(200);
      await request(other.app.getHttpServer()).get('/api/v1/clusters').set('authorization', `Bearer ${await token({ scope: 'read' })}`).expect(401);
    } finally {
      await other.close();
    }
  });
});
