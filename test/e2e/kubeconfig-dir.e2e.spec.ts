import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { graphql, startTestApp, type TestApp } from '../support/app.js';
import { startFakeKubeApi, writeKubeconfig, type FakeKubeApi } from '../support/fake-kube-api.js';

// A cluster's kubeconfigPath may name only a file inside KUBECONFIG_DIR, after symlinks and ".."
// are resolved; a capture checks again; no error shows what a file contains.
describe('capture credentials only from KUBECONFIG_DIR', () => {
  let t: TestApp;
  let api: FakeKubeApi;
  let root: string;
  let dir: string;
  const server = () => t.app.getHttpServer();
  const createCluster = (name: string, kubeconfigPath: string) => request(server()).post('/api/v1/clusters').send({ name, kubeconfigPath });
  const PASSWD_LINE = /root:.*:0:0:/;

  beforeAll(async () => {
    api = await startFakeKubeApi({});
    root = mkdtempSync(join(tmpdir(), 'policyscope-kubedir-'));
    dir = join(root, 'kube');
    mkdirSync(dir);
    writeKubeconfig(join(dir, 'prod.yaml'), [{ name: 'prod', server: api.url }]);
    writeKubeconfig(join(root, 'outside.yaml'), [{ name: 'outside', server: api.url }]);
    symlinkSync('/etc/passwd', join(dir, 'passwd'));
    copyFileSync('/etc/passwd', join(dir, 'not-a-kubeconfig'));
    t = await startTestApp({ KUBECONFIG_DIR: dir });
  });
  afterAll(async () => {
    await t.close();
    await api.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('accepts a file inside the directory, by name or absolute path, and captures from it', async () => {
    await createCluster('by-name', 'prod.yaml').expect(201);
    await createCluster('by-path', join(dir, 'prod.yaml')).expect(201);
    await request(server()).post('/api/v1/clusters/by-name/capture').expect(202);
    // The audit log records the capture (AUTH=off here: the actor is "anonymous").
    const { events } = (await request(server()).get('/api/v1/audit?first=1').expect(200)).body as { events: { actor: string; action: string; target: string }[] };
    expect(events[0]).toMatchObject({ actor: 'anonymous', action: 'cluster.capture', target: 'by-name' });
  });

  it('refuses a symlink to /etc/passwd, a ".." path and an absolute path outside, naming the rule, not the contents', async () => {
    for (const [name, path] of [
      ['symlink', 'passwd'],
      ['dotdot', '../outside.yaml'],
      ['dotdot-abs', join(dir, '..', 'outside.yaml')],
      ['etc', '/etc/passwd'],
    ] as const) {
      const res = await createCluster(name, path).expect(400);
      expect(res.body.error.message).toBe(`kubeconfigPath "${path}" is outside KUBECONFIG_DIR (after resolving symlinks and "..")`);
      expect(res.body.error.details).toEqual([{ path: 'kubeconfigPath', message: 'is outside KUBECONFIG_DIR (after resolving symlinks and "..")' }]);
      await request(server()).get(`/api/v1/clusters/${name}`).expect(404);
    }
    const missing = await createCluster('missing', 'nope.yaml').expect(400);
    expect(missing.body.error.message).toContain('is not a file in KUBECONFIG_DIR');
    // PATCH and GraphQL go through the same check.
    await createCluster('patched', 'prod.yaml').expect(201);
    await request(server()).patch('/api/v1/clusters/patched').send({ kubeconfigPath: '/etc/passwd' }).expect(400);
    const gql = await graphql(t.app, 'mutation { updateCluster(name: "patched", input: { kubeconfigPath: "passwd" }) { name } }');
    expect(gql.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect((await request(server()).get('/api/v1/clusters/patched')).body.kubeconfigPath).toBe('prod.yaml');
  });

  it('checks again at capture time: a symlink re-pointed outside after it was set is refused', async () => {
    const link = join(dir, 'swapped.yaml');
    symlinkSync(join(dir, 'prod.yaml'), link);
    await createCluster('swapped', 'swapped.yaml').expect(201);
    unlinkSync(link);
    symlinkSync('/etc/passwd', link);
    const res = await request(server()).post('/api/v1/clusters/swapped/capture').expect(400);
    expect(res.body.error.message).toContain('is outside KUBECONFIG_DIR');
    expect(JSON.stringify(res.body)).not.toMatch(PASSWD_LINE);
  });

  it('never echoes the contents of a file that is not a kubeconfig', async () => {
    await createCluster('garbage', 'not-a-kubeconfig').expect(201);
    const res = await request(server()).post('/api/v1/clusters/garbage/capture');
    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(/kubeconfig \S*not-a-kubeconfig/);
    expect(JSON.stringify(res.body)).not.toMatch(PASSWD_LINE);
    writeFileSync(join(dir, 'bad-yaml'), 'apiVersion: v1\nsecret-token: "abc123\n  : : bad\n');
    await createCluster('bad-yaml', 'bad-yaml').expect(201);
    const bad = await request(server()).post('/api/v1/clusters/bad-yaml/capture').expect(502);
    expect(JSON.stringify(bad.body)).not.toContain('abc123');
  });

  it('refuses any kubeconfigPath when KUBECONFIG_DIR is not configured', async () => {
    const other = await startTestApp();
    try {
      const res = await request(other.app.getHttpServer()).post('/api/v1/clusters').send({ name: 'x', kubeconfigPath: join(dir, 'prod.yaml') }).expect(400);
      expect(res.body.error.message).toContain('no KUBECONFIG_DIR configured');
    } finally {
      await other.close();
    }
  });
});
