import { connectivity } from '../../../src/engine/analysis/index.js';
import { PortSet } from '../../../src/engine/sets/port-set.js';
import {
  allOf,
  containerPort,
  ipBlock,
  named,
  namespace,
  networkPolicy,
  pod,
  pods,
  sel,
  snapshot,
  tcp,
  udp,
} from './builders.js';
import { canReach, codes, conns, run } from './helpers.js';

const threeNamespaces = [namespace('x', { ns: 'x' }), namespace('y', { ns: 'y' }), namespace('z', { ns: 'z' })];
const abc = ['x', 'y', 'z'].flatMap((ns) => ['a', 'b', 'c'].map((p) => pod(`${ns}/${p}`, { pod: p })));

describe('NetworkPolicy: subjects and isolation', () => {
  it('without policies every pod reaches every pod on every port', () => {
    const a = run(snapshot({ namespaces: threeNamespaces, pods: abc }));
    expect(conns(a, 'x/a', 'z/c').isAll()).toBe(true);
  });

  it('podSelector {} isolates every pod of the policy namespace and no other', () => {
    const a = run(snapshot({ namespaces: threeNamespaces, pods: abc, networkPolicies: [networkPolicy('x/deny', { ingress: [] })] }));
    expect(canReach(a, 'y/a', 'x/b')).toBe(false);
    expect(canReach(a, 'x/a', 'x/b')).toBe(false);
    expect(canReach(a, 'x/a', 'y/b')).toBe(true);
  });

  it('a podSelector isolates only the pods it selects', () => {
    const a = run(snapshot({ namespaces: threeNamespaces, pods: abc, networkPolicies: [networkPolicy('x/deny-b', { podSelector: sel({ pod: 'b' }), ingress: [] })] }));
    expect(canReach(a, 'x/a', 'x/b')).toBe(false);
    expect(canReach(a, 'x/a', 'x/c')).toBe(true);
  });

  it('an Egress-only policy leaves ingress alone, and egress isolation blocks the source side', () => {
    const a = run(snapshot({ namespaces: threeNamespaces, pods: abc, networkPolicies: [networkPolicy('x/no-egress', { podSelector: sel({ pod: 'a' }), egress: [], types: ['Egress'] })] }));
    expect(canReach(a, 'x/a', 'y/a')).toBe(false);
    expect(canReach(a, 'y/a', 'x/a')).toBe(true);
  });

  it('a connection needs both the source egress and the destination ingress to allow it', () => {
    const policies = [
      networkPolicy('x/a-egress-80', { podSelector: sel({ pod: 'a' }), egress: [{ ports: [tcp(80), tcp(81)] }], types: ['Egress'] }),
      networkPolicy('y/b-ingress-81', { podSelector: sel({ pod: 'b' }), ingress: [{ ports: [tcp(81), tcp(82)] }] }),
    ];
    const a = run(snapshot({ namespaces: threeNamespaces, pods: abc, networkPolicies: policies }));
    expect(conns(a, 'x/a', 'y/b').equals(PortSet.port('TCP', 81))).toBe(true);
  });

  it('policies selecting the same pod add up', () => {
    const policies = [
      networkPolicy('x/p80', { podSelector: sel({ pod: 'b' }), ingress: [{ ports: [tcp(80)] }] }),
      networkPolicy('x/p81', { podSelector: sel({ pod: 'b' }), ingress: [{ peers: [pods(sel({ pod: 'a' }))], ports: [tcp(81)] }] }),
    ];
    const a = run(snapshot({ namespaces: threeNamespaces, pods: abc, networkPolicies: policies }));
    expect(conns(a, 'x/a', 'x/b').equals(PortSet.range('TCP', 80, 81))).toBe(true);
    expect(conns(a, 'x/c', 'x/b').equals(PortSet.port('TCP', 80))).toBe(true);
  });

  it('a rule without ports allows every port and protocol; a protocol without port allows all of that protocol', () => {
    const policies = [
      networkPolicy('x/any', { podSelector: sel({ pod: 'a' }), ingress: [{ peers: [pods(sel({ pod: 'b' }))] }] }),
      networkPolicy('x/udp', { podSelector: sel({ pod: 'a' }), ingress: [{ peers: [pods(sel({ pod: 'c' }))], ports: [allOf('UDP')] }] }),
    ];
    const a = run(snapshot({ namespaces: threeNamespaces, pods: abc, networkPolicies: policies }));
    expect(conns(a, 'x/b', 'x/a').isAll()).toBe(true);
    expect(conns(a, 'x/c', 'x/a').equals(PortSet.protocol('UDP'))).toBe(true);
  });
});

