import { readFileSync } from 'node:fs';
import request from 'supertest';
import { graphql, startTestApp, type TestApp } from '../support/app.js';

// Per-cluster analysisOptions over REST and GraphQL: validated with the option named, stored,
// used for the cluster's snapshots and stated with source `cluster`; a change never serves results
// of the old options (409 NOT_READY while recomputed, then the new verdict).
const IPBLOCK_CASE = 'test/conformance/data/cases/k8s-e2e/tcp-enforce-except-clause-while-egress-access-to-server-in-cidr-block/resources.yaml';

describe('cluster analysisOptions (REST and GraphQL)', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;

  async function ready(id: string): Promise<void> {
    for (let n = 0; n < 600; n++) {
      const s = await request(server).get(`/api/v1/snapshots/${id}`).expect(200);
      if (s.body.status === 'ready') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`snapshot ${id} never became ready`);
  }

  /** can-reach once the results follow the cluster's current options (409 NOT_READY meanwhile). */
  async function canReach(id: string, query: Record<string, string>) {
    for (let n = 0; n < 600; n++) {
      const res = await request(server).get(`/api/v1/snapshots/${id}/can-reach`).query(query);
      if (res.status === 200) return res.body;
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('NOT_READY');
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('can-reach never answered');
  }

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('REST: a wrong value or an unknown option is 400 naming analysisOptions.<option>; nothing is created', async () => {
    const bad = await request(server).post('/api/v1/clusters').send({ name: 'bad-options', analysisOptions: { ipBlockMatchesPods: 'yes', enforcement: 'sometimes', colour: 'red' } }).expect(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['analysisOptions.ipBlockMatchesPods', 'analysisOptions.enforcement', 'analysisOptions.colour']);
    await request(server).get('/api/v1/clusters/bad-options').expect(404);
    await request(server).post('/api/v1/clusters').send({ name: 'bad-options', analysisOptions: 'true' }).expect(400);
  });

  it('GraphQL: createCluster and updateCluster take the same options with the same rules', async () => {
    const created = await graphql(t.app, `mutation { createCluster(input: { name: "gql-options", analysisOptions: { ipBlockMatchesPods: true, enforcement: "enforced" } }) { name analysisOptions { ipBlockMatchesPods adminNetworksMatchPods hostNetwork enforcement } } }`);
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.createCluster.analysisOptions).toEqual({ ipBlockMatchesPods: true, adminNetworksMatchPods: null, hostNetwork: null, enforcement: 'enforced' });
    const bad = await graphql(t.app, `mutation { updateCluster(name: "gql-options", input: { analysisOptions: { enforcement: "sometimes" } }) { name } }`);
    expect(bad.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(bad.body.errors[0].extensions.details[0].path).toBe('analysisOptions.enforcement');
    const kept = await graphql(t.app, `mutation { updateCluster(name: "gql-options", input: { analysisOptions: { enforcement: null } }) { analysisOptions { ipBlockMatchesPods enforcement } } }`);
    expect(kept.body.data.updateCluster.analysisOptions).toEqual({ ipBlockMatchesPods: true, enforcement: null });
    const rest = await request(server).get('/api/v1/clusters/gql-options').expect(200);
    expect(rest.body.analysisOptions).toEqual({ ipBlockMatchesPods: true });
  });

  it('the cluster\'s options decide its snapshots\' verdicts, stated with source `cluster`; PATCH recomputes, never serving the old verdict', async () => {
    // z/a -> y/b on TCP 80 passes only through an ipBlock that holds y/b's pod IP.
    await request(server).post('/api/v1/clusters').send({ name: 'pod-ips', analysisOptions: { ipBlockMatchesPods: true } }).expect(201);
    const upload = await request(server).post('/api/v1/snapshots?cluster=pod-ips&name=v1&validation=warn').set('content-type', 'application/yaml').send(readFileSync(IPBLOCK_CASE, 'utf8')).expect(202);
    const id = upload.body.id as string;
    await ready(id);
    const probe = { from: 'x/a', to: 'y/b', port: '80', protocol: 'TCP' };
    const before = await canReach(id, probe);
    expect(before).toMatchObject({ options: { ipBlockMatchesPods: true }, optionSources: { ipBlockMatchesPods: 'cluster', enforcement: 'default' } });
    const connectivity = await request(server).get(`/api/v1/snapshots/${id}/connectivity?granularity=pod`).expect(200);
    expect(connectivity.body).toMatchObject({ options: { ipBlockMatchesPods: true }, optionSources: { ipBlockMatchesPods: 'cluster' } });

    const patched = await request(server).patch('/api/v1/clusters/pod-ips').send({ analysisOptions: { ipBlockMatchesPods: false } }).expect(200);
    expect(patched.body.analysisOptions).toEqual({ ipBlockMatchesPods: false });
    // Right after the change: either NOT_READY (being recomputed) or the new options, never the old ones.
    const after = await canReach(id, probe);
    expect(after).toMatchObject({ options: { ipBlockMatchesPods: false }, optionSources: { ipBlockMatchesPods: 'cluster' } });
    const findings = await request(server).get(`/api/v1/snapshots/${id}/findings`);
    expect(findings.body.options).toEqual(after.options);

    await request(server).patch('/api/v1/clusters/pod-ips').send({ analysisOptions: null }).expect(200);
    const reset = await canReach(id, probe);
    expect(reset).toMatchObject({ options: { ipBlockMatchesPods: false }, optionSources: { ipBlockMatchesPods: 'default' } });
    // The option changes the verdict of some pair of this case: the two settings did not answer alike everywhere.
    await request(server).patch('/api/v1/clusters/pod-ips').send({ analysisOptions: { ipBlockMatchesPods: true } }).expect(200);
    const pods = ['x/a', 'x/b', 'x/c', 'y/a', 'y/b', 'y/c', 'z/a', 'z/b', 'z/c'];
    const verdicts = async () => {
      const out: boolean[] = [];
      for (const from of pods) for (const to of pods) if (from !== to) out.push((await canReach(id, { from, to, port: '80', protocol: 'TCP' })).allowed);
      return out;
    };
    const withPodIps = await verdicts();
    await request(server).patch('/api/v1/clusters/pod-ips').send({ analysisOptions: { ipBlockMatchesPods: false } }).expect(200);
    expect(await verdicts()).not.toEqual(withPodIps);
  }, 120_000);

  it('enforcement: not-enforced on the cluster allows everything, with the critical finding', async () => {
    await request(server).post('/api/v1/clusters').send({ name: 'open', analysisOptions: { enforcement: 'not-enforced' } }).expect(201);
    const upload = await request(server).post('/api/v1/snapshots?cluster=open&name=v1&validation=warn').set('content-type', 'application/yaml').send(readFileSync(IPBLOCK_CASE, 'utf8')).expect(202);
    await ready(upload.body.id);
    const findings = await request(server).get(`/api/v1/snapshots/${upload.body.id}/findings`).query({ minSeverity: 'critical' }).expect(200);
    expect(findings.body.findings.map((f: { code: string }) => f.code)).toEqual(['network-plugin.not-enforcing']);
    expect(findings.body.optionSources.enforcement).toBe('cluster');
  });
});
