import { readFileSync } from 'node:fs';
import request from 'supertest';
import { graphql, startTestApp, type TestApp } from '../support/app.js';

// One upload may override its cluster's analysisOptions for its own snapshot (REST query
// parameters, GraphQL `importSnapshot(input: {analysisOptions})`): the override decides that
// snapshot's verdicts with source `upload`, it never shares content or results with snapshots
// analysed with other options, the cluster's other snapshots keep the cluster's options, and a
// change of the cluster's options keeps the override.
const IPBLOCK_CASE = 'test/conformance/data/cases/k8s-e2e/tcp-enforce-except-clause-while-egress-access-to-server-in-cidr-block/resources.yaml';
// x/a -> y/b on TCP 80 passes only through an ipBlock that holds y/b's pod IP.
const PROBE = { from: 'x/a', to: 'y/b', port: '80', protocol: 'TCP' };

describe('upload analysisOptions override (REST and GraphQL)', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  const manifests = readFileSync(IPBLOCK_CASE, 'utf8');

  async function upload(query: string, expected = 202) {
    return request(server).post(`/api/v1/snapshots?${query}`).set('content-type', 'application/yaml').send(manifests).expect(expected);
  }

  /** can-reach once the results follow the current options (409 NOT_READY while analysed or recomputed). */
  async function canReach(id: string) {
    for (let n = 0; n < 600; n++) {
      const res = await request(server).get(`/api/v1/snapshots/${id}/can-reach`).query(PROBE);
      if (res.status === 200) return res.body;
      expect(res.status).toBe(409);
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

  it('REST: a wrong value is 400 naming the query parameter; nothing is stored', async () => {
    const bad = await upload('cluster=bad-override&name=v1&validation=warn&ipBlockMatchesPods=yes&enforcement=sometimes&hostNetwork=pod', 400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['ipBlockMatchesPods', 'hostNetwork', 'enforcement']);
    expect(bad.body.error.details[0].message).toBe('true or false');
    // Given twice: not one value.
    await upload('cluster=bad-override&validation=warn&ipBlockMatchesPods=true&ipBlockMatchesPods=false', 400);
    await request(server).get('/api/v1/clusters/bad-override').expect(404);
  });

  it('REST: the override changes that snapshot\'s verdict (source `upload`); the cluster\'s other snapshots are unaffected', async () => {
    const plain = await upload('cluster=ovr&name=plain&validation=warn');
    const overridden = await upload('cluster=ovr&name=pod-ips&validation=warn&ipBlockMatchesPods=true');
    // Equal objects, other options: its own content, analysed on its own.
    expect(overridden.body.contentShared).toBeUndefined();
    const [plainSnapshot, overriddenSnapshot] = await Promise.all([plain, overridden].map((r) => request(server).get(`/api/v1/snapshots/${r.body.id}`).expect(200)));
    expect(overriddenSnapshot.body.contentSha256).toBe(plainSnapshot.body.contentSha256);
    expect(overriddenSnapshot.body.contentId).not.toBe(plainSnapshot.body.contentId);
    expect(overriddenSnapshot.body.analysisOverride).toEqual({ ipBlockMatchesPods: true });
    expect(plainSnapshot.body.analysisOverride).toEqual({});

    const withOverride = await canReach(overridden.body.id);
    expect(withOverride).toMatchObject({ allowed: true, options: { ipBlockMatchesPods: true }, optionSources: { ipBlockMatchesPods: 'upload', enforcement: 'default' } });
    const without = await canReach(plain.body.id);
    expect(without).toMatchObject({ allowed: false, options: { ipBlockMatchesPods: false }, optionSources: { ipBlockMatchesPods: 'default' } });
    const connectivity = await request(server).get(`/api/v1/snapshots/${overridden.body.id}/connectivity?granularity=pod`).expect(200);
    expect(connectivity.body.optionSources.ipBlockMatchesPods).toBe('upload');

    // Same content and same override: shared; same content without: shares the plain one.
    const again = await upload('cluster=ovr&name=pod-ips-again&validation=warn&ipBlockMatchesPods=true');
    expect(again.body.contentShared).toBe(true);
    expect((await request(server).get(`/api/v1/snapshots/${again.body.id}`).expect(200)).body.contentId).toBe(overriddenSnapshot.body.contentId);
    // dedupe finds the snapshot of equal content *and* equal override only.
    const deduped = await upload('cluster=ovr&validation=warn&dedupe=true&ipBlockMatchesPods=true', 200);
    expect(deduped.body).toMatchObject({ id: again.body.id, duplicate: true });
    const notDeduped = await upload('cluster=ovr&validation=warn&dedupe=true&enforcement=enforced');
    expect(notDeduped.body.duplicate).toBeUndefined();
  }, 120_000);

  it('a change of the cluster\'s options recomputes every snapshot and keeps the override where one was given', async () => {
    const plain = await upload('cluster=ovr-change&name=plain&validation=warn');
    const overridden = await upload('cluster=ovr-change&name=pod-ips&validation=warn&ipBlockMatchesPods=true');
    expect((await canReach(overridden.body.id)).allowed).toBe(true);
    await request(server).patch('/api/v1/clusters/ovr-change').send({ analysisOptions: { ipBlockMatchesPods: false, enforcement: 'enforced' } }).expect(200);
    const kept = await canReach(overridden.body.id);
    expect(kept).toMatchObject({ allowed: true, options: { ipBlockMatchesPods: true }, optionSources: { ipBlockMatchesPods: 'upload', enforcement: 'cluster' } });
    const cluster = await canReach(plain.body.id);
    expect(cluster).toMatchObject({ allowed: false, optionSources: { ipBlockMatchesPods: 'cluster', enforcement: 'cluster' } });
    // The other way round: the cluster turns the option on, an upload turns it off for its snapshot.
    await request(server).patch('/api/v1/clusters/ovr-change').send({ analysisOptions: { ipBlockMatchesPods: true } }).expect(200);
    const off = await upload('cluster=ovr-change&name=no-pod-ips&validation=warn&ipBlockMatchesPods=false');
    expect(await canReach(off.body.id)).toMatchObject({ allowed: false, optionSources: { ipBlockMatchesPods: 'upload' } });
    expect(await canReach(plain.body.id)).toMatchObject({ allowed: true, optionSources: { ipBlockMatchesPods: 'cluster' } });
  }, 120_000);

  it('GraphQL: importSnapshot takes the same override with the same rules', async () => {
    const text = JSON.stringify(manifests);
    const bad = await graphql(t.app, `mutation { importSnapshot(input: { cluster: "gql-ovr", manifests: ${text}, validation: warn, analysisOptions: { enforcement: "sometimes" } }) { snapshot { id } } }`);
    expect(bad.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(bad.body.errors[0].extensions.details[0].path).toBe('analysisOptions.enforcement');

    const plain = await graphql(t.app, `mutation { importSnapshot(input: { cluster: "gql-ovr", name: "plain", manifests: ${text}, validation: warn }) { snapshot { id analysisOverride { ipBlockMatchesPods } } } }`);
    expect(plain.body.errors).toBeUndefined();
    const imported = await graphql(
      t.app,
      `mutation { importSnapshot(input: { cluster: "gql-ovr", name: "pod-ips", manifests: ${text}, validation: warn, analysisOptions: { ipBlockMatchesPods: true, enforcement: null } }) { contentShared snapshot { id analysisOverride { ipBlockMatchesPods enforcement } } } }`,
    );
    expect(imported.body.errors).toBeUndefined();
    expect(imported.body.data.importSnapshot).toMatchObject({ contentShared: false, snapshot: { analysisOverride: { ipBlockMatchesPods: true, enforcement: null } } });
    const ask = async (id: string) => {
      for (let n = 0; n < 600; n++) {
        const res = await graphql(t.app, `{ canReach(snapshot: "${id}", from: "x/a", to: "y/b", port: 80) { allowed optionSources { ipBlockMatchesPods } } }`);
        if (!res.body.errors) return res.body.data.canReach;
        expect(res.body.errors[0].extensions.code).toBe('NOT_READY');
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('canReach never answered');
    };
    expect(await ask(imported.body.data.importSnapshot.snapshot.id)).toEqual({ allowed: true, optionSources: { ipBlockMatchesPods: 'upload' } });
    expect(await ask(plain.body.data.importSnapshot.snapshot.id)).toEqual({ allowed: false, optionSources: { ipBlockMatchesPods: 'default' } });
  }, 120_000);
});
