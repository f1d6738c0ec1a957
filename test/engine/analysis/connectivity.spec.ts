import { connectivity } from '../../../src/engine/analysis/index.js';
import type { Connection } from '../../../src/engine/result.js';
import { PortSet } from '../../../src/engine/sets/port-set.js';
import { ipBlock, namespace, networkPolicy, pod, pods, sel, snapshot, tcp } from './builders.js';
import { run } from './helpers.js';

const deployment = (ns: string, name: string) => ({ workload: { kind: 'Deployment', namespace: ns, name } });
const shop = [
  pod('shop/front-1', { app: 'front', v: '1' }, deployment('shop', 'front')),
  pod('shop/front-2', { app: 'front', v: '2' }, deployment('shop', 'front')),
  pod('shop/db-1', { app: 'db' }, deployment('shop', 'db')),
  pod('ops/tool', { app: 'tool' }),
];
// db accepts 80 from front v1 and 81 from front v2; nothing else reaches db; db talks to nobody.
const policies = [
  networkPolicy('shop/db', {
    podSelector: sel({ app: 'db' }),
    ingress: [
      { peers: [pods(sel({ app: 'front', v: '1' }))], ports: [tcp(80)] },
      { peers: [pods(sel({ app: 'front', v: '2' }))], ports: [tcp(81)] },
    ],
    egress: [],
  }),
];
const analysis = run(snapshot({ namespaces: [namespace('shop'), namespace('ops')], pods: shop, networkPolicies: policies }));

const text = (c: Connection) => JSON.stringify([c.src, c.dst]);
const find = (list: Connection[], src: object, dst: object) => list.find((c) => text(c) === JSON.stringify([src, dst]));

describe('connectivity', () => {
  it('pod granularity names pods, lists only allowed pairs, never a pod with itself', () => {
    const result = connectivity(analysis, 'pod', 'snap-1');
    expect(result.snapshot).toBe('snap-1');
    expect(result.granularity).toBe('pod');
    const c = result.connections;
    expect(find(c, { kind: 'Pod', namespace: 'shop', name: 'front-1' }, { kind: 'Pod', namespace: 'shop', name: 'db-1' })?.ports).toEqual([{ protocol: 'TCP', from: 80, to: 80 }]);
    expect(find(c, { kind: 'Pod', namespace: 'ops', name: 'tool' }, { kind: 'Pod', namespace: 'shop', name: 'db-1' })).toBeUndefined();
    expect(find(c, { kind: 'Pod', namespace: 'shop', name: 'db-1' }, { kind: 'Pod', namespace: 'ops', name: 'tool' })).toBeUndefined();
    expect(c.some((x) => JSON.stringify(x.src) === JSON.stringify(x.dst))).toBe(false);
  });

  it('lists every endpoint of the granularity, connected or not, for the diff', () => {
    const workloads = connectivity(analysis, 'workload', 's').endpoints!.map((e) => ('name' in e ? e.name : e.kind));
    const pods = connectivity(analysis, 'pod', 's').endpoints!;
    expect(new Set(workloads)).toEqual(new Set(['front', 'db', 'tool']));
    expect(pods).toHaveLength(new Set(pods.map((e) => JSON.stringify(e))).size);
    expect(pods).toContainEqual({ kind: 'Pod', namespace: 'ops', name: 'tool' });
  });

  it('allPorts connections carry no port list', () => {
    const c = connectivity(analysis, 'pod', 's').connections;
    const open = find(c, { kind: 'Pod', namespace: 'ops', name: 'tool' }, { kind: 'Pod', namespace: 'shop', name: 'front-1' });
    expect(open).toMatchObject({ allPorts: true, ports: [] });
  });

  it('workload granularity is the union over the workload pods', () => {
    const c = connectivity(analysis, 'workload', 's').connections;
    const frontToDb = find(c, { kind: 'Deployment', namespace: 'shop', name: 'front' }, { kind: 'Deployment', namespace: 'shop', name: 'db' });
    expect(PortSet.fromEntries(frontToDb!.ports).equals(PortSet.range('TCP', 80, 81))).toBe(true);
    expect(c.some((x) => JSON.stringify(x.src) === JSON.stringify(x.dst))).toBe(false);
  });

  it('namespace granularity is the union over the namespace pods, without a namespace to itself', () => {
    const c = connectivity(analysis, 'namespace', 's').connections;
    expect(find(c, { kind: 'Namespace', name: 'ops' }, { kind: 'Namespace', name: 'shop' })?.allPorts).toBe(true);
    expect(find(c, { kind: 'Namespace', name: 'shop' }, { kind: 'Namespace', name: 'shop' })).toBeUndefined();
  });

  it('is sorted by source then destination text, and deterministic', () => {
    const first = connectivity(analysis, 'pod', 's');
    const second = connectivity(analysis, 'pod', 's');
    expect(second).toEqual(first);
    const key = (e: Connection['src']) => ('cidrs' in e ? e.cidrs.join() : 'namespace' in e ? `${e.namespace}/${e.name}` : e.kind);
    const srcs = first.connections.map((c) => key(c.src));
    expect(srcs.filter((s) => s.includes('/') && !s.includes(':'))).toEqual(
      [...srcs.filter((s) => s.includes('/') && !s.includes(':'))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });

  it('echoes the options and the analysis diagnostics', () => {
    const withOption = run(snapshot({ pods: [pod('x/h', {}, { hostNetwork: true })] }), { ipBlockMatchesPods: true });
    const result = connectivity(withOption, 'pod', 's');
    expect(result.options).toEqual({ ipBlockMatchesPods: true, hostNetwork: 'node', adminNetworksMatchPods: false });
    expect(result.diagnostics?.map((d) => d.code)).toEqual(['pod.hostNetwork']);
  });

  it('external endpoints: one per distinct port set, covering exactly the addresses that share it', () => {
    const egress = networkPolicy('x/out', {
      podSelector: sel(),
      egress: [
        { peers: [ipBlock('10.0.0.0/8'), ipBlock('192.168.0.0/16')], ports: [tcp(443)] },
        { peers: [ipBlock('10.1.0.0/16')], ports: [tcp(80)] },
      ],
      types: ['Egress'],
    });
    const a = run(snapshot({ pods: [pod('x/a')], networkPolicies: [egress] }));
    const out = connectivity(a, 'pod', 's').connections.filter((c) => c.src.kind === 'Pod' && c.dst.kind === 'External');
    // Sorted by address text: 10.0.0.0-… before 10.1.0.0-….
    expect(out.map((c) => ({ dst: c.dst, ports: c.ports }))).toEqual([
      { dst: { kind: 'External', cidrs: ['10.0.0.0/16', '10.2.0.0/15', '10.4.0.0/14', '10.8.0.0/13', '10.16.0.0/12', '10.32.0.0/11', '10.64.0.0/10', '10.128.0.0/9', '192.168.0.0/16'] }, ports: [{ protocol: 'TCP', from: 443, to: 443 }] },
      { dst: { kind: 'External', cidrs: ['10.1.0.0/16'] }, ports: [{ protocol: 'TCP', from: 80, to: 80 }, { protocol: 'TCP', from: 443, to: 443 }] },
    ]);
    // Ingress is not isolated: every address reaches the pod, IPv4 and IPv6.
    const into = connectivity(a, 'pod', 's').connections.filter((c) => c.src.kind === 'External');
    expect(into.map((c) => c.src)).toEqual([{ kind: 'External', cidrs: ['0.0.0.0/0', '::/0'] }]);
  });
});
