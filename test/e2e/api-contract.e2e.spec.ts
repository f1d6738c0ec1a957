import pg from 'pg';
import request from 'supertest';
import { AnalysisRunner } from '../../src/modules/analysis/analysis-runner.service.js';
import { graphql, startTestApp, type TestApp } from '../support/app.js';

// Issue 7 §4: errors a client can act on, the same over REST and GraphQL.
// Workers are off, so a snapshot stays pending until the test runs its analysis itself.

const MANIFESTS = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: nginx}]}
`;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions: { code: string; details?: { path?: string; message: string }[]; retryAfter?: number };
}

describe('API contract: partial GraphQL errors, one error code set, one set of argument rules', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  let sql: pg.Pool;
  let pending: { id: string; contentId: string };
  let ready: { id: string; contentId: string };

  const upload = async (cluster: string, name: string, capturedAt: string, body: string) => {
    const res = await request(server).post(`/api/v1/snapshots?cluster=${cluster}&name=${name}&capturedAt=${capturedAt}`).set('content-type', 'application/yaml').send(body).expect(202);
    return (await request(server).get(`/api/v1/snapshots/${res.body.id}`).expect(200)).body as { id: string; contentId: string };
  };

  beforeAll(async () => {
    t = await startTestApp({ WORKERS_IN_PROCESS: 'false' });
    server = t.app.getHttpServer();
    sql = new pg.Pool({ connectionString: t.db.url, max: 2 });
    pending = await upload('waiting', 'p', '2026-11-01T00:00:00Z', MANIFESTS);
    ready = await upload('overview', 'first', '2026-11-01T00:00:00Z', MANIFESTS);
    await t.app.get(AnalysisRunner).run(ready.contentId);
    await upload('overview', 'second', '2026-11-02T00:00:00Z', MANIFESTS + '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ops}\n');
    await upload('overview', 'third', '2026-11-03T00:00:00Z', MANIFESTS); // shares the first's content: ready at once
  });
  afterAll(async () => {
    await sql.end();
    await t.close();
  });

  const gqlErrors = async (query: string, variables?: Record<string, unknown>) => {
    const res = await graphql(t.app, query, variables);
    return { data: res.body.data, errors: (res.body.errors ?? []) as GqlError[] };
  };

  describe('GraphQL: an error in one field does not null the object', () => {
    it('an analysing snapshot answers status, with NOT_READY (and retryAfter) for connectivity and metrics only', async () => {
      const { data, errors } = await gqlErrors(`{ snapshot(id: "${pending.id}") { id status connectivity { connections { allPorts } } metrics { name } cluster { name } } }`);
      expect(data.snapshot).toEqual({ id: pending.id, status: 'pending', connectivity: null, metrics: null, cluster: { name: 'waiting' } });
      expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining([['snapshot', 'connectivity'], ['snapshot', 'metrics']]));
      expect(errors).toHaveLength(2);
      for (const e of errors) {
        expect(e.extensions.code).toBe('NOT_READY');
        expect(e.extensions.retryAfter).toBeGreaterThan(0);
      }
    });

    it('every granularity is served; a missing stored result errors in connectivity only, with RESULT_UNAVAILABLE', async () => {
      const { data } = await gqlErrors(`{ snapshot(id: "${ready.id}") { pod: connectivity(granularity: pod) { granularity } } }`);
      expect(data.snapshot).toEqual({ pod: { granularity: 'pod' } });
      // Marked ready as the analysed content is, but without its stored result (as if removed).
      const lost = await upload('lost', 'l', '2026-11-01T00:00:00Z', MANIFESTS);
      await sql.query(
        `UPDATE snapshot_contents c SET status = 'ready', engine_version = r.engine_version, analysis_options = r.analysis_options, analysis_runs = 1
           FROM snapshot_contents r WHERE c.id = $1 AND r.id = $2`,
        [lost.contentId, ready.contentId],
      );
      const { data: lostData, errors } = await gqlErrors(`{ snapshot(id: "${lost.id}") { status workload: connectivity { granularity } } }`);
      expect(lostData.snapshot).toEqual({ status: 'ready', workload: null });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ path: ['snapshot', 'workload'], extensions: { code: 'RESULT_UNAVAILABLE' } });
      const rest = await request(server).get(`/api/v1/snapshots/${lost.id}/connectivity?granularity=pod`).expect(422);
      expect(rest.body.error.code).toBe('RESULT_UNAVAILABLE');
    });
  });

  describe('each error code, over REST and over GraphQL', () => {
    it('NOT_READY: 409 with Retry-After; GraphQL extensions.retryAfter', async () => {
      for (const path of [`/snapshots/${pending.id}/connectivity`, `/snapshots/${pending.id}/exposure`, `/snapshots/${pending.id}/can-reach?from=shop/web&to=shop/web&port=80`]) {
        const res = await request(server).get(`/api/v1${path}`).expect(409);
        expect(res.body.error.code).toBe('NOT_READY');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      const { errors } = await gqlErrors(`{ exposure(snapshot: "${pending.id}") { endpoint { text } } }`);
      expect(errors[0]!.extensions).toMatchObject({ code: 'NOT_READY', retryAfter: expect.any(Number) });
    });

    it('RESULT_UNAVAILABLE: 422 for a snapshot whose analysis failed (never coming), no Retry-After', async () => {
      const failed = await upload('broken', 'f', '2026-11-01T00:00:00Z', MANIFESTS);
      await sql.query(`UPDATE snapshot_contents SET status = 'failed', error = 'boom' WHERE id = $1`, [failed.contentId]);
      const res = await request(server).get(`/api/v1/snapshots/${failed.id}/connectivity`).expect(422);
      expect(res.body.error).toMatchObject({ code: 'RESULT_UNAVAILABLE' });
      expect(res.body.error.message).toContain('boom');
      expect(res.headers['retry-after']).toBeUndefined();
      const { data, errors } = await gqlErrors(`{ snapshot(id: "${failed.id}") { status error connectivity { granularity } } }`);
      expect(data.snapshot).toEqual({ status: 'failed', error: 'boom', connectivity: null });
      expect(errors[0]!.extensions.code).toBe('RESULT_UNAVAILABLE');
    });

    it('BAD_REQUEST (400, not 404) for a malformed id, named as the client named it', async () => {
      const rest = await request(server).get('/api/v1/snapshots/not-an-id').expect(400);
      expect(rest.body.error).toMatchObject({ code: 'BAD_REQUEST', details: [{ path: 'id' }] });
      const diff = await request(server).get(`/api/v1/diff?from=nope&to=${ready.id}`).expect(400);
      expect(diff.body.error.details).toEqual([expect.objectContaining({ path: 'from' })]);
      const gql = await gqlErrors('{ snapshot(id: "not-an-id") { id } }');
      expect(gql.errors[0]!.extensions).toMatchObject({ code: 'BAD_REQUEST', details: [{ path: 'id' }] });
      const canReach = await gqlErrors('{ canReach(snapshot: "nope", from: "a/b", to: "a/c", port: 80) { allowed } }');
      expect(canReach.errors[0]!.extensions).toMatchObject({ code: 'BAD_REQUEST', details: [{ path: 'snapshot' }] });
    });

    it('can-reach: a malformed endpoint is 400 naming the argument; a well-formed one not in the snapshot is 404', async () => {
      const bad = await request(server).get(`/api/v1/snapshots/${ready.id}/can-reach?from=justaname&to=shop/web&port=80`).expect(400);
      expect(bad.body.error).toMatchObject({ code: 'BAD_REQUEST', details: [{ path: 'from' }] });
      const unknown = await request(server).get(`/api/v1/snapshots/${ready.id}/can-reach?from=shop/web&to=shop/nope&port=80`).expect(404);
      expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND', details: [{ path: 'to' }] });
      const gql = await gqlErrors(`{ canReach(snapshot: "${ready.id}", from: "justaname", to: "shop/web", port: 80) { allowed } }`);
      expect(gql.errors[0]!.extensions).toMatchObject({ code: 'BAD_REQUEST', details: [{ path: 'from' }] });
      const controller = await gqlErrors(`{ canReach(snapshot: "${ready.id}", from: "shop/web", to: "{ingress-controller}", port: 80) { allowed } }`);
      expect(controller.errors[0]!.extensions).toMatchObject({ code: 'BAD_REQUEST', details: [{ path: 'to' }] });
    });

    it('BAD_REQUEST (400, not 404) for a malformed cluster name', async () => {
      const rest = await request(server).get('/api/v1/clusters/Not_A_Name!').expect(400);
      expect(rest.body.error).toMatchObject({ code: 'BAD_REQUEST', details: [{ path: 'name' }] });
      await request(server).get('/api/v1/clusters/Not_A_Name!/history').expect(400);
      const gql = await gqlErrors('{ cluster(name: "Not_A_Name!") { name } }');
      expect(gql.errors[0]!.extensions).toMatchObject({ code: 'BAD_REQUEST', details: [{ path: 'name' }] });
    });

    it('NOT_FOUND (404) for a well-formed id or name that does not exist', async () => {
      expect((await request(server).get(`/api/v1/snapshots/${UNKNOWN_ID}`).expect(404)).body.error.code).toBe('NOT_FOUND');
      expect((await gqlErrors(`{ snapshot(id: "${UNKNOWN_ID}") { id } }`)).errors[0]!.extensions.code).toBe('NOT_FOUND');
      expect((await gqlErrors('{ cluster(name: "nope") { name } }')).errors[0]!.extensions.code).toBe('NOT_FOUND');
    });

    it('history dates are named from/to in messages, not capturedAt', async () => {
      const rest = await request(server).get('/api/v1/clusters/overview/history?from=yesterday').expect(400);
      expect(rest.body.error.message).toContain('from');
      expect(rest.body.error.message).not.toContain('capturedAt');
      expect(rest.body.error.details).toEqual([expect.objectContaining({ path: 'from' })]);
      const gql = await gqlErrors('{ clusterHistory(cluster: "overview", to: "tomorrow") { name } }');
      expect(gql.errors[0]!.extensions).toMatchObject({ code: 'BAD_REQUEST', details: [{ path: 'to' }] });
    });

    it("GraphQL's own errors (syntax, unknown field, wrong variable type) carry a code of the same set", async () => {
      for (const [query, variables] of [
        ['{ snapshot(id: ', undefined],
        ['{ snapshot(id: "x") { noSuchField } }', undefined],
        ['query($n: Int!) { snapshots(cluster: "overview", first: $n) { nextCursor } }', { n: 'ten' }],
      ] as const) {
        const { errors } = await gqlErrors(query, variables as Record<string, unknown> | undefined);
        expect(errors.length).toBeGreaterThan(0);
        for (const e of errors) expect(e.extensions.code).toBe('BAD_REQUEST');
      }
    });
  });

  describe('REST and GraphQL validate the same inputs with the same rules', () => {
    async function restError(path: string, body?: string) {
      const req = body === undefined ? request(server).get(`/api/v1${path}`) : request(server).post(`/api/v1${path}`).set('content-type', 'application/yaml').send(body);
      const res = await req;
      return { status: res.status, code: res.body.error?.code, details: res.body.error?.details };
    }

    it.each([
      ['first=0', '/clusters/overview/snapshots?first=0', '{ snapshots(cluster: "overview", first: 0) { nextCursor } }'],
      ['first=201', '/clusters/overview/snapshots?first=201', '{ snapshots(cluster: "overview", first: 201) { nextCursor } }'],
      ['first=-1', '/clusters/overview/snapshots?first=-1', '{ cluster(name: "overview") { snapshots(first: -1) { totalCount } } }'],
      ['first=0 on the Relay connection', '/clusters/overview/snapshots?first=0', '{ cluster(name: "overview") { snapshots(first: 0) { totalCount } } }'],
      ['a bad cursor', '/clusters/overview/snapshots?after=@@', '{ snapshots(cluster: "overview", after: "@@") { nextCursor } }'],
    ])('%s: the same 400 and details', async (_label, restPath, query) => {
      const rest = await restError(restPath);
      const { data, errors } = await gqlErrors(query);
      expect(rest.status).toBe(400);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.extensions.code).toBe(rest.code);
      expect(errors[0]!.extensions.details).toEqual(rest.details);
      expect(data?.snapshots ?? data?.cluster ?? null).toBeNull();
    });

    it.each([
      ['a snapshot name over 200 characters', { name: 'n'.repeat(201) }],
      ['an invalid cluster name', { cluster: 'Not A DNS Name!' }],
      ['a cluster name over 63 characters', { cluster: 'c'.repeat(64) }],
      ['a capturedAt that is not a date', { capturedAt: 'soon' }],
    ])('upload with %s: the same 400 and details, nothing stored', async (_label, args: { cluster?: string; name?: string; capturedAt?: string }) => {
      const cluster = args.cluster ?? 'parity';
      const query = new URLSearchParams({ cluster, ...(args.name ? { name: args.name } : {}), ...(args.capturedAt ? { capturedAt: args.capturedAt } : {}) });
      const rest = await restError(`/snapshots?${query}`, MANIFESTS);
      const { errors } = await gqlErrors('mutation($input: ImportSnapshotInput!) { importSnapshot(input: $input) { duplicate } }', {
        input: { cluster, manifests: MANIFESTS, ...args },
      });
      expect(rest.status).toBe(400);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.extensions.code).toBe(rest.code);
      expect(errors[0]!.extensions.details).toEqual(rest.details);
      expect((await sql.query(`SELECT 1 FROM clusters WHERE name = 'parity'`)).rowCount).toBe(0);
    });

    it('a snapshot name of exactly 200 characters is accepted by both', async () => {
      await request(server).post(`/api/v1/snapshots?cluster=parity-ok&name=${'n'.repeat(200)}`).set('content-type', 'application/yaml').send(MANIFESTS).expect(202);
      const { errors } = await gqlErrors('mutation($input: ImportSnapshotInput!) { importSnapshot(input: $input) { contentShared } }', {
        input: { cluster: 'parity-ok', name: 'n'.repeat(200), manifests: MANIFESTS },
      });
      expect(errors).toEqual([]);
    });
  });

  it('a cluster overview in one GraphQL request: latest snapshot with metrics, snapshots as a Relay connection', async () => {
    const query = `query($after: String) { cluster(name: "overview") {
      name
      latestSnapshot { name status metrics { name value } cluster { name } }
      snapshots(first: 2, after: $after) { totalCount edges { cursor node { name capturedAt } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
    } }`;
    const first = await gqlErrors(query);
    expect(first.errors).toEqual([]);
    const cluster = first.data.cluster;
    expect(cluster.latestSnapshot).toMatchObject({ name: 'third', status: 'ready', cluster: { name: 'overview' } });
    expect(cluster.latestSnapshot.metrics).toContainEqual({ name: 'pods_modelled', value: 1 });
    expect(cluster.snapshots.totalCount).toBe(3);
    expect(cluster.snapshots.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['third', 'second']);
    expect(cluster.snapshots.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: cluster.snapshots.edges[0].cursor, endCursor: cluster.snapshots.edges[1].cursor });

    const next = await gqlErrors(query, { after: cluster.snapshots.pageInfo.endCursor });
    expect(next.data.cluster.snapshots.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['first']);
    expect(next.data.cluster.snapshots.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    // The same over REST.
    const rest = await request(server).get('/api/v1/clusters/overview/snapshots?first=2').expect(200);
    expect(rest.body.items.map((s: { name: string }) => s.name)).toEqual(['third', 'second']);
    const latest = await request(server).get('/api/v1/clusters/overview/snapshots/latest').expect(200);
    expect(latest.body).toMatchObject({ name: 'third', status: 'ready', metrics: { pods_modelled: 1 } });
    expect((await request(server).get('/api/v1/clusters/nothing-here/snapshots/latest').expect(404)).body.error.code).toBe('NOT_FOUND');
  });

  it('documents the error codes of result routes in OpenAPI (409 with Retry-After, 422)', async () => {
    const doc = (await request(server).get('/api/docs/openapi.json').expect(200)).body;
    for (const path of ['/api/v1/snapshots/{id}/connectivity', '/api/v1/snapshots/{id}/can-reach', '/api/v1/snapshots/{id}/exposure', '/api/v1/diff']) {
      const responses = doc.paths[path].get.responses;
      expect(Object.keys(responses)).toEqual(expect.arrayContaining(['400', '404', '409', '422']));
      expect(responses['409'].description).toContain('NOT_READY');
      expect(responses['409'].headers['Retry-After']).toBeDefined();
      expect(responses['422'].description).toContain('RESULT_UNAVAILABLE');
    }
  });

  it('describes every type, field, argument and enum value of the GraphQL schema', async () => {
    const res = await graphql(
      t.app,
      `{ __schema { types { name kind description fields { name description args { name description } } inputFields { name description } enumValues { name description } } } }`,
    );
    type Named = { name: string; description: string | null };
    type SchemaType = Named & { kind: string; fields: (Named & { args: Named[] })[] | null; inputFields: Named[] | null; enumValues: Named[] | null };
    const types = (res.body.data.__schema.types as SchemaType[]).filter((ty) => !ty.name.startsWith('__') && ty.kind !== 'SCALAR');
    expect(types.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const ty of types) {
      // The root types are described by their fields (code-first GraphQL gives them no description).
      if (!ty.description && ty.name !== 'Query' && ty.name !== 'Mutation') missing.push(ty.name);
      for (const v of ty.enumValues ?? []) if (!v.description) missing.push(`${ty.name}.${v.name}`);
      for (const f of ty.fields ?? []) {
        if (!f.description) missing.push(`${ty.name}.${f.name}`);
        for (const a of f.args) if (!a.description) missing.push(`${ty.name}.${f.name}(${a.name})`);
      }
      for (const f of ty.inputFields ?? []) if (!f.description) missing.push(`${ty.name}.${f.name}`);
    }
    expect(missing).toEqual([]);
  });
});
