import { readFileSync } from 'node:fs';
import type pg from 'pg';
import request from 'supertest';
import { PG_POOL } from '../../src/database/database.tokens.js';
import { graphql, startTestApp, untilReady, type TestApp } from '../support/app.js';

// "Public addresses" leave out the cluster's own pod and Service ranges: set per cluster
// (analysisOptions.podCIDRs / serviceCIDRs), per upload, or read from the snapshot's control plane.
// shop/web is reachable on TCP 80 only from 11.0.0.0/16, a public block unless it is the pod range.
const WEB = readFileSync('test/fixtures/cli/cluster-ranges/web.yaml', 'utf8');
const CONTROL_PLANE = `---
apiVersion: v1
kind: Pod
metadata: {name: kube-controller-manager-cp1, namespace: kube-system, labels: {component: kube-controller-manager}}
spec: {containers: [{name: kube-controller-manager, image: registry.k8s.io/kube-controller-manager:v1.30.0, command: [kube-controller-manager, --cluster-cidr=11.0.0.0/16]}]}
`;

describe('cluster pod and Service ranges are not public addresses (REST and GraphQL)', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;

  async function upload(query: string, body = WEB): Promise<string> {
    const res = await request(server).post(`/api/v1/snapshots?${query}`).set('content-type', 'application/yaml').send(body).expect(202);
    await untilReady(t.app, res.body.id);
    return res.body.id as string;
  }

  async function web(id: string) {
    const res = await request(server).get(`/api/v1/snapshots/${id}/exposure/reasons`).expect(200);
    return { web: res.body.exposed.find((e: { endpoint: { namespace?: string } }) => e.endpoint.namespace === 'shop'), clusterRanges: res.body.clusterRanges };
  }

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('a wrong range is 400 naming analysisOptions.podCIDRs (and the upload parameter)', async () => {
    const bad = await request(server).post('/api/v1/clusters').send({ name: 'bad-ranges', analysisOptions: { podCIDRs: ['11.0.0.0/33'], serviceCIDRs: '10.96.0.0/12' } }).expect(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['analysisOptions.podCIDRs', 'analysisOptions.serviceCIDRs']);
    const badUpload = await request(server).post('/api/v1/snapshots?cluster=bad-ranges&podCIDRs=11.0.0.0/16,nope').set('content-type', 'application/yaml').send(WEB).expect(400);
    expect(badUpload.body.error.details[0].path).toBe('podCIDRs');
  });

  it('the cluster\'s podCIDRs make an ipBlock of exactly the pod range no internet exposure; another cluster\'s snapshot is still exposed', async () => {
    await request(server).post('/api/v1/clusters').send({ name: 'own-ranges', analysisOptions: { podCIDRs: ['11.0.0.0/16'] } }).expect(201);
    const own = await upload('cluster=own-ranges&name=v1');
    const other = await upload('cluster=no-ranges&name=v1');
    expect(await web(own)).toEqual({ web: expect.objectContaining({ internet: false }), clusterRanges: { podCIDRs: ['11.0.0.0/16'], serviceCIDRs: [] } });
    expect((await web(other)).web.internet).toBe(true);
    const metric = async (id: string) => (await request(server).get(`/api/v1/snapshots/${id}`).expect(200)).body.metrics.internet_exposed_workloads;
    expect(await metric(own)).toBe(0);
    expect(await metric(other)).toBe(1);
    const connectivity = await request(server).get(`/api/v1/snapshots/${own}/connectivity`).expect(200);
    expect(connectivity.body.clusterRanges).toEqual({ podCIDRs: ['11.0.0.0/16'], serviceCIDRs: [] });
    expect(connectivity.body.optionSources).toMatchObject({ podCIDRs: 'cluster', serviceCIDRs: 'default' });
    // An upload may say otherwise for its snapshot: a range that does not hold 11.0.0.0/16 makes it public again.
    const overridden = await upload('cluster=own-ranges&name=v2&podCIDRs=10.244.0.0/16');
    expect((await web(overridden)).web.internet).toBe(true);
  }, 60_000);

  it('ranges are read from the snapshot\'s control plane (source detected); GraphQL states them', async () => {
    const id = await upload('cluster=detected-ranges&name=v1', WEB + CONTROL_PLANE);
    expect((await web(id)).web.internet).toBe(false);
    const res = await graphql(t.app, `{ exposureReasons(snapshot: "${id}") { clusterRanges { podCIDRs serviceCIDRs } } snapshot(id: "${id}") { connectivity { optionSources { podCIDRs serviceCIDRs } clusterRanges { podCIDRs } } } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.exposureReasons.clusterRanges).toEqual({ podCIDRs: ['11.0.0.0/16'], serviceCIDRs: [] });
    expect(res.body.data.snapshot.connectivity).toEqual({ optionSources: { podCIDRs: 'detected', serviceCIDRs: 'default' }, clusterRanges: { podCIDRs: ['11.0.0.0/16'] } });
    const cluster = await graphql(t.app, `mutation { createCluster(input: { name: "gql-ranges", analysisOptions: { serviceCIDRs: ["12.0.0.0/24"] } }) { analysisOptions { podCIDRs serviceCIDRs } } }`);
    expect(cluster.body.data.createCluster.analysisOptions).toEqual({ podCIDRs: null, serviceCIDRs: ['12.0.0.0/24'] });
  }, 60_000);

  it('the Grafana view cluster_current_exposures says `internet` as the engine does', async () => {
    await upload('cluster=view-detected&name=v1', WEB + CONTROL_PLANE);
    await upload('cluster=view-plain&name=v1');
    const { rows } = await t.app
      .get<pg.Pool>(PG_POOL)
      .query<{ cluster: string; internet: boolean }>(`SELECT cluster, internet FROM cluster_current_exposures WHERE cluster IN ('view-detected', 'view-plain') AND namespace = 'shop' ORDER BY cluster`);
    expect(rows).toEqual([
      { cluster: 'view-detected', internet: false },
      { cluster: 'view-plain', internet: true },
    ]);
  }, 60_000);
});
