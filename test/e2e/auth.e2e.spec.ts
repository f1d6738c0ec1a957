import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import pg from 'pg';
import request from 'supertest';
import { createApp } from '../../src/bootstrap.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { startTestApp, type TestApp } from '../support/app.js';

const SHOP = readFileSync('examples/shop-v1/shop.yaml', 'utf8');
const MISSING_SNAPSHOT = '00000000-0000-4000-8000-000000000000';

describe('access control: API keys on every REST route and GraphQL operation', () => {
  let t: TestApp;
  let dataDir: string;
  let admin: string;
  const server = () => t.app.getHttpServer();
  const as = (key: string | undefined) => {
    const auth = (r: request.Test) => (key ? r.set('authorization', `Bearer ${key}`) : r);
    return {
      get: (url: string) => auth(request(server()).get(url)),
      post: (url: string) => auth(request(server()).post(url)),
      patch: (url: string) => auth(request(server()).patch(url)),
      delete: (url: string) => auth(request(server()).delete(url)),
      gql: (query: string, variables?: Record<string, unknown>) => auth(request(server()).post('/graphql')).send({ query, variables }),
    };
  };
  const upload = (key: string, cluster: string) => as(key).post(`/api/v1/snapshots?cluster=${cluster}`).set('content-type', 'application/yaml').send(SHOP);
  const createKey = async (body: Record<string, unknown>) => {
    const res = await as(admin).post('/api/v1/keys').send(body).expect(201);
    return res.body as { key: string; apiKey: { id: string; prefix: string } };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'policyscope-auth-'));
    t = await startTestApp({ AUTH: 'required', DATA_DIR: dataDir });
    admin = readFileSync(join(dataDir, 'admin-key'), 'utf8').trim();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates one admin key on first start, in DATA_DIR/admin-key readable only by the owner', async () => {
    expect(admin).toMatch(/^ps_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(statSync(join(dataDir, 'admin-key')).mode & 0o777).toBe(0o600);
    const keys = (await as(admin).get('/api/v1/keys').expect(200)).body as { name: string; scopes: string[]; prefix: string }[];
    expect(keys).toEqual([expect.objectContaining({ name: 'initial-admin', scopes: ['admin'], prefix: admin.slice(0, 15) })]);
    // The stored row holds a hash, never the key.
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    const { rows } = await client.query<{ secret_hash: string }>('SELECT secret_hash FROM api_keys').finally(() => client.end());
    expect(rows[0]!.secret_hash).toMatch(/^scrypt\$/);
    expect(rows[0]!.secret_hash).not.toContain(admin.slice(16));
  });

  it('does not create another key when one exists (a second start on the same database)', async () => {
    const config = { ...t.config, dataDir: mkdtempSync(join(tmpdir(), 'policyscope-auth2-')) };
    const second = await createApp({ config, databaseUrl: t.db.url, embeddedDatabase: false, logger: createLogger(config) });
    await second.init();
    await second.close();
    expect(() => statSync(join(config.dataDir, 'admin-key'))).toThrow();
    rmSync(config.dataDir, { recursive: true, force: true });
    expect((await as(admin).get('/api/v1/keys').expect(200)).body).toHaveLength(1);
  });

  it('keeps /health, /health/ready and the OpenAPI document open, and describes bearer auth there', async () => {
    await as(undefined).get('/health').expect(200);
    await as(undefined).get('/health/ready').expect(200);
    const doc = (await as(undefined).get('/api/docs/openapi.json').expect(200)).body as { components: { securitySchemes: Record<string, unknown> } };
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('answers 401 UNAUTHENTICATED with WWW-Authenticate to every REST route of the OpenAPI document without a key', async () => {
    const doc = (await as(undefined).get('/api/docs/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method, path: path.replace(/\{[^}]+\}/g, 'x') })));
    const protectedRoutes = routes.filter((r) => !r.path.startsWith('/health'));
    expect(protectedRoutes.length).toBeGreaterThan(15);
    for (const { method, path } of protectedRoutes) {
      const res = await (request(server()) as unknown as Record<string, (url: string) => request.Test>)[method]!(path);
      expect({ method, path, status: res.status, code: res.body?.error?.code }).toEqual({ method, path, status: 401, code: 'UNAUTHENTICATED' });
      expect(res.headers['www-authenticate']).toBe('Bearer realm="policyscope"');
    }
  });

  it('answers UNAUTHENTICATED to every GraphQL query and mutation without a key', async () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const operations = [...rootOperations(schema, 'query'), ...rootOperations(schema, 'mutation')];
    expect(operations.length).toBeGreaterThan(15);
    for (const op of operations) {
      const res = await as(undefined).gql(op);
      expect({ op, code: res.body.errors?.[0]?.extensions?.code }).toEqual({ op, code: 'UNAUTHENTICATED' });
    }
  });

  it('answers 401 to a malformed, unknown or revoked key, whatever the cause', async () => {
    await as('not-a-key').get('/api/v1/clusters').expect(401);
    await as(`ps_000000000000_${'a'.repeat(43)}`).get('/api/v1/clusters').expect(401);
    const { key, apiKey } = await createKey({ name: 'short-lived', scopes: ['read'] });
    await as(key).get('/api/v1/clusters').expect(200);
    // A wrong secret for a real key id.
    await as(`${key.slice(0, 16)}${'b'.repeat(43)}`).get('/api/v1/clusters').expect(401);
    await as(admin).delete(`/api/v1/keys/${apiKey.id}`).expect(200);
    const res = await as(key).get('/api/v1/clusters').expect(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    await as(admin).delete(`/api/v1/keys/${apiKey.id}`).expect(404);
  });

  it('read keys read; writes and key management answer 403 FORBIDDEN (REST and GraphQL)', async () => {
    const { key: read } = await createKey({ name: 'reader', scopes: ['read'] });
    const imported = (await upload(admin, 'shop').expect(202)).body as { id: string };
    await as(read).get('/api/v1/clusters/shop').expect(200);
    await as(read).get(`/api/v1/snapshots/${imported.id}`).expect(200);
    await as(read).get('/api/v1/clusters/shop/report').expect(200);
    expect((await as(read).gql('{ clusters { name } about { name } }')).body.data.clusters).toEqual([{ name: 'shop' }]);

    const denied = await upload(read, 'shop').expect(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
    await as(read).delete(`/api/v1/snapshots/${imported.id}`).expect(403);
    await as(read).post('/api/v1/clusters').send({ name: 'other' }).expect(403);
    await as(read).post('/api/v1/clusters/shop/capture').expect(403);
    await as(read).get('/api/v1/keys').expect(403);
    await as(read).get('/api/v1/audit').expect(403);
    const gqlDenied = await as(read).gql('mutation { deleteSnapshot(id: "' + imported.id + '") }');
    expect(gqlDenied.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await as(read).gql('{ apiKeys { id } }')).body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('write keys import, delete and change settings, but only admins set capture credentials or manage keys', async () => {
    const { key: write } = await createKey({ name: 'ci', scopes: ['write'] });
    const { id } = (await upload(write, 'ci-cluster').expect(202)).body as { id: string };
    await as(write).get(`/api/v1/snapshots/${id}`).expect(200);
    await as(write).patch('/api/v1/clusters/ci-cluster').send({ description: 'from CI' }).expect(200);
    const kube = await as(write).patch('/api/v1/clusters/ci-cluster').send({ kubeconfigPath: 'prod.yaml' }).expect(403);
    expect(kube.body.error.details).toEqual([{ path: 'kubeconfigPath', message: 'admin only' }]);
    const gqlKube = await as(write).gql('mutation { createCluster(input: { name: "x", inCluster: true }) { name } }');
    expect(gqlKube.body.errors[0].extensions.code).toBe('FORBIDDEN');
    await as(write).post('/api/v1/keys').send({ name: 'escalate', scopes: ['admin'] }).expect(403);
    await as(write).delete(`/api/v1/snapshots/${id}`).expect(204);
  });

  it('a key limited to clusters sees only those; any other answers 404 as if it did not exist', async () => {
    const a = (await upload(admin, 'team-a').expect(202)).body as { id: string };
    const b = (await upload(admin, 'team-b').expect(202)).body as { id: string };
    const { key } = await createKey({ name: 'team-a-reader', scopes: ['write'], clusters: ['team-a'] });

    expect(((await as(key).get('/api/v1/clusters').expect(200)).body as { name: string }[]).map((c) => c.name)).toEqual(['team-a']);
    await as(key).get('/api/v1/clusters/team-a').expect(200);
    await as(key).get(`/api/v1/snapshots/${a.id}`).expect(200);

    // The same answer as for a cluster or snapshot that does not exist.
    const hidden = await as(key).get('/api/v1/clusters/team-b').expect(404);
    const absent = await as(key).get('/api/v1/clusters/team-a-nope');
    expect(hidden.body.error.message).toBe('cluster "team-b" does not exist');
    expect(absent.status).toBe(404);
    expect((await as(key).get('/api/v1/clusters/team-b/snapshots').expect(404)).body.error.code).toBe('NOT_FOUND');
    const hiddenSnapshot = await as(key).get(`/api/v1/snapshots/${b.id}`).expect(404);
    const absentSnapshot = await as(admin).get(`/api/v1/snapshots/${MISSING_SNAPSHOT}`).expect(404);
    expect(hiddenSnapshot.body.error.message).toBe(absentSnapshot.body.error.message.replace(MISSING_SNAPSHOT, b.id));
    await as(key).get(`/api/v1/snapshots/${b.id}/exposure`).expect(404);
    await as(key).get(`/api/v1/diff?from=${a.id}&to=${b.id}`).expect(404);
    await as(key).delete(`/api/v1/snapshots/${b.id}`).expect(404);
    await upload(key, 'team-b').expect(404);
    await as(key).get(`/api/v1/clusters/team-b/history?cluster=team-a`).expect(404);
    await as(key).get('/api/v1/clusters/team-b/history/changes').expect(404);
    await as(key).get('/api/v1/clusters/team-b/report').expect(404);
    await as(key).get('/api/v1/clusters/team-a/history/changes').expect(200);

    expect((await as(key).gql('{ clusters { name } }')).body.data.clusters).toEqual([{ name: 'team-a' }]);
    expect((await as(key).gql('{ cluster(name: "team-b") { name } }')).body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await as(key).gql(`{ exposure(snapshot: "${b.id}") { __typename } }`)).body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await as(key).gql(`{ snapshot(id: "${b.id}") { id } }`)).body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await as(key).gql(`{ snapshot(id: "${a.id}") { id } }`)).body.data.snapshot.id).toBe(a.id);
    // Still there for everyone else.
    await as(admin).get(`/api/v1/snapshots/${b.id}`).expect(200);
  });

  it('refuses cluster limits on admin keys and unknown scopes', async () => {
    expect((await as(admin).post('/api/v1/keys').send({ name: 'x', scopes: ['admin'], clusters: ['a'] }).expect(400)).body.error.code).toBe('BAD_REQUEST');
    await as(admin).post('/api/v1/keys').send({ name: 'x', scopes: ['root'] }).expect(400);
    await as(admin).post('/api/v1/keys').send({ name: 'x', scopes: [] }).expect(400);
  });

  it('manages keys over GraphQL too', async () => {
    const created = await as(admin).gql('mutation { createApiKey(input: { name: "gql", scopes: ["read"] }) { key apiKey { id prefix scopes } } }');
    const { key, apiKey } = created.body.data.createApiKey as { key: string; apiKey: { id: string; prefix: string; scopes: string[] } };
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey.scopes).toEqual(['read']);
    await as(key).get('/api/v1/clusters').expect(200);
    const listed = await as(admin).gql('{ apiKeys { id revokedAt } }');
    expect(listed.body.data.apiKeys.map((k: { id: string }) => k.id)).toContain(apiKey.id);
    const revoked = await as(admin).gql(`mutation { revokeApiKey(id: "${apiKey.id}") { revokedAt } }`);
    expect(revoked.body.data.revokeApiKey.revokedAt).toEqual(expect.any(String));
    await as(key).get('/api/v1/clusters').expect(401);
  });

  it('records who imported, deleted, changed settings and created or revoked keys, from which address, for admins', async () => {
    const { key, apiKey } = await createKey({ name: 'audited', scopes: ['write'] });
    const { id } = (await upload(key, 'audit-me').expect(202)).body as { id: string };
    await as(key).patch('/api/v1/clusters/audit-me').send({ retainLast: 5 }).expect(200);
    await as(key).delete(`/api/v1/snapshots/${id}`).expect(204);
    await as(key).post(`/api/v1/snapshots?cluster=audit-me`).set('content-type', 'application/yaml').send('kind: [').expect(400);
    await as(admin).delete(`/api/v1/keys/${apiKey.id}`).expect(200);

    const { events } = (await as(admin).get('/api/v1/audit?first=5').expect(200)).body as { events: { actor: string; action: string; target: string; address: string; at: string }[] };
    expect(events.map((e) => [e.actor, e.action, e.target])).toEqual([
      ['key:initial-admin', 'key.revoke', apiKey.id],
      ['key:audited', 'snapshot.delete', id],
      ['key:audited', 'cluster.update', 'audit-me'],
      ['key:audited', 'snapshot.import', 'audit-me'],
      ['key:initial-admin', 'key.create', 'audited'],
    ]);
    expect(events[0]!.address).toMatch(/127\.0\.0\.1|::1/);
    const gql = await as(admin).gql('{ auditEvents(first: 1) { actor action target at } }');
    expect(gql.body.data.auditEvents).toEqual([expect.objectContaining({ actor: 'key:initial-admin', action: 'key.revoke' })]);
  });
});

/** One operation per root field, its required arguments filled with values of the right type. */
function rootOperations(schema: GraphQLSchema, kind: 'query' | 'mutation'): string[] {
  const root = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
  return Object.values(root?.getFields() ?? {}).map((field) => {
    const args = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => `${a.name}: ${sample(a.type)}`);
    const named = getNamedType(field.type);
    const selection = isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
    return `${kind} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
  });
}

function sample(type: GraphQLInputType): string {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return '[]';
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return `{ ${fields.map((f) => `${f.name}: ${sample(f.type)}`).join(', ')} }`;
  }
  switch (type.name) {
    case 'Int':
    case 'Float':
      return '1';
    case 'Boolean':
      return 'false';
    default:
      return `"${MISSING_SNAPSHOT}"`;
  }
}