describe('NetworkPolicy: peers', () => {
  const isolateXa = (peers: Parameters<typeof networkPolicy>[1]['ingress']) =>
    run(snapshot({ namespaces: threeNamespaces, pods: abc, networkPolicies: [networkPolicy('x/p', { podSelector: sel({ pod: 'a' }), ingress: peers })] }));

  it('a podSelector peer without namespaceSelector means pods of the policy namespace only', () => {
    const a = isolateXa([{ peers: [pods(sel({ pod: 'b' }))] }]);
    expect(canReach(a, 'x/b', 'x/a')).toBe(true);
    expect(canReach(a, 'y/b', 'x/a')).toBe(false);
    expect(canReach(a, 'x/c', 'x/a')).toBe(false);
  });

  it('namespaceSelector {} means every namespace', () => {
    const a = isolateXa([{ peers: [pods(sel({ pod: 'b' }), sel())] }]);
    expect(canReach(a, 'y/b', 'x/a')).toBe(true);
    expect(canReach(a, 'z/b', 'x/a')).toBe(true);
    expect(canReach(a, 'z/c', 'x/a')).toBe(false);
  });

  it('a namespaceSelector without podSelector means every pod of the selected namespaces', () => {
    const a = isolateXa([{ peers: [pods(null, sel({ ns: 'y' }))] }]);
    expect(canReach(a, 'y/c', 'x/a')).toBe(true);
    expect(canReach(a, 'z/c', 'x/a')).toBe(false);
    expect(canReach(a, 'x/b', 'x/a')).toBe(false);
  });

  it('namespaceSelector and podSelector in one peer are ANDed; separate peers are ORed', () => {
    const anded = isolateXa([{ peers: [pods(sel({ pod: 'b' }), sel({ ns: 'y' }))] }]);
    expect(canReach(anded, 'y/b', 'x/a')).toBe(true);
    expect(canReach(anded, 'y/c', 'x/a')).toBe(false);
    expect(canReach(anded, 'z/b', 'x/a')).toBe(false);
    const ored = isolateXa([{ peers: [pods(sel({ pod: 'b' })), pods(null, sel({ ns: 'z' }))] }]);
    expect(canReach(ored, 'x/b', 'x/a')).toBe(true);
    expect(canReach(ored, 'z/c', 'x/a')).toBe(true);
    expect(canReach(ored, 'y/b', 'x/a')).toBe(false);
  });

  it('matchExpressions in namespace selectors follow label selector semantics', () => {
    const a = isolateXa([{ peers: [pods(null, sel({}, [{ key: 'ns', operator: 'NotIn', values: ['y'] }]))] }]);
    expect(canReach(a, 'z/b', 'x/a')).toBe(true);
    expect(canReach(a, 'y/b', 'x/a')).toBe(false);
  });

  it('a rule without peers matches every pod and every external address', () => {
    const a = isolateXa([{ ports: [tcp(80)] }]);
    expect(canReach(a, 'z/c', 'x/a')).toBe(true);
    const result = connectivity(a, 'pod', 's');
    const fromOutside = result.connections.filter((c) => c.src.kind === 'External' && c.dst.kind === 'Pod' && c.dst.name === 'a' && c.dst.namespace === 'x');
    expect(fromOutside).toHaveLength(1);
    expect(fromOutside[0].src).toEqual({ kind: 'External', cidrs: ['0.0.0.0/0', '::/0'] });
    expect(fromOutside[0].ports).toEqual([{ protocol: 'TCP', from: 80, to: 80 }]);
  });
});

describe('NetworkPolicy: ipBlock', () => {
  const withIps = abc.map((p, i) => ({ ...p, ips: [`10.0.0.${i + 1}`] }));
  const policies = [networkPolicy('x/p', { podSelector: sel({ pod: 'a' }), egress: [{ peers: [ipBlock('10.0.0.0/24', ['10.0.0.5/32'])] }], types: ['Egress'] })];

  it('matches external addresses in the cidr minus the excepts', () => {
    const a = run(snapshot({ namespaces: threeNamespaces, pods: withIps, networkPolicies: policies }));
    const out = connectivity(a, 'pod', 's').connections.filter((c) => c.src.kind === 'Pod' && c.src.namespace === 'x' && c.src.name === 'a' && c.dst.kind === 'External');
    expect(out).toHaveLength(1);
    expect(out[0].dst).toEqual({ kind: 'External', cidrs: ['10.0.0.0/30', '10.0.0.4/32', '10.0.0.6/31', '10.0.0.8/29', '10.0.0.16/28', '10.0.0.32/27', '10.0.0.64/26', '10.0.0.128/25'] });
    expect(out[0].allPorts).toBe(true);
  });

  it('does not match pod IPs by default', () => {
    const a = run(snapshot({ namespaces: threeNamespaces, pods: withIps, networkPolicies: policies }));
    expect(canReach(a, 'x/a', 'x/b')).toBe(false);
  });

  it('matches pod IPs (minus the excepts) with ipBlockMatchesPods', () => {
    const a = run(snapshot({ namespaces: threeNamespaces, pods: withIps, networkPolicies: policies }), { ipBlockMatchesPods: true });
    expect(canReach(a, 'x/a', 'x/b')).toBe(true); // 10.0.0.2
    expect(canReach(a, 'x/a', 'y/b')).toBe(false); // 10.0.0.5 is excepted
  });

  it('an invalid cidr matches nothing and is reported', () => {
    const bad = [networkPolicy('x/bad', { podSelector: sel({ pod: 'a' }), egress: [{ peers: [ipBlock('10.0.0.300/24')] }], types: ['Egress'] })];
    const a = run(snapshot({ namespaces: threeNamespaces, pods: withIps, networkPolicies: bad }));
    expect(canReach(a, 'x/a', 'x/b')).toBe(false);
    expect(codes(a)).toContain('policy.cidr.invalid');
  });
});

