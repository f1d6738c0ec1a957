// Rules: `{ingress-controller}` reaches the pods behind the Services named by Ingress / Route
// objects, on the target ports (named targetPort resolved on the pod), subject to policies; and a
// pod always reaches itself while self pairs stay out of lists.

import { allowed, conns, load, netpol, ns, pod, podConnectivity, reach } from './helpers.js';

const service = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: http}
  - {name: metrics, port: 9000, targetPort: 9100}`;

const ingress = (servicePort: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: front, namespace: shop}
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: ${servicePort}}`;

const shop = [
  ns('shop'),
  pod('shop/web-1', { app: 'web' }, { ports: '- {name: http, containerPort: 8080}\n- {containerPort: 9100}' }),
  pod('shop/web-2', { app: 'web' }, { ports: '- {name: http, containerPort: 8081}\n- {containerPort: 9100}' }),
  pod('shop/db', { app: 'db' }, { ports: '- {name: http, containerPort: 8080}' }),
  service,
];

const fromController = (docs: string[]) => podConnectivity(load(docs)).connections.filter((c) => c.src.kind === 'IngressController');

describe('rule: {ingress-controller} reaches workloads behind named Services on target ports', () => {
  it('a route to port 80 reaches each Service pod on its own named targetPort, and no other pod', () => {
    const got = fromController([...shop, ingress('{number: 80}')]);
    expect(got.map((c) => [c.dst, c.ports])).toEqual([
      [{ kind: 'Pod', namespace: 'shop', name: 'web-1' }, [{ protocol: 'TCP', from: 8080, to: 8080 }]],
      [{ kind: 'Pod', namespace: 'shop', name: 'web-2' }, [{ protocol: 'TCP', from: 8081, to: 8081 }]],
    ]);
  });

  it('a route by Service port name reaches the numeric targetPort', () => {
    const w = load([...shop, ingress('{name: metrics}')]);
    expect(allowed(w, '{ingress-controller}', 'shop/web-1', 9100)).toBe(true);
    expect(allowed(w, '{ingress-controller}', 'shop/web-1', 8080)).toBe(false);
    expect(allowed(w, '{ingress-controller}', 'shop/db', 8080)).toBe(false);
  });

  it('is subject to the destination ingress policies', () => {
    const sameNamespaceOnly = netpol('shop/web', 'podSelector: {matchLabels: {app: web}}\ningress:\n- from:\n  - podSelector: {}');
    expect(fromController([...shop, ingress('{number: 80}'), sameNamespaceOnly])).toEqual([]);
    const open8080 = netpol('shop/web', 'podSelector: {matchLabels: {app: web}}\ningress:\n- ports: [{port: 8080}]');
    expect(fromController([...shop, ingress('{number: 80}'), open8080]).map((c) => ('name' in c.dst ? c.dst.name : ''))).toEqual(['web-1']);
  });
});

describe('rule: a pod can always reach itself; self pairs are left out of lists', () => {
  const isolated = [ns('x'), pod('x/a'), pod('x/b'), netpol('x/deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]')];

  it('an isolated pod still reaches itself on every port, and not its neighbour', () => {
    const w = load(isolated);
    expect(conns(w, 'x/a', 'x/a')).toBe('All Connections');
    expect(allowed(w, 'x/a', 'x/a', 5432)).toBe(true);
    expect(reach(w, 'x/a', 'x/b')).toBe(false);
  });

  it('no connection list pairs an endpoint with itself, at any granularity', () => {
    const w = load([ns('x'), ns('y'), pod('x/a'), pod('x/b'), pod('y/c')]);
    for (const granularity of ['pod', 'workload', 'namespace'] as const) {
      const connections = podConnectivity(w, granularity).connections;
      expect(connections.length).toBeGreaterThan(0);
      expect(connections.filter((c) => JSON.stringify(c.src) === JSON.stringify(c.dst))).toEqual([]);
    }
  });
});
