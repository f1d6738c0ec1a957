import request from 'supertest';
import { parse } from 'yaml';
import { graphql, startTestApp, untilReady, type TestApp } from '../support/app.js';

// A snapshot's stored objects over real HTTP and GraphQL: the list with its filters and pages, one
// object as JSON and YAML (namespaced and cluster-scoped routes), and the 400/404 answers.
const MANIFESTS = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: web}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: shop}
spec:
  selector: {matchLabels: {app: frontend}}
  template:
    metadata: {labels: {app: frontend, tier: web}}
    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-web, namespace: shop, labels: {owner: web}}
spec:
  podSelector: {matchLabels: {app: frontend}}
  ingress: [{ports: [{port: 8080, protocol: TCP}]}]
`;

describe('stored objects of a snapshot (REST and GraphQL)', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  let id: string;
  const missing = '00000000-0000-4000-8000-000000000000';

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
    const res = await request(server).post('/api/v1/snapshots?cluster=objects&name=v1').set('content-type', 'application/yaml').send(MANIFESTS).expect(202);
    id = res.body.id;
    await untilReady(t.app, id);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists objects as stored, filtered by kind, namespace and name', async () => {
    const all = await request(server).get(`/api/v1/snapshots/${id}/objects`).expect(200);
    expect(all.body.snapshot).toBe(id);
    expect(all.body.objects.map((o: { kind: string; name: string }) => `${o.kind} ${o.name}`)).toEqual(
      expect.arrayContaining(['Namespace shop', 'Deployment frontend', 'NetworkPolicy default-deny', 'NetworkPolicy allow-web']),
    );
    expect(all.body.nextCursor).toBeNull();
    const policies = await request(server).get(`/api/v1/snapshots/${id}/objects`).query({ kind: 'NetworkPolicy', namespace: 'shop' }).expect(200);
    expect(policies.body.objects.map((o: { name: string }) => o.name)).toEqual(['default-deny', 'allow-web']);
    const one = await request(server).get(`/api/v1/snapshots/${id}/objects`).query({ kind: 'NetworkPolicy', name: 'allow-web' }).expect(200);
    expect(one.body.objects).toHaveLength(1);
    expect(one.body.objects[0]).toMatchObject({ kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', namespace: 'shop', name: 'allow-web', labels: { owner: 'web' } });
    expect(one.body.objects[0].object.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    const none = await request(server).get(`/api/v1/snapshots/${id}/objects`).query({ kind: 'Service' }).expect(200);
    expect(none.body.objects).toEqual([]);
  });

  it('pages with first and after, in storage order, every object once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const query: Record<string, string> = { first: '1', ...(after ? { after } : {}) };
      const page = await request(server).get(`/api/v1/snapshots/${id}/objects`).query(query).expect(200);
      expect(page.body.objects.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.objects.map((o: { kind: string; name: string }) => `${o.kind} ${o.name}`));
      after = page.body.nextCursor;
    } while (after);
    const all = await request(server).get(`/api/v1/snapshots/${id}/objects`).expect(200);
    expect(seen).toEqual(all.body.objects.map((o: { kind: string; name: string }) => `${o.kind} ${o.name}`));
  });

  it('one object: JSON by default, YAML on request (apiVersion and kind first); a cluster-scoped one without namespace', async () => {
    const json = await request(server).get(`/api/v1/snapshots/${id}/objects/NetworkPolicy/shop/allow-web`).expect(200);
    expect(json.body).toMatchObject({ kind: 'NetworkPolicy', namespace: 'shop', name: 'allow-web' });
    const yaml = await request(server).get(`/api/v1/snapshots/${id}/objects/NetworkPolicy/shop/allow-web?format=yaml`).expect(200);
    expect(yaml.headers['content-type']).toMatch(/^application\/yaml/);
    expect(yaml.text.startsWith('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:')).toBe(true);
    expect(parse(yaml.text)).toEqual(json.body.object);
    const ns = await request(server).get(`/api/v1/snapshots/${id}/objects/Namespace/shop?format=yaml`).expect(200);
    expect(parse(ns.text)).toMatchObject({ kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'web' } } });
  });

  it('404 names the snapshot or the object not found; bad arguments are 400 naming them', async () => {
    const noPolicy = await request(server).get(`/api/v1/snapshots/${id}/objects/NetworkPolicy/shop/nope`).expect(404);
    expect(noPolicy.body.error.message).toContain('NetworkPolicy shop/nope');
    // A namespaced object asked for as cluster-scoped is not found either, and the message says which was asked.
    const scoped = await request(server).get(`/api/v1/snapshots/${id}/objects/NetworkPolicy/allow-web`).expect(404);
    expect(scoped.body.error.message).toContain('NetworkPolicy allow-web (cluster-scoped)');
    const noSnapshot = await request(server).get(`/api/v1/snapshots/${missing}/objects`).expect(404);
    expect(noSnapshot.body.error.message).toContain(missing);
    await request(server).get(`/api/v1/snapshots/${missing}/objects/Namespace/shop`).expect(404);
    const cases: [string, string][] = [
      [`/api/v1/snapshots/${id}/objects?kind=network-policy`, 'kind'],
      [`/api/v1/snapshots/${id}/objects?namespace=Shop_1`, 'namespace'],
      [`/api/v1/snapshots/${id}/objects?first=0`, 'first'],
      [`/api/v1/snapshots/${id}/objects?after=abc`, 'after'],
      [`/api/v1/snapshots/${id}/objects/NetworkPolicy/shop/allow-web?format=xml`, 'format'],
      [`/api/v1/snapshots/${id}/objects/NetworkPolicy/shop/Allow_Web`, 'name'],
      ['/api/v1/snapshots/not-an-id/objects', 'id'],
    ];
    for (const [path, argument] of cases) {
      const res = await request(server).get(path).expect(400);
      expect(res.body.error.details[0].path).toBe(argument);
    }
  });

  it('GraphQL Snapshot.objects answers the same objects with their YAML and JSON; bad arguments are BAD_REQUEST', async () => {
    const res = await graphql(t.app, `query($id: String!) { snapshot(id: $id) { objects(kind: "NetworkPolicy", namespace: "shop") { kind apiVersion namespace name yaml json } first: objects(first: 1) { kind } } }`, { id });
    expect(res.body.errors).toBeUndefined();
    const rest = await request(server).get(`/api/v1/snapshots/${id}/objects`).query({ kind: 'NetworkPolicy', namespace: 'shop' }).expect(200);
    const objects = res.body.data.snapshot.objects as { name: string; yaml: string; json: string }[];
    expect(objects.map((o) => o.name)).toEqual(['default-deny', 'allow-web']);
    objects.forEach((o, i) => {
      expect(JSON.parse(o.json)).toEqual(rest.body.objects[i].object);
      expect(parse(o.yaml)).toEqual(rest.body.objects[i].object);
    });
    expect(res.body.data.snapshot.first).toHaveLength(1);
    const bad = await graphql(t.app, `query($id: String!) { snapshot(id: $id) { id objects(kind: "not a kind") { name } } }`, { id });
    expect(bad.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(bad.body.errors[0].extensions.details[0].path).toBe('kind');
  });
});
