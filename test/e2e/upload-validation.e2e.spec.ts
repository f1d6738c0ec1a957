// Uploads are read as strictly as `kubectl apply`: the misspelled-field manifest of issue 7 (a
// database policy whose `from` is written `form`, which a lenient reader turns into "open to every
// pod") is refused by default with the document and path, nothing stored; `validation=warn` stores
// and analyses it, keeping the warning with the snapshot. Over REST and GraphQL.

import pg from 'pg';
import request from 'supertest';
import { graphql, startTestApp, type TestApp } from '../support/app.js';

const TYPO = `apiVersion: v1
kind: Namespace
metadata: {name: prod}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: prod}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - form:
    - podSelector: {matchLabels: {app: api}}
    ports: [{port: 5432}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: prod}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: pg, image: postgres, ports: [{containerPort: 5432}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: prod}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx}]}
`;

describe('upload validation', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
  });
  afterAll(async () => {
    await t.close();
  });

  const countSnapshots = async () => {
    const c = new pg.Client({ connectionString: t.db.url });
    await c.connect();
    try {
      return Number((await c.query('SELECT count(*) FROM snapshots')).rows[0].count);
    } finally {
      await c.end();
    }
  };

  const upload = (query: string, body: string) => request(server).post(`/api/v1/snapshots?${query}`).set('content-type', 'application/yaml').send(body);

  async function waitReady(id: string) {
    for (let i = 0; i < 300; i++) {
      const res = await request(server).get(`/api/v1/snapshots/${id}`).expect(200);
      if (res.body.status === 'ready') return res.body;
      if (res.body.status === 'failed') throw new Error(`snapshot ${id} failed: ${res.body.error}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`snapshot ${id} never got ready`);
  }

  it('strict by default: 400 naming the document, path and field meant; nothing stored', async () => {
    const before = await countSnapshots();
    for (const query of ['cluster=typo', 'cluster=typo&validation=strict']) {
      const res = await upload(query, TYPO).expect(400);
      expect(res.body.error.code).toBe('INVALID_INPUT');
      expect(res.body.error.message).toContain('nothing was stored');
      expect(res.body.error.details).toEqual([
        {
          document: 1,
          file: 'upload',
          path: 'spec.ingress[0].form',
          code: 'object.field.unknown',
          message: 'NetworkPolicy prod/db: spec.ingress[0].form: unknown field `form`; did you mean `from`?',
        },
      ]);
    }
    expect(await countSnapshots()).toBe(before);
    await request(server).get('/api/v1/clusters/typo').expect(404);
  });

  it('strict: a value outside an enum is refused the same way, with the value meant', async () => {
    const res = await upload('cluster=typo', TYPO.replace('- form:', '- from:').replace('{port: 5432}', '{port: 5432, protocol: tcp}')).expect(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ document: 1, path: 'spec.ingress[0].ports[0].protocol', code: 'protocol.invalid', message: expect.stringContaining('did you mean `TCP`?') })]);
  });

  it('validation=warn: stores and analyses what the cluster would do with the field dropped, the warning kept with the snapshot', async () => {
    const res = await upload('cluster=typo-warn&validation=warn', TYPO).expect(202);
    const snapshot = await waitReady(res.body.id);
    expect(snapshot.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'warning', code: 'object.field.unknown', document: 1, path: 'spec.ingress[0].form', object: 'NetworkPolicy prod/db' }),
    );
    // Without `from`, the policy admits every pod on 5432: web reaches the database.
    const reach = await request(server).get(`/api/v1/snapshots/${res.body.id}/can-reach?from=prod/web&to=prod/db&port=5432`).expect(200);
    expect(reach.body.allowed).toBe(true);
  });

  it('validation=ignore: stores with no unknown-field diagnostic', async () => {
    const res = await upload('cluster=typo-ignore&validation=ignore', TYPO).expect(202);
    const snapshot = (await request(server).get(`/api/v1/snapshots/${res.body.id}`).expect(200)).body;
    expect(snapshot.diagnostics.filter((d: { code: string }) => d.code === 'object.field.unknown')).toEqual([]);
  });

  it('refuses an unknown validation mode with 400 naming the parameter', async () => {
    const res = await upload('cluster=typo&validation=lenient', TYPO).expect(400);
    expect(res.body.error).toMatchObject({ code: 'BAD_REQUEST', details: [{ path: 'validation', message: 'one of strict, warn, ignore' }] });
  });

  it('names the kinds skipped when nothing is readable, and asks for Helm/kustomize input to be rendered', async () => {
    const body = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: a, namespace: prod}
spec: {endpointSelector: {}}
---
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
metadata: {name: k}
resources: [a.yaml]
`;
    const res = await upload('cluster=skipped', body).expect(400);
    const messages = res.body.error.details.map((d: { message: string }) => d.message);
    expect(messages).toEqual([
      expect.stringMatching(/^CiliumNetworkPolicy: not read \(1 object\); PolicyScope reads NetworkPolicy/),
      expect.stringMatching(/^Kustomization: not read \(1 object\); render Helm charts and kustomizations before uploading/),
    ]);
  });

  it('says once that manifests were joined without ---', async () => {
    const res = await upload('cluster=joined', TYPO.replace('- form:', '- from:').replace(/^---\n/gm, '')).expect(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ code: 'yaml.concatenated', document: 0, message: expect.stringContaining('put `---` between them') }),
    ]);
  });

  it('GraphQL importSnapshot takes the same validation argument', async () => {
    const mutation = `mutation($m: String!, $v: ManifestValidation) { importSnapshot(input: {cluster: "typo-gql", manifests: $m, validation: $v}) { snapshot { id } } }`;
    const strict = await graphql(t.app, mutation, { m: TYPO });
    expect(strict.body.errors[0].extensions.code).toBe('INVALID_INPUT');
    expect(strict.body.errors[0].extensions.details).toEqual([expect.objectContaining({ document: 1, path: 'spec.ingress[0].form', code: 'object.field.unknown' })]);
    const warned = await graphql(t.app, mutation, { m: TYPO, v: 'warn' });
    expect(warned.body.errors).toBeUndefined();
    const id = warned.body.data.importSnapshot.snapshot.id;
    const snapshot = (await request(server).get(`/api/v1/snapshots/${id}`).expect(200)).body;
    expect(snapshot.diagnostics).toContainEqual(expect.objectContaining({ code: 'object.field.unknown', severity: 'warning' }));
  });
});
