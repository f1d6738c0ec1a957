import { readFileSync } from 'node:fs';
import request from 'supertest';
import { graphql, startTestApp, type TestApp } from '../support/app.js';

// who-can-reach and reachable-from over real HTTP and GraphQL on examples/shop-v1 (payments-api
// takes checkout on TCP 8443 and prometheus on TCP 9090, nothing else), and the network plugin
// in can-reach answers: the same shop plus a kindnet DaemonSet (enforces nothing).
describe('who-can-reach, reachable-from and the network plugin (REST and GraphQL)', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  let shop: string;
  let kind: string;

  async function upload(cluster: string, body: string): Promise<string> {
    const res = await request(server).post(`/api/v1/snapshots?cluster=${cluster}&name=v1`).set('content-type', 'application/yaml').send(body).expect(202);
    const started = Date.now();
    for (;;) {
      const status = await request(server).get(`/api/v1/snapshots/${res.body.id}`).expect(200);
      if (status.body.status === 'ready') return res.body.id as string;
      if (status.body.status === 'failed' || Date.now() - started > 60_000) throw new Error(`snapshot is ${status.body.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
    const manifests = readFileSync('examples/shop-v1/shop.yaml', 'utf8');
    shop = await upload('reach', manifests);
    kind = await upload('kind', `${manifests}\n---\n${readFileSync('test/fixtures/cli/network-plugins/kindnet.yaml', 'utf8')}`);
  });
  afterAll(async () => {
    await t.close();
  });

  const names = (rows: Array<{ endpoint: { kind: string; namespace?: string; name?: string } }>) =>
    rows.map((r) => (r.endpoint.namespace ? `${r.endpoint.namespace}/${r.endpoint.name}[${r.endpoint.kind}]` : r.endpoint.kind));

  it('REST who-can-reach: the sources with their ports; port narrows them; txt renders the same rows', async () => {
    const all = await request(server).get(`/api/v1/snapshots/${shop}/who-can-reach`).query({ target: 'payments/payments-api' }).expect(200);
    expect(all.body.subject).toEqual({ kind: 'Deployment', namespace: 'payments', name: 'payments-api' });
    expect(names(all.body.sources)).toEqual(['monitoring/prometheus[Deployment]', 'shop/checkout[Deployment]']);
    expect(all.body.sources[1].ports).toEqual([{ protocol: 'TCP', from: 8443, to: 8443 }]);
    expect(all.body).toMatchObject({ cni: { plugin: null }, enforcement: { mode: 'auto', enforced: true }, optionSources: { enforcement: 'default' } });
    const on8443 = await request(server).get(`/api/v1/snapshots/${shop}/who-can-reach`).query({ target: 'payments/payments-api', port: '8443', protocol: 'tcp' }).expect(200);
    expect(names(on8443.body.sources)).toEqual(['shop/checkout[Deployment]']);
    const txt = await request(server).get(`/api/v1/snapshots/${shop}/who-can-reach`).query({ target: 'payments/payments-api', format: 'txt' }).expect(200);
    expect(txt.text).toContain('shop/checkout[Deployment] => payments/payments-api[Deployment] : TCP 8443');
  });

  it('REST reachable-from: checkout reaches payments-api on 8443; the frontend does not', async () => {
    const checkout = await request(server).get(`/api/v1/snapshots/${shop}/reachable-from`).query({ source: 'shop/checkout' }).expect(200);
    expect(names(checkout.body.destinations)).toContain('payments/payments-api[Deployment]');
    const frontend = await request(server).get(`/api/v1/snapshots/${shop}/reachable-from`).query({ source: 'shop/frontend', granularity: 'pod' }).expect(200);
    expect(frontend.body.granularity).toBe('pod');
    expect(names(frontend.body.destinations).some((n) => n.startsWith('payments/'))).toBe(false);
  });

  it('REST errors: 400 naming the argument for a bad port or granularity, 404 for an endpoint not in the snapshot', async () => {
    const bad = await request(server).get(`/api/v1/snapshots/${shop}/who-can-reach`).query({ target: 'payments/payments-api', port: '70000', granularity: 'cluster' }).expect(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['port', 'granularity']);
    const missing = await request(server).get(`/api/v1/snapshots/${shop}/reachable-from`).query({ source: 'shop/nope' }).expect(404);
    expect(missing.body.error.details).toEqual([{ path: 'source', message: 'no pod or workload shop/nope in the snapshot' }]);
    await request(server).get(`/api/v1/snapshots/${shop}/who-can-reach`).query({}).expect(400);
  });

  it('GraphQL whoCanReach and reachableFrom give the same rows', async () => {
    const res = await graphql(
      t.app,
      `query($s: String!) {
        whoCanReach(snapshot: $s, target: "payments/payments-api", port: 9090) { subject { text } port protocol entries { endpoint { text } allPorts ports { protocol from to } } enforcement { enforced } }
        reachableFrom(snapshot: $s, source: "shop/checkout") { entries { endpoint { text } } cni { plugin } }
      }`,
      { s: shop },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.whoCanReach).toEqual({
      subject: { text: 'payments/payments-api[Deployment]' },
      port: 9090,
      protocol: 'TCP',
      entries: [{ endpoint: { text: 'monitoring/prometheus[Deployment]' }, allPorts: false, ports: [{ protocol: 'TCP', from: 9090, to: 9090 }] }],
      enforcement: { enforced: true },
    });
    expect(res.body.data.reachableFrom.entries.map((e: { endpoint: { text: string } }) => e.endpoint.text)).toContain('payments/payments-api[Deployment]');
    const missing = await graphql(t.app, `{ whoCanReach(snapshot: "${shop}", target: "shop/nope") { port } }`);
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('with kindnet, can-reach says the plugin enforces nothing: allowed, with what the policies intend (REST and GraphQL)', async () => {
    const rest = await request(server).get(`/api/v1/snapshots/${kind}/can-reach`).query({ from: 'shop/frontend', to: 'payments/payments-api', port: '8443' }).expect(200);
    expect(rest.body).toMatchObject({
      allowed: true,
      intended: { allowed: false },
      cni: { plugin: 'kindnet', enforcesNetworkPolicy: false, evidence: [{ kind: 'DaemonSet', namespace: 'kube-system', name: 'kindnet', matched: 'name' }] },
      enforcement: { mode: 'auto', enforced: false },
      optionSources: { enforcement: 'detected' },
    });
    const gql = await graphql(t.app, `{ canReach(snapshot: "${kind}", from: "shop/frontend", to: "payments/payments-api", port: 8443) { allowed intendedAllowed cni { plugin evidence { name matched } } enforcement { mode enforced } } }`);
    expect(gql.body.data.canReach).toEqual({ allowed: true, intendedAllowed: false, cni: { plugin: 'kindnet', evidence: [{ name: 'kindnet', matched: 'name' }] }, enforcement: { mode: 'auto', enforced: false } });
    const stored = await graphql(t.app, `{ snapshot(id: "${kind}") { connectivity(granularity: workload) { cni { plugin enforcesNetworkPolicy } enforcement { enforced } optionSources { enforcement } } } }`);
    expect(stored.body.data.snapshot.connectivity).toEqual({ cni: { plugin: 'kindnet', enforcesNetworkPolicy: false }, enforcement: { enforced: false }, optionSources: { enforcement: 'detected' } });
    const restStored = await request(server).get(`/api/v1/snapshots/${kind}/connectivity?granularity=workload&format=json`).expect(200);
    expect(restStored.body).toMatchObject({ cni: { plugin: 'kindnet' }, enforcement: { mode: 'auto', enforced: false } });
    const who = await request(server).get(`/api/v1/snapshots/${kind}/who-can-reach`).query({ target: 'payments/payments-api' }).expect(200);
    expect(names(who.body.sources)).toEqual(expect.arrayContaining(['shop/frontend[Deployment]', 'shop/checkout[Deployment]']));
  });

  it('can-reach to a Service: Service port 443 maps to targetPort https = pod port 8443, per endpoint (REST and GraphQL)', async () => {
    const rest = await request(server).get(`/api/v1/snapshots/${shop}/can-reach`).query({ from: 'shop/checkout', to: 'payments/payments-api[Service]', port: '443' }).expect(200);
    expect(rest.body).toMatchObject({ allowed: true, service: { kind: 'Service', namespace: 'payments', name: 'payments-api' }, servicePort: { name: 'https', port: 443, targetPort: 'https' } });
    expect(rest.body.endpoints.map((e: { targetPort: number; allowed: boolean }) => [e.targetPort, e.allowed])).toEqual([[8443, true]]);
    const txt = await request(server).get(`/api/v1/snapshots/${shop}/can-reach`).query({ from: 'shop/frontend', to: 'Service payments/payments-api', port: '443', format: 'txt' }).expect(200);
    expect(txt.text.split('\n')[0]).toBe('shop/frontend => Service payments/payments-api : TCP 443 (https) → targetPort https: DENIED (0 of 1 endpoints reached)');
    const noPort = await request(server).get(`/api/v1/snapshots/${shop}/can-reach`).query({ from: 'shop/checkout', to: 'payments/payments-api[Service]', port: '8443' }).expect(404);
    expect(noPort.body.error.details[0].path).toBe('port');
    const gql = await graphql(
      t.app,
      `query($s: String!) { canReachService(snapshot: $s, from: "shop/checkout", service: "payments/payments-api", port: 443) { allowed service port portName targetPort endpoints { pod { text } targetPort allowed ingress { allowed } } } }`,
      { s: shop },
    );
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.canReachService).toMatchObject({ allowed: true, service: 'payments/payments-api', port: 443, portName: 'https', targetPort: 'https' });
    expect(gql.body.data.canReachService.endpoints.map((e: { targetPort: number; allowed: boolean }) => [e.targetPort, e.allowed])).toEqual([[8443, true]]);
    const wrongQuery = await graphql(t.app, `{ canReach(snapshot: "${shop}", from: "shop/checkout", to: "payments/payments-api[Service]", port: 443) { allowed } }`);
    expect(wrongQuery.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('the OpenAPI document lists both routes with their parameters', async () => {
    const doc = await request(server).get('/api/docs/openapi.json').expect(200);
    const params = (route: string) => doc.body.paths[route].get.parameters.map((p: { name: string }) => p.name);
    expect(params('/api/v1/snapshots/{id}/who-can-reach')).toEqual(expect.arrayContaining(['id', 'target', 'port', 'protocol', 'granularity', 'format']));
    expect(params('/api/v1/snapshots/{id}/reachable-from')).toEqual(expect.arrayContaining(['id', 'source', 'port', 'protocol', 'granularity', 'format']));
  });
});
