import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { verifySignature } from '../../src/modules/webhooks/webhook-signature.js';
import { graphql, startTestApp, type TestApp } from '../support/app.js';

// Webhooks against a receiver on loopback: new internet exposure, new high-severity findings and
// newly violated intents are each POSTed once, signed with the webhook's secret, retried after a failed answer, and every delivery is visible over the API.

function manifests(dbBlock: string, cacheIsolated: boolean): string {
  const deployment = (ns: string, app: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: ${app}}}
  template: {metadata: {labels: {app: ${app}}}, spec: {containers: [{name: c, image: i}]}}
---`;
  return `${deployment('b', 'db')}${deployment('b', 'cache')}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: b}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{ipBlock: {cidr: ${dbBlock}}}], ports: [{port: 5432}]}]
${cacheIsolated ? '---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: cache-deny, namespace: b}\nspec: {podSelector: {matchLabels: {app: cache}}, policyTypes: [Ingress]}\n' : ''}`;
}

interface Received {
  body: string;
  headers: Record<string, string | string[] | undefined>;
  answered: number;
}

const until = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000) => {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('webhooks', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  let receiver: Server;
  let receiverUrl: string;
  const received: Received[] = [];

  beforeAll(async () => {
    // The first request is answered 500, the following ones 204: the first delivery needs a retry.
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const answered = received.length === 0 ? 500 : 204;
        received.push({ body, headers: req.headers, answered });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    t = await startTestApp();
    server = t.app.getHttpServer();
  });
  afterAll(async () => {
    await t.close();
    await new Promise((r) => receiver.close(r));
  });

  const upload = async (name: string, at: string, yaml: string) => {
    const id = (await request(server).post(`/api/v1/snapshots?cluster=hooked&name=${name}&capturedAt=${at}`).set('content-type', 'application/yaml').send(yaml).expect(202)).body.id as string;
    await until(`${name} ready`, async () => (await request(server).get(`/api/v1/snapshots/${id}`)).body.status === 'ready');
    return id;
  };

  it('POSTs new internet exposure once, signed, retried after a failure, and records the delivery', async () => {
    await upload('v0', '2026-11-01T00:00:00Z', manifests('10.0.0.0/8', false));
    const hook = (await request(server).post('/api/v1/clusters/hooked/webhooks').send({ url: receiverUrl }).expect(201)).body;
    expect(hook.secret.length).toBeGreaterThanOrEqual(16);
    const listed = (await request(server).get('/api/v1/clusters/hooked/webhooks').expect(200)).body.items;
    expect(listed).toEqual([{ id: hook.id, url: receiverUrl, createdAt: hook.createdAt }]);

    const v1 = await upload('v1', '2026-11-02T00:00:00Z', manifests('0.0.0.0/0', false));
    await until('a delivered event', () => received.some((r) => r.answered === 204));
    expect(received.map((r) => r.answered)).toEqual([500, 204]);
    // Both attempts carry the same signed body.
    expect(received[1]!.body).toBe(received[0]!.body);
    const last = received[1]!;
    expect(verifySignature(hook.secret, last.body, last.headers['x-policyscope-signature'] as string)).toBe(true);
    expect(verifySignature('another secret of 16+ chars', last.body, last.headers['x-policyscope-signature'] as string)).toBe(false);
    expect(last.headers['x-policyscope-event']).toBe('internet_exposure');
    const event = JSON.parse(last.body);
    expect(event).toMatchObject({ event: 'internet_exposure', cluster: 'hooked', snapshot: { snapshot: v1, name: 'v1' }, previous: { name: 'v0' } });
    expect(event.newExposures).toEqual([{ workload: 'b/db[Deployment]', ports: [{ protocol: 'TCP', from: 5432, to: 5432 }], causes: expect.arrayContaining([expect.stringContaining('NetworkPolicy b/db')]) }]);
    expect(event.text).toContain('b/db[Deployment] TCP 5432');

    const deliveries = (await request(server).get(`/api/v1/clusters/hooked/webhooks/${hook.id}/deliveries`).expect(200)).body.items;
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ id: event.delivery, snapshotId: v1, status: 'delivered', attempts: 2, responseStatus: 204, error: null, nextAttemptAt: null });
    const gql = await graphql(t.app, 'query($c: String!, $id: ID!) { webhooks(cluster: $c) { id url } webhookDeliveries(cluster: $c, id: $id) { id status attempts responseStatus payload } }', { c: 'hooked', id: hook.id });
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.webhooks).toEqual([{ id: hook.id, url: receiverUrl }]);
    expect(gql.body.data.webhookDeliveries).toEqual([{ id: event.delivery, status: 'delivered', attempts: 2, responseStatus: 204, payload: expect.any(String) }]);
    expect(JSON.parse(gql.body.data.webhookDeliveries[0].payload).newExposures).toEqual(event.newExposures);

    // Isolating cache exposes nothing new: checked, no event.
    await upload('v2', '2026-11-03T00:00:00Z', manifests('0.0.0.0/0', true));
    await new Promise((r) => setTimeout(r, 2500));
    expect(received).toHaveLength(2);
    expect((await request(server).get(`/api/v1/clusters/hooked/webhooks/${hook.id}/deliveries`).expect(200)).body.items.map((d: { snapshotId: string }) => d.snapshotId)).toEqual([v1]);
  }, 90_000);

  it('POSTs new high-severity findings and intent violations as their own events', async () => {
    const uploadTo = async (name: string, at: string, yaml: string) => {
      const id = (await request(server).post(`/api/v1/snapshots?cluster=guarded&name=${name}&capturedAt=${at}`).set('content-type', 'application/yaml').send(yaml).expect(202)).body.id as string;
      await until(`${name} ready`, async () => (await request(server).get(`/api/v1/snapshots/${id}`)).body.status === 'ready');
      return id;
    };
    // db open to every address on all ports: a high finding (rule.overly-broad) and the intent broken.
    const wideOpen = manifests('10.0.0.0/8', false).replace('ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 5432}]}]', 'ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}]}]');
    expect(wideOpen).toContain('cidr: 0.0.0.0/0}}]}]');
    await uploadTo('g0', '2026-11-01T00:00:00Z', manifests('10.0.0.0/8', false));
    await request(server)
      .put('/api/v1/clusters/guarded/intents')
      .send({ apiVersion: 'policyscope/v1', kind: 'Intents', intents: [{ name: 'db-not-exposed', type: 'not-exposed', to: { labels: { app: 'db' } } }] })
      .expect(200);
    const hook = (await request(server).post('/api/v1/clusters/guarded/webhooks').send({ url: receiverUrl }).expect(201)).body;
    const before = received.length;
    const g1 = await uploadTo('g1', '2026-11-02T00:00:00Z', wideOpen);
    const events = () => received.slice(before).filter((r) => r.answered === 204).map((r) => JSON.parse(r.body));
    await until('three events', () => new Set(events().map((e) => e.event)).size === 3);
    const byEvent = Object.fromEntries(events().map((e) => [e.event, e]));
    expect(Object.keys(byEvent).sort()).toEqual(['high_severity_findings', 'intent_violations', 'internet_exposure']);
    expect(byEvent.high_severity_findings).toMatchObject({ cluster: 'guarded', snapshot: { snapshot: g1 }, previous: { name: 'g0' } });
    expect(byEvent.high_severity_findings.findings).toEqual([
      expect.objectContaining({ severity: 'high', code: 'rule.overly-broad', objects: [{ kind: 'NetworkPolicy', namespace: 'b', name: 'db' }] }),
    ]);
    expect(byEvent.high_severity_findings.text).toContain('rule.overly-broad');
    expect(byEvent.intent_violations.intents).toEqual([expect.objectContaining({ name: 'db-not-exposed', heldBefore: true })]);
    expect(byEvent.intent_violations.intents[0].violations).toBeGreaterThan(0);
    expect(byEvent.intent_violations.text).toContain('db-not-exposed');
    const fresh = received.slice(before).filter((r) => r.answered === 204);
    for (const r of fresh) {
      expect(verifySignature(hook.secret, r.body, r.headers['x-policyscope-signature'] as string)).toBe(true);
      expect(r.headers['x-policyscope-event']).toBe(JSON.parse(r.body).event);
    }
    const deliveries = (await request(server).get(`/api/v1/clusters/guarded/webhooks/${hook.id}/deliveries`).expect(200)).body.items;
    expect(deliveries.map((d: { event: string }) => d.event).sort()).toEqual(['high_severity_findings', 'intent_violations', 'internet_exposure']);
  }, 90_000);

  it('keeps retrying a receiver that does not answer, with the error recorded', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((r) => closed.close(r));
    await request(server).post('/api/v1/clusters/other/webhooks').send({ url: receiverUrl }).expect(404);
    const hook = (await request(server).post('/api/v1/clusters/hooked/webhooks').send({ url: deadUrl, secret: 'a-secret-of-sixteen' }).expect(201)).body;
    expect(hook.secret).toBe('a-secret-of-sixteen');
    // w1 closes db again (compared with v2 of the first test), w2 opens it: one event, for w2.
    await upload('w1', '2026-11-05T00:00:00Z', manifests('10.0.0.0/8', false));
    await upload('w2', '2026-11-06T00:00:00Z', manifests('0.0.0.0/0', false));
    const deliveries = async () => (await request(server).get(`/api/v1/clusters/hooked/webhooks/${hook.id}/deliveries`).expect(200)).body.items;
    await until('a failed attempt', async () => (await deliveries())[0]?.attempts >= 1);
    const [d] = await deliveries();
    expect(d).toMatchObject({ status: 'pending', responseStatus: null });
    expect(d.error).toBeTruthy();
    expect(new Date(d.nextAttemptAt).getTime()).toBeGreaterThan(Date.now() - 1000);
    await request(server).delete(`/api/v1/clusters/hooked/webhooks/${hook.id}`).expect(204);
    await request(server).get(`/api/v1/clusters/hooked/webhooks/${hook.id}/deliveries`).expect(404);
  }, 90_000);

  it('refuses a URL that is not http(s) and a short secret', async () => {
    await request(server).post('/api/v1/clusters/hooked/webhooks').send({ url: 'ftp://example.invalid/' }).expect(400);
    await request(server).post('/api/v1/clusters/hooked/webhooks').send({ url: receiverUrl, secret: 'short' }).expect(400);
    const gql = await graphql(t.app, 'mutation($u: String!) { createWebhook(cluster: "hooked", url: $u) { secret } }', { u: 'file:///etc/passwd' });
    expect(gql.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    const made = await graphql(t.app, 'mutation($u: String!) { createWebhook(cluster: "hooked", url: $u, secret: "sixteen-chars-ok") { webhook { id url } secret } }', { u: receiverUrl });
    expect(made.body.data.createWebhook).toMatchObject({ webhook: { url: receiverUrl }, secret: 'sixteen-chars-ok' });
    const gone = await graphql(t.app, 'mutation($id: ID!) { deleteWebhook(cluster: "hooked", id: $id) }', { id: made.body.data.createWebhook.webhook.id });
    expect(gone.body.data.deleteWebhook).toBe(true);
  });
});
