// fast-check generators of small SnapshotModel values (no YAML: the property test must not depend on
// the parser). Labels, port names and CIDRs come from tiny alphabets so that selectors, named ports
// and address blocks actually hit each other.

import fc from 'fast-check';
import type {
  AdminPeer,
  AdminPolicyModel,
  AdminRule,
  AdminSubject,
  AnalysisOptions,
  ContainerPort,
  IpBlockModel,
  LabelSelector,
  LabelSelectorRequirement,
  Labels,
  NamespaceModel,
  NetworkPolicyModel,
  NetworkPolicyPeer,
  NetworkPolicyRule,
  PodModel,
  PortMatch,
  Protocol,
  SnapshotModel,
  TierAction,
} from '../../../src/engine/model.js';
import { METADATA_NAME, type Probe } from '../../support/engine/reference-evaluator.js';

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
const NAMESPACE_NAMES = ['ns1', 'ns2', 'ns3'];
const POD_LABEL_KEYS = ['app', 'tier'];
const NAMESPACE_LABEL_KEYS = ['env', 'team'];
const LABEL_VALUES = ['a', 'b', 'c'];

/** Container ports a pod may declare; names repeat across numbers so resolution is per pod. */
const CONTAINER_PORTS: readonly ContainerPort[] = [
  { name: 'http', port: 80, protocol: 'TCP' },
  { name: 'http', port: 8080, protocol: 'TCP' },
  { name: 'dns', port: 53, protocol: 'UDP' },
  { name: 'dns', port: 53, protocol: 'TCP' },
  { name: 'alt', port: 81, protocol: 'TCP' },
  { name: 'sig', port: 80, protocol: 'SCTP' },
  { port: 443, protocol: 'TCP' },
];
const PORT_NAMES = ['http', 'dns', 'alt', 'sig', 'missing'];
const INTERESTING_PORTS = [53, 79, 80, 81, 443, 8080];

/** The probes every pair is checked on: each interesting port (and one nobody names) for each protocol. */
export const PROBES: readonly Probe[] = PROTOCOLS.flatMap((protocol) =>
  [...INTERESTING_PORTS, 9000].map((port) => ({ protocol, port })),
);

/** Pod IPs are 10.1.0.1.. ; the blocks below contain, exclude or miss them. */
const IP_BLOCKS: readonly IpBlockModel[] = [
  { cidr: '10.0.0.0/8', except: [] },
  { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] },
  { cidr: '10.0.0.0/8', except: ['10.0.0.0/24', '10.1.0.0/30'] },
  { cidr: '10.1.0.0/24', except: ['10.1.0.0/30'] },
  { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '192.168.0.0/16'] },
  { cidr: '192.168.1.0/24', except: [] },
  { cidr: '8.8.8.8/32', except: [] },
  { cidr: '::/0', except: ['2001:db8::/32'] },
  { cidr: '2001:db8::/32', except: [] },
];
const ADMIN_NETWORKS = ['10.0.0.0/8', '10.1.0.0/30', '0.0.0.0/0', '192.168.0.0/16', '8.8.8.8/32', '2001:db8::/32', '::/0'];

/** Addresses probed as external peers: inside, outside and at the edges of the blocks above, never a pod IP. */
export const SAMPLED_ADDRESSES: readonly string[] = [
  '10.0.0.5',
  '10.1.0.200',
  '10.2.3.4',
  '192.168.1.7',
  '192.168.2.1',
  '8.8.8.8',
  '1.2.3.4',
  '2001:db8::1',
  'fd00::1',
];

// ---------------------------------------------------------------- selectors

const labelsArb = (keys: readonly string[]): fc.Arbitrary<Record<string, string>> =>
  fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...LABEL_VALUES), { maxKeys: keys.length });

const requirementArb = (keys: readonly string[]): fc.Arbitrary<LabelSelectorRequirement> =>
  fc.oneof(
    fc.record({
      key: fc.constantFrom(...keys),
      operator: fc.constantFrom('In' as const, 'NotIn' as const),
      values: fc.uniqueArray(fc.constantFrom(...LABEL_VALUES), { minLength: 1, maxLength: 2 }),
    }),
    fc.record({
      key: fc.constantFrom(...keys),
      operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const),
      values: fc.constant([] as string[]),
    }),
  );

const selectorArb = (keys: readonly string[]): fc.Arbitrary<LabelSelector> =>
  fc.record({
    matchLabels: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...LABEL_VALUES), { maxKeys: 1 }),
    matchExpressions: fc.array(requirementArb(keys), { maxLength: 1 }),
  });

