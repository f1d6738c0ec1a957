// The class-bits path (no admin tiers, no ports) also decides traffic to and from addresses,
// from the direction tables' address columns: checked against the reference evaluator for pods,
// addresses inside and outside the policies' blocks, hostNetwork pods and both options.

import { analyze, connectivity, type AnalysisOptions, type SnapshotModel } from '../../../src/engine/index.js';
import { stateOf } from '../../../src/engine/analysis/state.js';
import { cidrRange, parseAddress, rangeContains } from '../../support/engine/address-ranges.js';
import { referenceAllowed } from '../../support/engine/reference-evaluator.js';
import { ipBlock, networkPolicy, node, pod, pods, sel, snapshot } from './builders.js';

const ADDRESSES = ['10.0.0.5', '10.1.2.3', '10.1.255.255', '8.8.8.8', '192.168.100.2', '10.9.0.7', '2001:db8::1'];

const CLUSTER: SnapshotModel = snapshot({
  nodes: [node('n1', ['192.168.100.2'])],
  pods: [
    pod('x/a', { app: 'a' }, { ips: ['10.9.0.7'] }),
    pod('x/b', { app: 'b' }, { ips: ['10.9.0.8'] }),
    pod('y/c', { app: 'c' }, { ips: ['10.9.0.9'] }),
    pod('y/host', { app: 'host' }, { ips: ['192.168.100.2'], hostNetwork: true, nodeName: 'n1' }),
  ],
  networkPolicies: [
    // a: egress to 10/8 except 10.1/16 and to b; ingress from c only.
    networkPolicy('x/a-out', { podSelector: sel({ app: 'a' }), egress: [{ peers: [ipBlock('10.0.0.0/8', ['10.1.0.0/16']), pods(sel({ app: 'b' }))] }], types: ['Egress'] }),
    networkPolicy('x/a-in', { podSelector: sel({ app: 'a' }), ingress: [{ peers: [pods(sel({ app: 'c' }), sel({}))] }] }),
    // c: ingress from the node network block only; everything out.
    networkPolicy('y/c-in', { podSelector: sel({ app: 'c' }), ingress: [{ peers: [ipBlock('192.168.100.0/24')] }] }),
  ],
});

function endpointOf(text: string) {
  const found = CLUSTER.pods.find((p) => `${p.namespace}/${p.name}` === text);
  return found === undefined ? ({ kind: 'address', ip: text } as const) : ({ kind: 'pod', pod: found } as const);
}

describe.each([
  { ipBlockMatchesPods: false, adminNetworksMatchPods: false },
  { ipBlockMatchesPods: true, adminNetworksMatchPods: false },
])('class bits with addresses (ipBlockMatchesPods $ipBlockMatchesPods)', (flags) => {
  const options: AnalysisOptions = { ...analyze(CLUSTER).options, ...flags };
  const analysis = analyze(CLUSTER, options);
  const result = connectivity(analysis, 'pod', 'bits');
  const podNames = CLUSTER.pods.map((p) => `${p.namespace}/${p.name}`);

  /** Whether the list allows src → dst on TCP 80 (addresses: the External row whose CIDRs hold it). */
  const listed = (src: string, dst: string): boolean =>
    result.connections.some((c) => {
      const side = (e: typeof c.src, text: string) => {
        if (e.kind === 'External') {
          if (podNames.includes(text)) return false;
          const address = parseAddress(text);
          return (e as { cidrs: string[] }).cidrs.some((cidr) => rangeContains(cidrRange(cidr), address.family, address.value));
        }
        return 'namespace' in e && `${e.namespace}/${e.name}` === text;
      };
      return side(c.src, src) && side(c.dst, dst) && (c.allPorts || c.ports.some((p) => p.protocol === 'TCP' && 'from' in p && p.from <= 80 && 80 <= p.to));
    });

  it('takes the class-bits path', () => {
    expect(stateOf(analysis).parts.pairs.form).toBe('bits');
  });

  it.each(podNames)('agrees with the reference for %s towards and from every pod and address', (name) => {
    const mismatches: string[] = [];
    for (const other of [...podNames, ...ADDRESSES]) {
      if (other === name) continue;
      for (const [src, dst] of [
        [name, other],
        [other, name],
      ]) {
        const expected = referenceAllowed(CLUSTER, options, endpointOf(src), endpointOf(dst), { protocol: 'TCP', port: 80 });
        if (listed(src, dst) !== expected) mismatches.push(`${src} -> ${dst}: engine ${!expected}, reference ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
