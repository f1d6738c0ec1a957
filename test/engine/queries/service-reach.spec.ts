// can-reach through a Service: the Service port maps to each selected pod's targetPort (named or
// numeric), each pod is explained on that port, and `ns/name` stays a pod or workload first.

import { analyze, canReach, parseDocuments, type Explanation, type ServiceExplanation } from '../../../src/engine/index.js';

const deployment = (name: string, labels: Record<string, string>, ports: object[]) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop' },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'x', ports }] } } },
});

const pod = (name: string, labels: Record<string, string>, ports: object[]) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', labels },
  spec: { containers: [{ name: 'c', image: 'x', ports }] },
});

const service = (name: string, selector: Record<string, string> | undefined, ports: object[]) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'shop' },
  spec: { ...(selector ? { selector } : {}), ports },
});

const OBJECTS = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  deployment('frontend', { app: 'frontend' }, []),
  pod('backend-1', { app: 'backend' }, [{ name: 'http', containerPort: 9000 }]),
  // An old backend pod without the named port: the Service's named targetPort does not resolve on it.
  pod('backend-old', { app: 'backend' }, [{ containerPort: 8080 }]),
  service('backend', { app: 'backend' }, [
    { name: 'web', port: 80, targetPort: 'http' },
    { name: 'admin', port: 81, targetPort: 9001 },
  ]),
  service('api', { app: 'backend' }, [{ port: 443, targetPort: 9000 }]),
  service('external-db', undefined, [{ port: 5432 }]),
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'backend', namespace: 'shop' },
    spec: { podSelector: { matchLabels: { app: 'backend' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 9000 }] }] },
  },
];

const analysis = analyze(parseDocuments([{ name: 'shop.json', content: JSON.stringify(OBJECTS) }]).snapshot);

function service80(to: string, port: number | string = 80): ServiceExplanation {
  const answer = canReach(analysis, 'shop/frontend', to, port, 'TCP');
  if ('error' in answer) throw new Error(answer.error);
  expect('servicePort' in answer).toBe(true);
  return answer as ServiceExplanation;
}

describe('canReach through a Service', () => {
  it('maps Service port 80 to the named targetPort http = pod port 9000, and says which endpoints are reached', () => {
    const answer = service80('shop/backend[Service]');
    expect(answer.allowed).toBe(true);
    expect(answer.servicePort).toEqual({ name: 'web', port: 80, targetPort: 'http' });
    expect(answer.endpoints.map((e) => [e.pod, e.targetPort, e.allowed])).toEqual([
      [{ kind: 'Pod', namespace: 'shop', name: 'backend-1' }, 9000, true],
      [{ kind: 'Pod', namespace: 'shop', name: 'backend-old' }, null, false],
    ]);
    expect(answer.endpoints[0].verdict?.ingress.decidedBy[0]).toMatchObject({ kind: 'NetworkPolicy', name: 'backend', rule: 'ingress[0]' });
    expect(answer.endpoints[1].reason).toMatch(/named targetPort http is not a TCP container port/);
  });

  it('a numeric targetPort (81 → 9001) the policy does not open is denied on every endpoint', () => {
    const answer = service80('Service shop/backend', 81);
    expect(answer.allowed).toBe(false);
    expect(answer.endpoints.map((e) => [e.pod.kind === 'Pod' && (e.pod as { name: string }).name, e.targetPort, e.allowed])).toEqual([
      ['backend-1', 9001, false],
      ['backend-old', 9001, false],
    ]);
  });

  it('a Service port can be named', () => {
    expect(service80('shop/backend[Service]', 'web').servicePort.port).toBe(80);
  });

  it('a bare ns/name is a pod or workload first; a Service only when nothing else has that name', () => {
    const workload = canReach(analysis, 'shop/backend-1', 'shop/frontend', 80, 'TCP') as Explanation;
    expect('servicePort' in workload).toBe(false);
    expect(workload.dst).toEqual({ kind: 'Pod', namespace: 'shop', name: 'frontend' });
    const api = service80('shop/api', 443);
    expect(api.service).toEqual({ kind: 'Service', namespace: 'shop', name: 'api', type: 'ClusterIP' });
    // A numeric targetPort needs no declared container port: both pods are reached on 9000.
    expect(api.endpoints.map((e) => [e.targetPort, e.allowed])).toEqual([
      [9000, true],
      [9000, true],
    ]);
  });

  it('a Service without selector has no endpoints; errors name the argument', () => {
    const none = service80('shop/external-db[Service]', 5432);
    expect(none).toMatchObject({ allowed: false, endpoints: [] });
    expect(canReach(analysis, 'shop/frontend', 'shop/backend[Service]', 8080, 'TCP')).toEqual({
      error: 'Service shop/backend has no TCP port 8080; its ports: 80/TCP (web), 81/TCP (admin)',
      reason: 'unknown',
      argument: 'port',
    });
    expect(canReach(analysis, 'shop/frontend', 'shop/nope[Service]', 80, 'TCP')).toMatchObject({ reason: 'unknown', argument: 'to' });
    expect(canReach(analysis, 'shop/nope', 'shop/backend[Service]', 80, 'TCP')).toMatchObject({ reason: 'unknown', argument: 'from' });
  });
});