const podSelectorArb = selectorArb(POD_LABEL_KEYS);
/** Namespace selectors may also pick a namespace by its metadata.name label. */
const namespaceSelectorArb = fc.oneof(
  selectorArb(NAMESPACE_LABEL_KEYS),
  fc.constantFrom(...NAMESPACE_NAMES).map((name) => ({ matchLabels: { [METADATA_NAME]: name }, matchExpressions: [] })),
);

// ---------------------------------------------------------------- ports

const portNumberArb = fc.constantFrom(...INTERESTING_PORTS);

const portMatchArb: fc.Arbitrary<PortMatch> = fc.oneof(
  fc.record({ kind: fc.constant('range' as const), protocol: fc.constantFrom(...PROTOCOLS), from: portNumberArb, to: portNumberArb }).map(
    (r) => ({ ...r, from: Math.min(r.from, r.to), to: Math.max(r.from, r.to) }),
  ),
  fc.record({ kind: fc.constant('named' as const), protocol: fc.constantFrom(...PROTOCOLS), name: fc.constantFrom(...PORT_NAMES) }),
  fc.record({ kind: fc.constant('all-of-protocol' as const), protocol: fc.constantFrom(...PROTOCOLS) }),
);

const portListArb: fc.Arbitrary<readonly PortMatch[] | null> = fc.option(fc.array(portMatchArb, { minLength: 1, maxLength: 2 }), {
  nil: null,
  freq: 3,
});

/** ANP ports carry no protocol for a named port: the parser expands them to every protocol. */
const adminPortListArb: fc.Arbitrary<readonly PortMatch[] | null> = fc.option(
  fc.array(
    fc.oneof(
      portMatchArb.filter((p) => p.kind === 'range'),
      fc.constantFrom(...PORT_NAMES).map((name): PortMatch[] => PROTOCOLS.map((protocol) => ({ kind: 'named', protocol, name }))),
    ),
    { minLength: 1, maxLength: 2 },
  ).map((entries) => entries.flat()),
  { nil: null, freq: 2 },
);

// ---------------------------------------------------------------- NetworkPolicies

const networkPolicyPeerArb: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pods' as const), namespaceSelector: fc.constant(null), podSelector: podSelectorArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pods' as const), namespaceSelector: namespaceSelectorArb, podSelector: fc.constant(null) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pods' as const), namespaceSelector: namespaceSelectorArb, podSelector: podSelectorArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('ipBlock' as const), ipBlock: fc.constantFrom(...IP_BLOCKS) }) },
);

const networkPolicyRulesArb: fc.Arbitrary<NetworkPolicyRule[]> = fc
  .array(
    fc.record({
      peers: fc.option(fc.array(networkPolicyPeerArb, { minLength: 1, maxLength: 2 }), { nil: null, freq: 4 }),
      ports: portListArb,
    }),
    { maxLength: 2 },
  )
  .map((rules) => rules.map((rule, index) => ({ index, ...rule })));

const networkPolicyArb = (index: number): fc.Arbitrary<NetworkPolicyModel> =>
  fc.record({
    namespace: fc.constantFrom(...NAMESPACE_NAMES),
    name: fc.constant(`np${index}`),
    podSelector: podSelectorArb,
    affectsIngress: fc.boolean(),
    affectsEgress: fc.boolean(),
    ingress: networkPolicyRulesArb,
    egress: networkPolicyRulesArb,
  });

// ---------------------------------------------------------------- admin tiers

const adminSubjectArb: fc.Arbitrary<AdminSubject> = fc.oneof(
  fc.record({ kind: fc.constant('namespaces' as const), namespaceSelector: namespaceSelectorArb }),
  fc.record({ kind: fc.constant('pods' as const), namespaceSelector: namespaceSelectorArb, podSelector: podSelectorArb }),
);

const adminPodPeerArb: fc.Arbitrary<AdminPeer> = fc.oneof(
  fc.record({ kind: fc.constant('namespaces' as const), namespaceSelector: namespaceSelectorArb }),
  fc.record({ kind: fc.constant('pods' as const), namespaceSelector: namespaceSelectorArb, podSelector: podSelectorArb }),
);

/** `networks` peers exist for egress only (as in the ANP API). */
const adminEgressPeerArb: fc.Arbitrary<AdminPeer> = fc.oneof(
  { weight: 2, arbitrary: adminPodPeerArb },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('networks' as const),
      cidrs: fc.uniqueArray(fc.constantFrom(...ADMIN_NETWORKS), { minLength: 1, maxLength: 2 }),
    }),
  },
);

