// Hostile input (issue 11), over real HTTP against the application on its own database. Each case:
// a clear 4xx naming the document and field where there is one, nothing stored (counted in the
// database), and the service still serving (readiness and a valid upload afterwards). The
// NetworkPolicy wrong-type cases cover every field of the Kubernetes schema (metadata and status
// included), generated from @kubernetes/client-node's models (test/support/network-policy-schema.ts).
// Body-level failures on /graphql answer in GraphQL's error shape, REST keeps its own. A seeded
// fast-check run throws random and mutated bodies at the upload endpoint: never a 5xx.

import fc from 'fast-check';
import pg from 'pg';
import request from 'supertest';
import { graphql, startTestApp, type TestApp } from '../support/app.js';
import { fullPolicy, networkPolicyFields, SAMPLES, setAt, targetPath, wrongTypes } from '../support/network-policy-schema.js';

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n';
const VALID = `${NAMESPACE}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{ports: [{port: 80}]}]
`;

describe('hostile input', () => {
  let t: TestApp;
  let db: pg.Client;
  const server = () => t.app.getHttpServer();
  const upload = (body: string | Buffer, type = 'application/yaml', cluster = 'hostile') =>
    request(server()).post(`/api/v1/snapshots?cluster=${cluster}`).set('content-type', type).send(body);
  const stored = async () => {
    const { rows } = await db.query<{ snapshots: string; clusters: string }>(
      "SELECT (SELECT count(*) FROM snapshots) AS snapshots, (SELECT count(*) FROM clusters WHERE name LIKE 'hostile%') AS clusters",
    );
    return { snapshots: Number(rows[0]!.snapshots), clusters: Number(rows[0]!.clusters) };
  };
  /** The service answers and still stores a valid upload. */
  const stillServing = async () => {
    await request(server()).get('/health/ready').expect(200);
    const ok = await upload(VALID, 'application/yaml', 'still-serving').expect(202);
    expect(ok.body.id).toEqual(expect.any(String));
  };

  beforeAll(async () => {
    // A 16 MB limit: large enough for a 10 MB label, small enough to test the limit quickly.
    t = await startTestApp({ MAX_UPLOAD_BYTES: String(16 * 1024 * 1024) });
    db = new pg.Client({ connectionString: t.db.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('billion-laughs YAML aliases: 400 naming the document, nothing stored', async () => {
    const before = await stored();
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const [name, prev] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const res = await upload(`${NAMESPACE}---\n${levels.join('\n')}\n`).expect(400);
    expect(res.body.error.code).toBe('INVALID_INPUT');
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ document: 1, code: 'yaml.alias-limit' }));
    expect(await stored()).toEqual(before);
    await stillServing();
  });

  it('deeply nested JSON and YAML: 400 limit.depth naming the document', async () => {
    const before = await stored();
    const json = await upload(`[${'{"a":['.repeat(20_000)}1${']}'.repeat(20_000)}]`, 'application/json').expect(400);
    expect(json.body.error.details[0]).toMatchObject({ document: 0, code: 'limit.depth' });
    const yaml = await upload(`${NAMESPACE}---\nspec:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 2)}a:`).join('\n')} 1\n`).expect(400);
    // The text pre-scan refuses it before any YAML parser runs, by line (it does not split documents).
    expect(yaml.body.error.details[0]).toMatchObject({ document: 0, code: 'limit.depth', message: expect.stringMatching(/line \d+/) });
    expect(await stored()).toEqual(before);
    await stillServing();
  });

  it('a 10 MB label value: 400 naming document and label, the value never echoed', async () => {
    const before = await stored();
    const big = 'x'.repeat(10 * 1024 * 1024);
    const res = await upload(`${NAMESPACE}---\napiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: shop, labels: {huge: "${big}"}}\nspec: {containers: []}\n`).expect(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ document: 1, path: 'metadata.labels.huge', code: 'label.invalid' })]);
    expect(res.text.length).toBeLessThan(2000);
    expect(await stored()).toEqual(before);
    await stillServing();
  });

  it('invalid UTF-8: 400 naming the byte and line, on uploads and on JSON bodies (GraphQL’s shape on /graphql)', async () => {
    const before = await stored();
    const bytes = Buffer.concat([Buffer.from(`${NAMESPACE}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: "caf`), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);
    const res = await upload(bytes).expect(400);
    expect(res.body.error).toMatchObject({ code: 'BAD_REQUEST', details: [{ path: 'body', code: 'encoding.utf8' }] });
    expect(res.body.error.message).toMatch(/not valid UTF-8: invalid byte sequence at byte \d+ \(line 7\)/);
    const gql = await request(server())
      .post('/graphql')
      .set('content-type', 'application/json')
      .serialize((raw: unknown) => raw as string) // the bytes as they are, not a JSON rendering of a Buffer
      .send(Buffer.concat([Buffer.from('{"query":"{ clusters { name } }","x":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]))
      .expect(400);
    expect(gql.body.errors).toEqual([
      { message: expect.stringMatching(/not valid UTF-8: invalid byte sequence at byte 38 \(line 1\)/), extensions: { code: 'BAD_REQUEST', details: [expect.objectContaining({ path: 'body', code: 'encoding.utf8' })] } },
    ]);
    expect(await stored()).toEqual(before);
    await stillServing();
  });

  describe('body-level failures: GraphQL’s error shape on /graphql, REST’s elsewhere', () => {
    const QUERY = '{ clusters { name } }';
    const invalidUtf8 = Buffer.concat([Buffer.from(`{"query":"${QUERY}","x":"`), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    /** Each failure, sent to `path` as raw bytes with its content type: the status and code both shapes carry. */
    const CASES: { name: string; type?: string; body: () => Buffer; status: number; code: string }[] = [
      { name: 'invalid UTF-8', type: 'application/json', body: () => invalidUtf8, status: 400, code: 'BAD_REQUEST' },
      { name: 'malformed JSON', type: 'application/json', body: () => Buffer.from(`{"query": "${QUERY}"`), status: 400, code: 'BAD_REQUEST' },
      { name: 'JSON that is not an object', type: 'application/json', body: () => Buffer.from('"query"'), status: 400, code: 'BAD_REQUEST' },
      { name: 'an unsupported charset', type: 'application/json; charset=latin1', body: () => Buffer.from(JSON.stringify({ query: QUERY })), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      // 17 MB against this suite's 16 MB MAX_UPLOAD_BYTES.
      { name: 'a body over the limit', type: 'application/json', body: () => Buffer.from(JSON.stringify({ query: QUERY, x: 'x'.repeat(17 * 1024 * 1024) })), status: 413, code: 'PAYLOAD_TOO_LARGE' },
    ];
    const post = (path: string, type: string | undefined, body: Buffer) => {
      const req = request(server()).post(path).serialize((raw: unknown) => raw as string); // the bytes as they are
      return (type === undefined ? req.unset('content-type') : req.set('content-type', type)).send(body);
    };

    it.each(CASES.map((c) => [c.name, c]))('%s on /graphql: {"errors":[{message, extensions: {code}}]} with the HTTP status', async (_name, c) => {
      const res = await post('/graphql', c.type, c.body());
      expect(res.status).toBe(c.status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ errors: [{ message: expect.any(String), extensions: expect.objectContaining({ code: c.code }) }] });
      expect(res.body.errors[0].message.length).toBeGreaterThan(0);
    });

    it.each(CASES.map((c) => [c.name, c]))('%s on a REST route keeps {"error":{code, message, details}}', async (_name, c) => {
      const res = await post('/api/v1/clusters', c.type, c.body());
      expect(res.status).toBe(c.status);
      expect(res.body).toEqual({ error: { code: c.code, message: expect.any(String), details: expect.any(Array) } });
    });

    it.each([
      ['text/plain', 'text/plain'],
      ['application/yaml', 'application/yaml'],
      ['no content type', undefined],
    ])('a wrong content type on /graphql (%s): 400 in GraphQL’s shape, nothing run', async (_name, type) => {
      const before = await stored();
      const res = await post('/graphql', type, Buffer.from(JSON.stringify({ query: 'mutation { createCluster(input: {name: "hostile-content-type"}) { name } }' })));
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [expect.objectContaining({ message: expect.any(String), extensions: expect.objectContaining({ code: 'BAD_REQUEST' }) })] });
      expect(await stored()).toEqual(before);
    });

    afterAll(stillServing);
  });

  it('a body over the limit: 413, nothing stored', async () => {
    const before = await stored();
    const res = await upload(`${NAMESPACE}# ${'x'.repeat(17 * 1024 * 1024)}\n`).expect(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await stored()).toEqual(before);
    await stillServing();
  });

  it('100,000 tiny documents: 400 listing the first 100 problems, not 100,000; empty documents: 400', async () => {
    const before = await stored();
    const junk = Array.from({ length: 100_000 }, (_, i) => `x: ${i}`).join('\n---\n');
    const res = await upload(junk).expect(400);
    expect(res.body.error.message).toContain('100000 invalid document(s)');
    expect(res.body.error.details).toHaveLength(101);
    expect(res.body.error.details[0]).toMatchObject({ document: 0, path: 'kind', code: 'object.kind.missing' });
    expect(res.body.error.details[99]).toMatchObject({ document: 99 });
    expect(res.body.error.details[100]).toMatchObject({ code: 'details.truncated', message: expect.stringContaining('99900 more') });
    const empty = await upload('---\n'.repeat(100_000)).expect(400);
    expect(empty.body.error.code).toBe('INVALID_INPUT');
    expect(await stored()).toEqual(before);
    await stillServing();
  });

  describe('wrong types in every field of a NetworkPolicy (the Kubernetes schema: spec, metadata, status)', () => {
    const fields = networkPolicyFields();

    it('the full policy, every field set, is accepted', async () => {
      await upload(`${NAMESPACE}---\n${JSON.stringify(fullPolicy())}\n`, 'application/yaml', 'hostile-full').expect(202);
    });

    it.each(fields.map((f) => [f.path, f]))('%s: each wrong type is a 400 naming its document and the field, nothing stored', async (_path, field) => {
      const before = await stored();
      const wrong = wrongTypes(field);
      // One document per wrong type, after a valid Namespace (document 0).
      const target = targetPath(field.path);
      const docs = wrong.map((type) => {
        const policy = fullPolicy();
        setAt(policy, target, SAMPLES[type]);
        return JSON.stringify(policy);
      });
      const res = await upload([NAMESPACE, ...docs.map((d) => `${d}\n`)].join('---\n')).expect(400);
      expect(res.body.error.code).toBe('INVALID_INPUT');
      const details = res.body.error.details as { document: number; path: string }[];
      wrong.forEach((type, i) => {
        const named = details.filter((d) => d.document === i + 1 && typeof d.path === 'string' && d.path.startsWith(target));
        if (named.length === 0) throw new Error(`${field.path} = ${type}: no detail names document ${i + 1} and the field; got ${JSON.stringify(details)}`);
      });
      expect(await stored()).toEqual(before);
    });
  });

  it('duplicate objects: 400 naming both documents and nothing stored; with validation=warn the last definition wins, with a warning', async () => {
    const dup = `${VALID}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n`;
    const before = await stored();
    const refused = await upload(dup, 'application/yaml', 'hostile-dup').expect(400);
    expect(refused.body.error.details).toContainEqual(
      expect.objectContaining({ code: 'object.duplicate', document: 3, message: expect.stringMatching(/^NetworkPolicy shop\/web: defined again \(first at upload document 2\)/) }),
    );
    expect(await stored()).toEqual(before);
    const res = await request(server()).post('/api/v1/snapshots?cluster=hostile-dup&validation=warn').set('content-type', 'application/yaml').send(dup).expect(202);
    const snapshot = (await request(server()).get(`/api/v1/snapshots/${res.body.id}`).expect(200)).body;
    expect(snapshot.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'warning', code: 'object.duplicate', document: 3, message: expect.stringContaining('the last definition wins') }),
    );
    expect(snapshot.counts).toMatchObject({ NetworkPolicy: 1 });
    await stillServing();
  });

  describe('GraphQL over the limits: 400 BAD_REQUEST naming the limit, nothing run', () => {
    it('depth', async () => {
      const query = '{ cluster(name: "x") { snapshots(first: 1) { edges { node { cluster { snapshots(first: 1) { edges { node { cluster { snapshots(first: 1) { edges { node { id } } } } } } } } } } } } }';
      const res = await graphql(t.app, query);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].message).toMatch(/nested 13 levels deep; the limit is 12 \(GRAPHQL_MAX_DEPTH\)/);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', details: [{ path: 'query', code: 'graphql.depth' }], limit: 12, found: 13 });
      // Fragments are followed, and a cycle between them is refused by GraphQL's own validation, not looped on.
      const viaFragments = await graphql(t.app, 'query { cluster(name: "x") { ...C } } fragment C on Cluster { snapshots(first: 1) { edges { node { cluster { ...C } } } } }');
      expect(viaFragments.status).toBe(400);
      expect(viaFragments.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    });

    it('aliases (the GraphQL billion laughs)', async () => {
      const query = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: clusters { name }`).join(' ')} }`;
      const res = await graphql(t.app, query);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', details: [{ code: 'graphql.aliases' }], limit: 30, found: 31 });
      expect((await graphql(t.app, `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: clusters { name }`).join(' ')} }`)).status).toBe(200);
    });

    it('complexity, with page sizes from variables', async () => {
      const query = 'query($n: Int!) { cluster(name: "x") { snapshots(first: $n) { edges { node { cluster { snapshots(first: $n) { edges { node { id name } } } } } } } } }';
      const res = await graphql(t.app, query, { n: 200 });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', details: [{ code: 'graphql.complexity' }], limit: 5000 });
      expect(res.body.errors[0].extensions.found).toBeGreaterThan(5000);
      expect(res.body.errors[0].message).toContain('GRAPHQL_MAX_COMPLEXITY');
      // The same query with small pages runs (and answers NOT_FOUND: the cluster does not exist).
      const small = await graphql(t.app, query, { n: 2 });
      expect(small.body.errors[0].extensions.code).toBe('NOT_FOUND');
    });

    afterAll(stillServing);
  });

  it('fuzz: random and mutated bodies at the upload endpoint never get a 5xx (seeded)', async () => {
    const base = [VALID, JSON.stringify(fullPolicy()), NAMESPACE];
    const mutated = fc.tuple(fc.constantFrom(...base), fc.nat(), fc.string({ maxLength: 20 }), fc.nat({ max: 40 })).map(([text, at, insert, cut]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i + cut);
    });
    const structural = fc.tuple(fc.constantFrom(...networkPolicyFields().map((f) => f.path)), fc.jsonValue({ maxDepth: 3 })).map(([path, value]) => {
      const policy = fullPolicy();
      setAt(policy, targetPath(path), value);
      return `${NAMESPACE}---\n${JSON.stringify(policy)}`;
    });
    const body = fc.oneof(mutated, structural, fc.string({ maxLength: 200 }), fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)));
    const type = fc.constantFrom('application/yaml', 'application/json', 'text/plain');
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, type, async (text, contentType) => {
        const res = await upload(text, contentType, 'hostile-fuzz');
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(res.body.error.code).toEqual(expect.any(String));
      }),
      { seed: 11, numRuns: 150 },
    );
    // The run covered both outcomes: stored and refused.
    expect(statuses.get(202) ?? 0).toBeGreaterThan(0);
    expect([...statuses.keys()].some((s) => s === 400)).toBe(true);
    await stillServing();
  });
});
