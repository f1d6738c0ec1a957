// Live capture against a fake API server, through the real @kubernetes/client-node: the URLs,
// paging, error shapes and (de)serialisation are the library's own, only the server is recorded.

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocuments } from '../../src/engine/index.js';
import { captureCluster, CaptureError, type CaptureResult, type CaptureTarget } from '../../src/modules/capture/kube-capture.js';
import { FAKE_TOKEN, KUBE_API_FIXTURES, startFakeKubeApi, writeKubeconfig, type FakeKubeApi, type FakeKubeApiOptions } from '../support/fake-kube-api.js';

type KubeObject = Record<string, any>;

// From the Kubernetes API reference: what each listed resource's objects are.
const EXPECTED_KINDS: Record<string, { kind: string; apiVersion: string }> = {
  namespaces: { kind: 'Namespace', apiVersion: 'v1' },
  nodes: { kind: 'Node', apiVersion: 'v1' },
  pods: { kind: 'Pod', apiVersion: 'v1' },
  replicationcontrollers: { kind: 'ReplicationController', apiVersion: 'v1' },
  services: { kind: 'Service', apiVersion: 'v1' },
  deployments: { kind: 'Deployment', apiVersion: 'apps/v1' },
  replicasets: { kind: 'ReplicaSet', apiVersion: 'apps/v1' },
  statefulsets: { kind: 'StatefulSet', apiVersion: 'apps/v1' },
  daemonsets: { kind: 'DaemonSet', apiVersion: 'apps/v1' },
  jobs: { kind: 'Job', apiVersion: 'batch/v1' },
  cronjobs: { kind: 'CronJob', apiVersion: 'batch/v1' },
  ingresses: { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1' },
  networkpolicies: { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1' },
  routes: { kind: 'Route', apiVersion: 'route.openshift.io/v1' },
  adminnetworkpolicies: { kind: 'AdminNetworkPolicy', apiVersion: 'policy.networking.k8s.io/v1alpha1' },
  baselineadminnetworkpolicies: { kind: 'BaselineAdminNetworkPolicy', apiVersion: 'policy.networking.k8s.io/v1alpha1' },
  clusternetworkpolicies: { kind: 'ClusterNetworkPolicy', apiVersion: 'policy.networking.k8s.io/v1alpha2' },
};

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function fixtureItems(plural: string): KubeObject[] {
  return JSON.parse(readFileSync(join(KUBE_API_FIXTURES, `${plural}.json`), 'utf8')).items;
}

/** The fixture item as a standalone object: kind and apiVersion set, managedFields gone. */
function expectedObject(plural: string, item: KubeObject): KubeObject {
  const { managedFields: _managedFields, ...metadata } = item.metadata;
  return { ...item, ...EXPECTED_KINDS[plural], metadata };
}

/** The typed client re-prints timestamps with milliseconds; the instant is what must survive. */
function sameInstants(value: unknown): unknown {
  if (typeof value === 'string' && ISO_TIMESTAMP.test(value)) return new Date(value).toISOString();
  if (Array.isArray(value)) return value.map(sameInstants);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sameInstants(v)]));
  return value;
}

function ofKind(result: CaptureResult, kind: string): KubeObject[] {
  return result.objects.filter((object) => object.kind === kind) as KubeObject[];
}

function generatedPods(count: number): KubeObject[] {
  return Array.from({ length: count }, (_, i) => ({
    metadata: { name: `load-${i}`, namespace: 'shop', uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, labels: { app: 'load' }, managedFields: [{ manager: 'kubelet' }] },
    spec: { containers: [{ name: 'c', image: 'busybox' }], nodeName: 'node-a' },
    status: { phase: 'Running', podIP: `10.244.${Math.floor(i / 250)}.${(i % 250) + 1}` },
  }));
}