const adminRulesArb = (peerArb: fc.Arbitrary<AdminPeer>, actions: readonly TierAction[]): fc.Arbitrary<AdminRule[]> =>
  fc
    .array(
      fc.record({
        action: fc.constantFrom(...actions),
        peers: fc.array(peerArb, { minLength: 1, maxLength: 2 }),
        ports: adminPortListArb,
      }),
      { maxLength: 3 },
    )
    .map((rules) => rules.map((rule, index) => ({ index, name: `r${index}`, ...rule })));

const adminPolicyArb = (index: number): fc.Arbitrary<AdminPolicyModel> =>
  fc.record({
    kind: fc.constant('AdminNetworkPolicy' as const),
    name: fc.constant(`anp${index}`),
    tier: fc.constant('admin' as const),
    // Two priorities, so that ties (resolved by name) are frequent.
    priority: fc.constantFrom(1, 2),
    subject: adminSubjectArb,
    ingress: adminRulesArb(adminPodPeerArb, ['Allow', 'Deny', 'Pass']),
    egress: adminRulesArb(adminEgressPeerArb, ['Allow', 'Deny', 'Pass']),
  });

const baselinePolicyArb: fc.Arbitrary<AdminPolicyModel> = fc.record({
  kind: fc.constant('BaselineAdminNetworkPolicy' as const),
  name: fc.constant('default'),
  tier: fc.constant('baseline' as const),
  priority: fc.constant(0),
  subject: adminSubjectArb,
  ingress: adminRulesArb(adminPodPeerArb, ['Allow', 'Deny']),
  egress: adminRulesArb(adminEgressPeerArb, ['Allow', 'Deny']),
});

// ---------------------------------------------------------------- cluster

const namespacesArb: fc.Arbitrary<NamespaceModel[]> = fc
  .array(labelsArb(NAMESPACE_LABEL_KEYS), { minLength: 2, maxLength: 3 })
  .map((labelSets) =>
    labelSets.map((labels, i) => {
      const name = NAMESPACE_NAMES[i]!;
      return { name, labels: { ...labels, [METADATA_NAME]: name } as Labels, assumed: false };
    }),
  );

const containerPortsArb: fc.Arbitrary<ContainerPort[]> = fc
  .subarray([...CONTAINER_PORTS], { maxLength: 3 })
  // A pod cannot declare one port name twice.
  .map((ports) => ports.filter((p, i) => p.name === undefined || ports.findIndex((q) => q.name === p.name) === i));

const podsArb = (namespaces: readonly NamespaceModel[]): fc.Arbitrary<PodModel[]> =>
  fc
    .array(
      fc.record({
        namespace: fc.constantFrom(...namespaces.map((ns) => ns.name)),
        labels: labelsArb(POD_LABEL_KEYS),
        ports: containerPortsArb,
      }),
      { minLength: 2, maxLength: 6 },
    )
    .map((pods) =>
      pods.map((pod, i) => {
        const name = `p${i}`;
        return {
          ...pod,
          name,
          ips: [`10.1.0.${i + 1}`],
          hostNetwork: false,
          workload: { kind: 'Pod', namespace: pod.namespace, name },
          representative: false,
        };
      }),
    );

const indexedArray = <T>(make: (index: number) => fc.Arbitrary<T>, maxLength: number): fc.Arbitrary<T[]> =>
  fc.integer({ min: 0, max: maxLength }).chain((n) => (n === 0 ? fc.constant([]) : fc.tuple(...Array.from({ length: n }, (_, i) => make(i)))));

export const snapshotArb: fc.Arbitrary<SnapshotModel> = namespacesArb.chain((namespaces) =>
  fc
    .record({
      pods: podsArb(namespaces),
      networkPolicies: indexedArray(networkPolicyArb, 4),
      anps: indexedArray(adminPolicyArb, 2),
      banp: fc.option(baselinePolicyArb, { nil: null, freq: 2 }),
    })
    .map(({ pods, networkPolicies, anps, banp }) => ({
      namespaces,
      nodes: [],
      pods,
      services: [],
      ingressRoutes: [],
      networkPolicies,
      adminPolicies: banp ? [...anps, banp] : anps,
      objectCounts: {},
    })),
);

export const optionsArb: fc.Arbitrary<AnalysisOptions> = fc.record({
  ipBlockMatchesPods: fc.boolean(),
  hostNetwork: fc.constant('node' as const),
  adminNetworksMatchPods: fc.boolean(),
});
