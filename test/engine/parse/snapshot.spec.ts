import { parseDocuments } from '../../../src/engine/parse/index.js';
import { codes, fatalOnes, netpol, ns, parseObjects, pod } from './helpers.js';

const service = (name: string, spec: object, namespace = 'x') => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec });

describe('namespaces', () => {
  it('always carry kubernetes.io/metadata.name', () => {
    const result = parseObjects(ns('x', { team: 'a' }));
    expect(result.snapshot.namespaces).toEqual([{ name: 'x', labels: { team: 'a', 'kubernetes.io/metadata.name': 'x' }, assumed: false }]);
  });

  it('put objects without namespace in default', () => {
    const result = parseObjects(ns('default'), pod('a'));
    expect(result.snapshot.pods[0].namespace).toBe('default');
    expect(result.objects.find((o) => o.kind === 'Pod')?.namespace).toBe('default');
  });

  it('are assumed, with a warning, when referenced but absent', () => {
    const result = parseObjects(pod('a', { namespace: 'x' }), netpol('p', { podSelector: {} }, 'y'), service('s', {}, 'x'));
    expect(result.fatal).toBe(false);
    expect(result.snapshot.namespaces).toEqual([
      { name: 'x', labels: { 'kubernetes.io/metadata.name': 'x' }, assumed: true },
      { name: 'y', labels: { 'kubernetes.io/metadata.name': 'y' }, assumed: true },
    ]);
    expect(result.diagnostics).toMatchObject([
      { severity: 'warning', code: 'namespace.assumed', object: 'Namespace x', item: 0 },
      { severity: 'warning', code: 'namespace.assumed', object: 'Namespace y', item: 1 },
    ]);
  });

  it('ignore metadata.namespace on cluster-scoped kinds', () => {
    const result = parseObjects({ ...ns('x'), metadata: { name: 'x', namespace: 'y' } });
    expect(result.objects[0].namespace).toBeNull();
    expect(codes(result)).toEqual([]);
  });
});

describe('services, ingresses and routes', () => {
  it('read selector, ports (targetPort defaulting to port) and type', () => {
    const result = parseObjects(ns('x'), service('s', { selector: { app: 'a' }, ports: [{ port: 80, targetPort: 'http', name: 'web' }, { port: 53, protocol: 'UDP' }], type: 'NodePort' }));
    expect(result.snapshot.services).toEqual([
      {
        namespace: 'x',
        name: 's',
        selector: { app: 'a' },
        ports: [
          { name: 'web', port: 80, protocol: 'TCP', targetPort: 'http' },
          { port: 53, protocol: 'UDP', targetPort: 53 },
        ],
        type: 'NodePort',
      },
    ]);
  });

  it('read a missing or empty selector as null and the type as ClusterIP by default', () => {
    const result = parseObjects(ns('x'), service('a', {}), service('b', { selector: {} }));
    expect(result.snapshot.services.map((s) => [s.selector, s.type])).toEqual([
      [null, 'ClusterIP'],
      [null, 'ClusterIP'],
    ]);
  });

  it('reject a service port without port', () => {
    expect(fatalOnes(parseObjects(ns('x'), service('s', { ports: [{ targetPort: 80 }] })))).toMatchObject([{ code: 'object.field.required', path: 'spec.ports[0].port' }]);
  });

  it('turn every Ingress backend (v1 and v1beta1 shapes) into a route', () => {
    const v1 = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'i', namespace: 'x' },
      spec: {
        defaultBackend: { service: { name: 'default-svc', port: { number: 80 } } },
        rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 'web', port: { name: 'http' } } } }, { path: '/r', backend: { resource: { kind: 'Bucket', name: 'b' } } }] } }],
      },
    };
    const beta = {
      apiVersion: 'extensions/v1beta1',
      kind: 'Ingress',
      metadata: { name: 'old', namespace: 'x' },
      spec: { backend: { serviceName: 'legacy', servicePort: 8080 }, rules: [{ http: { paths: [{ backend: { serviceName: 'named', servicePort: 'web' } }] } }] },
    };
    const result = parseObjects(ns('x'), v1, beta);
    expect(result.fatal).toBe(false);
    const source = (name: string) => ({ kind: 'Ingress', namespace: 'x', name });
    expect(result.snapshot.ingressRoutes).toEqual([
      { source: source('i'), namespace: 'x', service: 'default-svc', port: 80 },
      { source: source('i'), namespace: 'x', service: 'web', port: 'http' },
      { source: source('old'), namespace: 'x', service: 'legacy', port: 8080 },
      { source: source('old'), namespace: 'x', service: 'named', port: 'web' },
    ]);
  });

  it('turn an OpenShift Route into routes, mapping a numeric targetPort to the Service ports forwarding to it', () => {
    const route = (name: string, spec: object) => ({ apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name, namespace: 'x' }, spec });
    const result = parseObjects(
      ns('x'),
      service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443, name: 'tls' }] }),
      route('by-number', { to: { kind: 'Service', name: 'web' }, port: { targetPort: 8080 } }),
      route('by-name', { to: { kind: 'Service', name: 'web' }, port: { targetPort: 'tls' }, alternateBackends: [{ kind: 'Service', name: 'other' }] }),
      route('all', { to: { kind: 'Service', name: 'web' } }),
    );
    const source = (name: string) => ({ kind: 'Route', namespace: 'x', name });
    expect(result.snapshot.ingressRoutes).toEqual([
      { source: source('by-number'), namespace: 'x', service: 'web', port: 80 },
      { source: source('by-name'), namespace: 'x', service: 'web', port: 'tls' },
      { source: source('by-name'), namespace: 'x', service: 'other', port: 'tls' },
      { source: source('all'), namespace: 'x', service: 'web' },
    ]);
  });

  it('skip Route kinds of other API groups as unknown', () => {
    const result = parseObjects({ apiVersion: 'gateway.example.io/v1', kind: 'Route', metadata: { name: 'r' } });
    expect(codes(result)).toEqual(['kind.unknown']);
  });
});

