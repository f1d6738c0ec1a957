import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app.js';
import { kubeconfigText, startFakeKubeApi, writeKubeconfig, type FakeKubeApi } from '../support/fake-kube-api.js';

// Capture credentials from a Kubernetes Secret (issue 11): a cluster's kubeconfigSecret names a
// Secret holding the kubeconfig of the cluster to capture; the service reads it with its own
// credentials (SECRETS_KUBECONFIG here, standing in for the in-cluster service account: the "home"
// fake API serves the Secrets, the "remote" one is captured). Only admins set it, errors name the
// Secret and key and never echo what it holds.

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('live capture with credentials from a Kubernetes Secret', () => {
  let t: TestApp;
  let home: FakeKubeApi;
  let remote: FakeKubeApi;
  let dir: string;
  let admin: string;
  const SECRET_TEXT_MARKER = 'this-must-never-be-echoed';

  beforeAll(async () => {
    remote = await startFakeKubeApi({ absent: ['adminnetworkpolicies', 'routes'] });
    const remoteKubeconfig = kubeconfigText([{ name: 'remote', server: remote.url }]);
    home = await startFakeKubeApi({
      secrets: {
        'policyscope/remote-kubeconfig': { kubeconfig: b64(remoteKubeconfig) },
        'policyscope/other-key': { config: b64(remoteKubeconfig) },
        'policyscope/garbage': { kubeconfig: b64(`{not: yaml: ${SECRET_TEXT_MARKER}`) },
      },
    });
    dir = mkdtempSync(join(tmpdir(), 'policyscope-secrets-'));
    writeKubeconfig(join(dir, 'home'), [{ name: 'home', server: home.url }]);
    t = await startTestApp({ AUTH: 'required', DATA_DIR: dir, SECRETS_KUBECONFIG: join(dir, 'home') });
    admin = readFileSync(join(dir, 'admin-key'), 'utf8').trim();
  });
  afterAll(async () => {
    await t.close();
    await home.close();
    await remote.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const as = (key: string) => ({
    post: (url: string) => request(t.app.getHttpServer()).post(url).set('authorization', `Bearer ${key}`),
    patch: (url: string) => request(t.app.getHttpServer()).patch(url).set('authorization', `Bearer ${key}`),
    get: (url: string) => request(t.app.getHttpServer()).get(url).set('authorization', `Bearer ${key}`),
  });

  it('captures the cluster whose kubeconfig the Secret holds', async () => {
    await as(admin).post('/api/v1/clusters').send({ name: 'remote', kubeconfigSecret: 'policyscope/remote-kubeconfig' }).expect(201);
    expect((await as(admin).get('/api/v1/clusters/remote').expect(200)).body).toMatchObject({ kubeconfigSecret: 'policyscope/remote-kubeconfig', kubeconfigPath: null });
    const res = await as(admin).post('/api/v1/clusters/remote/capture').expect(202);
    let snapshot;
    for (let i = 0; i < 300; i++) {
      snapshot = (await as(admin).get(`/api/v1/snapshots/${res.body.id}`)).body;
      if (snapshot.status === 'ready') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(snapshot).toMatchObject({ status: 'ready', source: 'live' });
    expect(snapshot.counts.Pod).toBe(remote.itemCount('pods'));
    // The Secret was read from the home API with the service's token; the pods from the remote one.
    expect(home.requests.filter((r) => r.path === '/api/v1/namespaces/policyscope/secrets/remote-kubeconfig').map((r) => r.status)).toEqual([200]);
    expect(remote.requestsFor('pods').length).toBeGreaterThan(0);
    expect(home.requestsFor('pods')).toEqual([]);
  });

  it('names the Secret and key when it cannot be used, never what it holds', async () => {
    const cases: [string, string, RegExp][] = [
      ['missing', 'policyscope/nope', /Secret policyscope\/nope \(key kubeconfig\) does not exist/],
      ['wrong-key', 'policyscope/other-key', /Secret policyscope\/other-key \(key kubeconfig\) has no key kubeconfig \(keys: config\)/],
      ['garbage', 'policyscope/garbage', /cannot load kubeconfig Secret policyscope\/garbage \(key kubeconfig\): not a valid kubeconfig/],
    ];
    for (const [name, secret, message] of cases) {
      await as(admin).post('/api/v1/clusters').send({ name, kubeconfigSecret: secret }).expect(201);
      const res = await as(admin).post(`/api/v1/clusters/${name}/capture`).expect(502);
      expect(res.body.error.message).toMatch(message);
      expect(JSON.stringify(res.body)).not.toContain(SECRET_TEXT_MARKER);
    }
    // The key named explicitly works.
    await as(admin).patch('/api/v1/clusters/wrong-key').send({ kubeconfigSecret: 'policyscope/other-key/config' }).expect(200);
    await as(admin).post('/api/v1/clusters/wrong-key/capture').expect(202);
  });

  it('only admins set it; it is checked for shape and is one capture target of three', async () => {
    const write = (await as(admin).post('/api/v1/keys').send({ name: 'ci', scopes: ['write'] }).expect(201)).body.key as string;
    const denied = await as(write).patch('/api/v1/clusters/remote').send({ kubeconfigSecret: 'policyscope/other-key' }).expect(403);
    expect(denied.body.error.details).toEqual([{ path: 'kubeconfigSecret', message: 'admin only' }]);
    const gqlDenied = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('authorization', `Bearer ${write}`)
      .send({ query: 'mutation { updateCluster(name: "remote", input: { kubeconfigSecret: "policyscope/other-key" }) { name } }' });
    expect(gqlDenied.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const bad = await as(admin).patch('/api/v1/clusters/remote').send({ kubeconfigSecret: '../etc/shadow' }).expect(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'kubeconfigSecret' })]);
    const both = await as(admin).patch('/api/v1/clusters/remote').send({ inCluster: true }).expect(400);
    expect(both.body.error.details[0].message).toMatch(/choose one capture target/);
    const gql = await request(t.app.getHttpServer()).post('/graphql').set('authorization', `Bearer ${admin}`).send({ query: '{ cluster(name: "remote") { kubeconfigSecret } }' });
    expect(gql.body.data.cluster).toEqual({ kubeconfigSecret: 'policyscope/remote-kubeconfig' });
  });
});