async function captureFailure(promise: Promise<unknown>): Promise<CaptureError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected the capture to fail, it returned ${JSON.stringify(outcome.value).slice(0, 200)}`);
  expect(outcome.error).toBeInstanceOf(CaptureError);
  return outcome.error as CaptureError;
}

describe('captureCluster against a fake Kubernetes API', () => {
  let dir: string;
  const servers: FakeKubeApi[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'policyscope-capture-'));
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function fakeApi(options?: FakeKubeApiOptions): Promise<FakeKubeApi> {
    const server = await startFakeKubeApi(options);
    servers.push(server);
    return server;
  }

  let kubeconfigs = 0;
  function kubeconfigFor(server: FakeKubeApi, token = FAKE_TOKEN): string {
    return writeKubeconfig(join(dir, `kubeconfig-${++kubeconfigs}.yaml`), [{ name: 'fake', server: server.url, token }]);
  }

  async function capture(server: FakeKubeApi, target: Omit<CaptureTarget, 'kubeconfigPath'> = {}): Promise<CaptureResult> {
    return captureCluster({ kubeconfigPath: kubeconfigFor(server), ...target });
  }

  it('captures every listed kind as complete objects, managedFields stripped, nothing else changed', async () => {
    const api = await fakeApi();
    const result = await capture(api);

    expect(result.warnings).toEqual([]);
    const fixtures = readdirSync(KUBE_API_FIXTURES).map((file) => file.replace(/\.json$/, ''));
    expect(fixtures.sort()).toEqual(Object.keys(EXPECTED_KINDS).sort());
    for (const [plural, { kind, apiVersion }] of Object.entries(EXPECTED_KINDS)) {
      const captured = ofKind(result, kind);
      expect(captured.every((object) => object.apiVersion === apiVersion)).toBe(true);
      expect(sameInstants(captured)).toEqual(sameInstants(fixtureItems(plural).map((item) => expectedObject(plural, item))));
    }
    expect(result.objects).toHaveLength(Object.keys(EXPECTED_KINDS).reduce((sum, plural) => sum + fixtureItems(plural).length, 0));
    expect(result.objects.filter((object: KubeObject) => 'managedFields' in object.metadata)).toEqual([]);
    // One page per resource at the default page size, each request authenticated and limited.
    expect(result.pages).toBe(Object.keys(EXPECTED_KINDS).length);
    expect(api.requests.every((request) => request.limit === 500 && request.authorization === `Bearer ${FAKE_TOKEN}`)).toBe(true);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('requests the paths the Kubernetes API serves each resource at', async () => {
    const api = await fakeApi();
    await capture(api);
    expect(api.requests.map((request) => request.path).sort()).toEqual(
      [
        '/api/v1/namespaces',
        '/api/v1/nodes',
        '/api/v1/pods',
        '/api/v1/replicationcontrollers',
        '/api/v1/services',
        '/apis/apps/v1/daemonsets',
        '/apis/apps/v1/deployments',
        '/apis/apps/v1/replicasets',
        '/apis/apps/v1/statefulsets',
        '/apis/batch/v1/cronjobs',
        '/apis/batch/v1/jobs',
        '/apis/networking.k8s.io/v1/ingresses',
        '/apis/networking.k8s.io/v1/networkpolicies',
        '/apis/policy.networking.k8s.io/v1alpha1/adminnetworkpolicies',
        '/apis/policy.networking.k8s.io/v1alpha1/baselineadminnetworkpolicies',
        '/apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies',
        '/apis/route.openshift.io/v1/routes',
      ].sort(),
    );
  });

  it('keeps the wire field names the typed client renames (NetworkPolicy `from`, IntOrString ports)', async () => {
    const api = await fakeApi();
    const result = await capture(api);
    const policy = ofKind(result, 'NetworkPolicy').find((object) => object.metadata.name === 'api-allow-frontend')!;
    expect(policy.spec.ingress[0].from).toEqual(fixtureItems('networkpolicies')[1].spec.ingress[0].from);
    expect(policy.spec.ingress[0]).not.toHaveProperty('_from');
    const frontend = ofKind(result, 'Service').find((object) => object.metadata.name === 'frontend')!;
    expect(frontend.spec.ports[0].targetPort).toBe('http');
    expect(typeof frontend.metadata.creationTimestamp).toBe('string');
  });

  it('keeps the fields a newer API server adds to a built-in kind (the typed client would drop them), so the parser can warn', async () => {
    const [first, ...rest] = fixtureItems('networkpolicies');
    const newer = { ...first, spec: { ...(first.spec as KubeObject), enforcementMode: 'Audit' } };
    const api = await fakeApi({ items: { networkpolicies: [newer, ...rest] } });
    const result = await capture(api);
    const policy = ofKind(result, 'NetworkPolicy').find((object) => object.metadata.name === first.metadata.name)!;
    expect(policy.spec.enforcementMode).toBe('Audit');
    const parsed = parseDocuments([{ name: 'live-capture', content: JSON.stringify(result.objects) }], { validation: 'capture' });
    expect(parsed.fatal).toBe(false);
    expect(parsed.diagnostics.filter((d) => d.code === 'object.field.unknown')).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'spec.enforcementMode', message: expect.stringContaining('the verdicts may miss its effect') }),
    ]);
  });

  it('produces objects the snapshot parser reads without errors', async () => {
    const api = await fakeApi();
    const result = await capture(api);
    const parsed = parseDocuments([{ name: 'live-capture', content: JSON.stringify(result.objects) }]);
    expect(parsed.diagnostics.filter((d) => d.severity === 'fatal')).toEqual([]);
    expect(parsed.fatal).toBe(false);
    expect(parsed.snapshot.networkPolicies.map((policy) => policy.name).sort()).toEqual(['api-allow-frontend', 'default-deny']);
    // Had `from` been lost, the rule would read as "from everywhere" (peers null).
    const allow = parsed.snapshot.networkPolicies.find((policy) => policy.name === 'api-allow-frontend')!;
    expect(allow.ingress[0].peers).toHaveLength(2);
    expect(parsed.snapshot.adminPolicies.map((policy) => policy.kind).sort()).toEqual(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy']);
  });

  it('follows continue tokens across pages until the list is exhausted', async () => {
    const api = await fakeApi();
    const result = await capture(api, { pageSize: 2 });

    const podRequests = api.requestsFor('pods');
    const podCount = api.itemCount('pods');
    expect(podCount).toBe(7);
    expect(podRequests).toHaveLength(Math.ceil(podCount / 2));
    expect(podRequests.length).toBeGreaterThanOrEqual(3);
    expect(podRequests[0].continueToken).toBeUndefined();
    expect(podRequests.slice(1).every((request) => typeof request.continueToken === 'string' && request.continueToken !== '')).toBe(true);
    expect(new Set(podRequests.map((request) => request.continueToken)).size).toBe(podRequests.length);
    expect(podRequests.every((request) => request.limit === 2 && request.status === 200)).toBe(true);
    expect(ofKind(result, 'Pod').map((pod) => pod.metadata.name)).toEqual(fixtureItems('pods').map((pod) => pod.metadata.name));
    expect(result.pages).toBe(api.requests.length);
  });

  it('pages a large list at the default page size of 500', async () => {
    const api = await fakeApi({ items: { pods: generatedPods(1_201) } });
    const result = await capture(api);
    const podRequests = api.requestsFor('pods');
    expect(podRequests.map((request) => request.limit)).toEqual([500, 500, 500]);
    expect(podRequests.filter((request) => request.continueToken !== undefined)).toHaveLength(2);
    const pods = ofKind(result, 'Pod');
    expect(pods).toHaveLength(1_201);
    expect(new Set(pods.map((pod) => pod.metadata.name)).size).toBe(1_201);
    expect(pods.every((pod) => pod.metadata.managedFields === undefined)).toBe(true);
  });

  it('restarts a list whose continue token expired (410) and returns each object once', async () => {
    const api = await fakeApi({ expireFirstContinue: ['pods'] });
    const result = await capture(api, { pageSize: 3 });
    const statuses = api.requestsFor('pods').map((request) => request.status);
    expect(statuses).toContain(410);
    expect(ofKind(result, 'Pod').map((pod) => pod.metadata.name)).toEqual(fixtureItems('pods').map((pod) => pod.metadata.name));
  });

  it('skips CRDs the cluster does not serve with one warning each', async () => {
    const api = await fakeApi({ absent: ['routes', 'adminnetworkpolicies', 'baselineadminnetworkpolicies', 'clusternetworkpolicies'] });
    const result = await capture(api);
    expect(result.warnings).toEqual([
      'route.openshift.io/v1/routes not served by this cluster (CRD absent): skipped',
      'policy.networking.k8s.io/v1alpha1/adminnetworkpolicies not served by this cluster (CRD absent): skipped',
      'policy.networking.k8s.io/v1alpha1/baselineadminnetworkpolicies not served by this cluster (CRD absent): skipped',
      'policy.networking.k8s.io/v1alpha2/clusternetworkpolicies not served by this cluster (CRD absent): skipped',
    ]);
    expect(ofKind(result, 'Route')).toEqual([]);
    expect(ofKind(result, 'AdminNetworkPolicy')).toEqual([]);
    expect(ofKind(result, 'NetworkPolicy')).toHaveLength(fixtureItems('networkpolicies').length);
    expect(ofKind(result, 'Pod')).toHaveLength(fixtureItems('pods').length);
  });

  it('fails, naming resource and status, when a built-in resource answers 404', async () => {
    const api = await fakeApi({ absent: ['networkpolicies'] });
    const error = await captureFailure(capture(api));
    expect(error.resource).toBe('networking.k8s.io/v1/networkpolicies');
    expect(error.status).toBe(404);
  });

  it('fails with a CaptureError naming the resource and HTTP status when one list answers 500', async () => {
    const api = await fakeApi({ failures: { services: 500 } });
    const error = await captureFailure(capture(api));
    expect(error.resource).toBe('v1/services');
    expect(error.status).toBe(500);
    expect(error.message).toContain('v1/services');
    expect(error.message).toContain('500');
    expect(error.message).toContain('fake failure listing services'); // the Status message from the body
  });

  it('stops the other lists at the first failure instead of waiting for them', async () => {
    const api = await fakeApi({ failures: { services: 500 }, delayMs: { pods: 5_000 } });
    const started = Date.now();
    const error = await captureFailure(capture(api));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error.resource).toBe('v1/services');
  });

  it('runs a few lists at a time, not one and not all', async () => {
    const everyResourceSlow = Object.fromEntries(Object.keys(EXPECTED_KINDS).map((plural) => [plural, 40]));
    const api = await fakeApi({ delayMs: everyResourceSlow });
    await capture(api);
    expect(api.peakInFlight).toBeGreaterThan(1);
    expect(api.peakInFlight).toBeLessThanOrEqual(4);
  });

  it('treats a forbidden CRD as a failure, not as an absent one', async () => {
    const api = await fakeApi({ failures: { adminnetworkpolicies: 403 } });
    const error = await captureFailure(capture(api));
    expect(error.resource).toBe('policy.networking.k8s.io/v1alpha1/adminnetworkpolicies');
    expect(error.status).toBe(403);
  });

  it('fails with status 401 when the token is rejected', async () => {
    const api = await fakeApi();
    const error = await captureFailure(captureCluster({ kubeconfigPath: kubeconfigFor(api, 'wrong-token') }));
    expect(error.status).toBe(401);
    expect(api.requests.length).toBeGreaterThan(0);
  });

  it('fails with a CaptureError without status when the server is unreachable', async () => {
    const api = await startFakeKubeApi();
    const kubeconfigPath = kubeconfigFor(api);
    await api.close(); // the port is now closed: connections are refused
    const error = await captureFailure(captureCluster({ kubeconfigPath }));
    expect(error.status).toBeUndefined();
    expect(error.resource).toBeDefined();
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('gives up at the deadline with a CaptureError', async () => {
    const api = await fakeApi({ delayMs: { pods: 5_000 } });
    const started = Date.now();
    const error = await captureFailure(capture(api, { timeoutMs: 300 }));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error.message).toMatch(/timed out after 300 ms/);
    expect(error.resource).toBeDefined();
  });

  it('uses the requested context of a kubeconfig with two', async () => {
    const staging = await fakeApi();
    const prodNamespace = { metadata: { name: 'prod-only', uid: 'p-1', labels: { 'kubernetes.io/metadata.name': 'prod-only' } }, status: { phase: 'Active' } };
    const prod = await fakeApi({ token: 'prod-token', items: { namespaces: [prodNamespace] } });
    const kubeconfigPath = writeKubeconfig(
      join(dir, 'two-contexts.yaml'),
      [
        { name: 'staging', server: staging.url },
        { name: 'prod', server: prod.url, token: 'prod-token' },
      ],
      'staging',
    );

    const fromProd = await captureCluster({ kubeconfigPath, context: 'prod' });
    expect(ofKind(fromProd, 'Namespace').map((ns) => ns.metadata.name)).toEqual(['prod-only']);
    expect(staging.requests).toEqual([]);
    expect(prod.requests.every((request) => request.authorization === 'Bearer prod-token')).toBe(true);

    const fromCurrent = await captureCluster({ kubeconfigPath });
    expect(ofKind(fromCurrent, 'Namespace').map((ns) => ns.metadata.name)).toEqual(fixtureItems('namespaces').map((ns) => ns.metadata.name));
    expect(staging.requests.length).toBeGreaterThan(0);

    const error = await captureFailure(captureCluster({ kubeconfigPath, context: 'qa' }));
    expect(error.message).toMatch(/"qa".*staging, prod/);
  });

  it('rejects a target it cannot load before any request', async () => {
    await expect(captureCluster({})).rejects.toBeInstanceOf(CaptureError);
    await expect(captureCluster({ kubeconfigPath: join(dir, 'missing.yaml') })).rejects.toThrow(/cannot load kubeconfig/);
    await expect(captureCluster({ kubeconfigPath: 'x', inCluster: true })).rejects.toThrow(/not both/);
    const api = await fakeApi();
    await expect(capture(api, { pageSize: 0 })).rejects.toThrow(/pageSize must be a positive integer/);
    expect(api.requests).toEqual([]);
  });

  it('refuses an in-cluster capture outside a pod', async () => {
    const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
    delete process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_PORT;
    try {
      await expect(captureCluster({ inCluster: true })).rejects.toThrow(/not running inside a Kubernetes pod/);
    } finally {
      if (saved.host !== undefined) process.env.KUBERNETES_SERVICE_HOST = saved.host;
      if (saved.port !== undefined) process.env.KUBERNETES_SERVICE_PORT = saved.port;
    }
  });
});