describe('nodes', () => {
  it('read labels and Internal/External IPs', () => {
    const node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1', labels: { zone: 'a' } },
      status: { addresses: [{ type: 'InternalIP', address: '192.168.0.1' }, { type: 'Hostname', address: 'n1' }, { type: 'ExternalIP', address: '2001:db8::1' }] },
    };
    expect(parseObjects(node).snapshot.nodes).toEqual([{ name: 'n1', labels: { zone: 'a' }, ips: ['192.168.0.1', '2001:db8::1'], podCIDRs: [] }]);
  });

  it('read the pod ranges of spec.podCIDRs, or of spec.podCIDR when podCIDRs is absent', () => {
    const node = (spec: object) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec });
    expect(parseObjects(node({ podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24', 'fd00:10:244:1::/64'] })).snapshot.nodes[0]!.podCIDRs).toEqual(['10.244.1.0/24', 'fd00:10:244:1::/64']);
    expect(parseObjects(node({ podCIDR: '10.244.2.0/24' })).snapshot.nodes[0]!.podCIDRs).toEqual(['10.244.2.0/24']);
  });
});

describe('objects, counts, unknown kinds and duplicates', () => {
  it('keep one raw object per object of a known kind, with its location', () => {
    const namespace = ns('x');
    const result = parseObjects(namespace, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'x' } });
    expect(result.objects).toEqual([{ apiVersion: 'v1', kind: 'Namespace', namespace: null, name: 'x', uid: null, labels: {}, raw: namespace, file: 'input.json', document: 0, item: 0 }]);
  });

  it('count objects by kind, skipped kinds included, and warn once per unknown kind', () => {
    const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    const result = parseObjects(ns('default'), cm('a'), cm('b'), cm('c'), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } });
    expect(result.snapshot.objectCounts).toEqual({ Namespace: 1, ConfigMap: 3, Secret: 1 });
    expect(result.fatal).toBe(false);
    expect(result.diagnostics).toMatchObject([
      { severity: 'warning', code: 'kind.unknown', item: 1, message: expect.stringContaining('3 objects') },
      { severity: 'warning', code: 'kind.unknown', item: 4 },
    ]);
  });

  const duplicated = [ns('x'), pod('a', { namespace: 'x', labels: { v: '1' } }), pod('a', { namespace: 'x', labels: { v: '2' } }), pod('a', { namespace: 'y' }), ns('y')];

  it('refuse duplicate objects in strict mode (the default), naming both places', () => {
    const result = parseObjects(...duplicated);
    expect(result.fatal).toBe(true);
    expect(fatalOnes(result)).toMatchObject([{ code: 'object.duplicate', item: 2, object: 'Pod x/a', message: expect.stringContaining('first at input.json document 0') }]);
  });

  it('warn on duplicate objects and keep the last definition outside strict mode', () => {
    const result = parseDocuments([{ name: 'input.json', content: JSON.stringify(duplicated) }], { validation: 'warn' });
    expect(result.diagnostics).toMatchObject([{ severity: 'warning', code: 'object.duplicate', item: 2, object: 'Pod x/a' }]);
    expect(result.snapshot.pods.map((p) => [p.namespace, p.labels.v])).toEqual([
      ['x', '2'],
      ['y', undefined],
    ]);
    expect(result.objects.filter((o) => o.kind === 'Pod')).toHaveLength(2);
  });

  it('require metadata.name', () => {
    expect(fatalOnes(parseObjects({ apiVersion: 'v1', kind: 'Pod', metadata: {} }))).toMatchObject([{ code: 'object.field.required', path: 'metadata.name' }]);
  });

  it('set fatal exactly when a fatal diagnostic exists', () => {
    expect(parseObjects(ns('x')).fatal).toBe(false);
    expect(parseObjects({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 1 } }).fatal).toBe(true);
  });
});
