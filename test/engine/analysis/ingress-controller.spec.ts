import { connectivity } from '../../../src/engine/analysis/index.js';
import type { IngressRouteModel, ServiceModel } from '../../../src/engine/model.js';
import { PortSet } from '../../../src/engine/sets/port-set.js';
import { containerPort, namespace, networkPolicy, pod, pods, sel, snapshot, tcp } from './builders.js';
import { codes, run } from './helpers.js';

const web = pod('shop/web-1', { app: 'web' }, { ports: [containerPort(8080, 'http'), containerPort(9090, 'admin')], workload: { kind: 'Deployment', namespace: 'shop', name: 'web' } });
const db = pod('shop/db-1', { app: 'db' }, { workload: { kind: 'Deployment', namespace: 'shop', name: 'db' } });
const service: ServiceModel = {
  namespace: 'shop',
  name: 'web',
  selector: { app: 'web' },
  type: 'ClusterIP',
  ports: [
    { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
    { name: 'admin', port: 9000, protocol: 'TCP', targetPort: 9090 },
    { name: 'udp', port: 53, protocol: 'UDP', targetPort: 53 },
  ],
};
const route = (port?: number | string, svc = 'web'): IngressRouteModel => ({ source: { kind: 'Ingress', namespace: 'shop', name: 'ing' }, namespace: 'shop', service: svc, ...(port === undefined ? {} : { port }) });

function fromController(routes: IngressRouteModel[], policies = [] as ReturnType<typeof networkPolicy>[]) {
  const a = run(snapshot({ namespaces: [namespace('shop')], pods: [web, db], services: [service], ingressRoutes: routes, networkPolicies: policies }));
  const conns = connectivity(a, 'workload', 's').connections.filter((c) => c.src.kind === 'IngressController');
  return { a, conns };
}

describe('traffic through Ingress / Route objects', () => {
  it('reaches the Service pods on the routed port, resolving a named targetPort on the pod', () => {
    const { conns } = fromController([route(80)]);
    expect(conns).toEqual([{ src: { kind: 'IngressController' }, dst: { kind: 'Deployment', namespace: 'shop', name: 'web' }, allPorts: false, ports: [{ protocol: 'TCP', from: 8080, to: 8080 }] }]);
  });

  it('selects the Service port by name, and every TCP port when the route names none', () => {
    expect(fromController([route('admin')]).conns[0].ports).toEqual([{ protocol: 'TCP', from: 9090, to: 9090 }]);
    expect(PortSet.fromEntries(fromController([route()]).conns[0].ports).equals(PortSet.port('TCP', 8080).union(PortSet.port('TCP', 9090)))).toBe(true);
  });

  it('reports a route to a missing Service or port and adds nothing', () => {
    const missing = fromController([route(80, 'nope')]);
    expect(missing.conns).toEqual([]);
    expect(codes(missing.a)).toContain('ingress.service.missing');
    const noPort = fromController([route(8080)]);
    expect(noPort.conns).toEqual([]);
    expect(codes(noPort.a)).toContain('ingress.service.port.missing');
  });

  it('is limited by the destination ingress policies: a namespaceSelector {} or a rule without peers admits the controller', () => {
    const everyNamespace = networkPolicy('shop/all-ns', { podSelector: sel({ app: 'web' }), ingress: [{ peers: [pods(null, sel())], ports: [tcp(8080)] }] });
    expect(fromController([route()], [everyNamespace]).conns[0].ports).toEqual([{ protocol: 'TCP', from: 8080, to: 8080 }]);
    const anyPeer = networkPolicy('shop/any', { podSelector: sel({ app: 'web' }), ingress: [{ ports: [tcp(9090)] }] });
    expect(fromController([route()], [anyPeer]).conns[0].ports).toEqual([{ protocol: 'TCP', from: 9090, to: 9090 }]);
  });

  it('is denied by selectors that need namespace labels or same-namespace pods', () => {
    const labelled = networkPolicy('shop/labelled', { podSelector: sel({ app: 'web' }), ingress: [{ peers: [pods(null, sel({ 'kubernetes.io/metadata.name': 'ingress-nginx' }))] }] });
    expect(fromController([route()], [labelled]).conns).toEqual([]);
    const sameNamespace = networkPolicy('shop/same', { podSelector: sel({ app: 'web' }), ingress: [{ peers: [pods(sel())] }] });
    expect(fromController([route()], [sameNamespace]).conns).toEqual([]);
  });

  it('is not affected by egress policies (the controller is outside every policy)', () => {
    const denyAllEgress = networkPolicy('shop/no-egress', { egress: [], types: ['Egress'] });
    expect(fromController([route(80)], [denyAllEgress]).conns).toHaveLength(1);
  });

  it('adds nothing without routes', () => {
    expect(fromController([]).conns).toEqual([]);
  });
});