describe('NetworkPolicy: named ports', () => {
  const server = pod('x/server', { app: 'server' }, { ports: [containerPort(8080, 'http'), containerPort(53, 'dns', 'UDP')] });
  const other = pod('x/other', { app: 'other' }, { ports: [containerPort(9090, 'http')] });
  const client = pod('x/client', { app: 'client' });

  it('an ingress rule resolves the name on the selected (destination) pod', () => {
    const policies = [networkPolicy('x/in', { podSelector: sel(), ingress: [{ ports: [named('http')] }] })];
    const a = run(snapshot({ pods: [server, other, client], networkPolicies: policies }));
    expect(conns(a, 'x/client', 'x/server').equals(PortSet.port('TCP', 8080))).toBe(true);
    expect(conns(a, 'x/client', 'x/other').equals(PortSet.port('TCP', 9090))).toBe(true);
  });

  it('an egress rule resolves the name on the peer (destination) pod', () => {
    const policies = [networkPolicy('x/out', { podSelector: sel({ app: 'client' }), egress: [{ ports: [named('http')] }], types: ['Egress'] })];
    const a = run(snapshot({ pods: [server, other, client], networkPolicies: policies }));
    expect(conns(a, 'x/client', 'x/server').equals(PortSet.port('TCP', 8080))).toBe(true);
    expect(conns(a, 'x/client', 'x/other').equals(PortSet.port('TCP', 9090))).toBe(true);
  });

  it('the protocol must match the container port', () => {
    const policies = [networkPolicy('x/in', { podSelector: sel({ app: 'server' }), ingress: [{ ports: [named('dns', 'TCP'), named('dns', 'UDP')] }] })];
    const a = run(snapshot({ pods: [server, client], networkPolicies: policies }));
    expect(conns(a, 'x/client', 'x/server').equals(PortSet.port('UDP', 53))).toBe(true);
  });

  it('an unresolvable name matches nothing on that pod and is reported once per policy and name', () => {
    const policies = [networkPolicy('x/in', { podSelector: sel(), ingress: [{ ports: [named('grpc'), udp(5000)] }, { ports: [named('grpc')] }] })];
    const a = run(snapshot({ pods: [server, other, client], networkPolicies: policies }));
    expect(conns(a, 'x/client', 'x/server').equals(PortSet.port('UDP', 5000))).toBe(true);
    expect(codes(a).filter((c) => c === 'port.named.unresolved')).toHaveLength(1);
  });

  it('towards an external address the name stays a named entry', () => {
    const policies = [networkPolicy('x/out', { podSelector: sel({ app: 'client' }), egress: [{ peers: [ipBlock('192.168.0.0/16')], ports: [named('http')] }], types: ['Egress'] })];
    const a = run(snapshot({ pods: [server, client], networkPolicies: policies }));
    const out = connectivity(a, 'pod', 's').connections.filter((c) => c.src.kind === 'Pod' && c.src.name === 'client' && c.dst.kind === 'External');
    expect(out).toHaveLength(1);
    expect(out[0].ports).toEqual([{ protocol: 'TCP', name: 'http' }]);
    expect(out[0].dst).toEqual({ kind: 'External', cidrs: ['192.168.0.0/16'] });
  });
});

describe('pods and themselves', () => {
  it('a pod can always reach itself, even when isolated', () => {
    const a = run(snapshot({ pods: [pod('x/a'), pod('x/b')], networkPolicies: [networkPolicy('x/deny', { ingress: [], egress: [] })] }));
    expect(conns(a, 'x/a', 'x/a').isAll()).toBe(true);
    expect(canReach(a, 'x/a', 'x/b')).toBe(false);
  });

  it('pods of one class still reach each other as distinct pods', () => {
    const twins = [pod('x/a1', { app: 'a' }), pod('x/a2', { app: 'a' })];
    const a = run(snapshot({ pods: twins, networkPolicies: [networkPolicy('x/only-80', { ingress: [{ ports: [tcp(80)] }] })] }));
    expect(conns(a, 'x/a1', 'x/a2').equals(PortSet.port('TCP', 80))).toBe(true);
  });
});
