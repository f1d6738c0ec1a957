import { Partition } from '../../../src/engine/analysis/partition.js';
import { PortSet } from '../../../src/engine/sets/port-set.js';
import { containerPort, ipBlock, named, networkPolicy, pod, sel, snapshot } from './builders.js';
import { canReach, conns, run } from './helpers.js';

describe('pod classes keep apart what policies can tell apart', () => {
  it('same labels, different named ports: each pod resolves the name on its own ports', () => {
    const pods = [
      pod('x/a1', { app: 'a' }, { ports: [containerPort(8080, 'http')] }),
      pod('x/a2', { app: 'a' }, { ports: [containerPort(9090, 'http')] }),
      pod('x/client', { app: 'client' }),
    ];
    const a = run(snapshot({ pods, networkPolicies: [networkPolicy('x/in', { podSelector: sel({ app: 'a' }), ingress: [{ ports: [named('http')] }] })] }));
    expect(conns(a, 'x/client', 'x/a1').equals(PortSet.port('TCP', 8080))).toBe(true);
    expect(conns(a, 'x/client', 'x/a2').equals(PortSet.port('TCP', 9090))).toBe(true);
  });

  it('same labels, different IPs: with ipBlockMatchesPods each pod is placed by its own address', () => {
    const pods = [pod('x/a1', { app: 'a' }, { ips: ['10.0.0.1'] }), pod('x/a2', { app: 'a' }, { ips: ['10.0.1.1'] }), pod('x/client', { app: 'client' }, { ips: ['10.9.9.9'] })];
    const a = run(
      snapshot({ pods, networkPolicies: [networkPolicy('x/out', { podSelector: sel({ app: 'client' }), egress: [{ peers: [ipBlock('10.0.0.0/24')] }], types: ['Egress'] })] }),
      { ipBlockMatchesPods: true },
    );
    expect(canReach(a, 'x/client', 'x/a1')).toBe(true);
    expect(canReach(a, 'x/client', 'x/a2')).toBe(false);
  });

  it('same labels in different namespaces are different classes', () => {
    const pods = [pod('x/a', { app: 'a' }), pod('y/a', { app: 'a' }), pod('x/c', { app: 'c' })];
    const a = run(snapshot({ pods, networkPolicies: [networkPolicy('x/deny', { podSelector: sel({ app: 'a' }), ingress: [] })] }));
    expect(canReach(a, 'x/c', 'x/a')).toBe(false);
    expect(canReach(a, 'x/c', 'y/a')).toBe(true);
  });
});

describe('partition refinement', () => {
  it('splits blocks by member sets and by keys', () => {
    const p = new Partition(6);
    p.refine([0, 1, 2]);
    p.refine([2, 3]);
    const b = p.blockOf;
    expect(b[0]).toBe(b[1]);
    expect(new Set([b[0], b[2], b[3], b[4]]).size).toBe(4);
    expect(b[4]).toBe(b[5]);
    p.refineByKey((e) => (e === 5 ? 'odd one' : ''));
    expect(p.blockOf[4]).not.toBe(p.blockOf[5]);
    expect(p.blockOf[0]).toBe(p.blockOf[1]);
    expect(p.blockCount).toBe(5);
    const reps = p.representatives();
    expect([...reps].sort((x, y) => x - y)).toEqual([0, 2, 3, 4, 5]);
  });
});
