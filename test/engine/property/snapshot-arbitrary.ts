// fast-check generators of small SnapshotModel values (no YAML: the property test must not depend on
// the parser). Labels, port names and CIDRs come from tiny alphabets so that selectors, named ports
// and address blocks actually hit each other. Covered: NetworkPolicies, ANPs, the BANP,
// ClusterNetworkPolicies in both tiers, admin `nodes` peers, hostNetwork pods (on nodes whose IPs
// the address blocks contain, exclude or miss), and Services with Ingress routes.

import fc from 'fast-check';
import type {
  AdminPeer,
  AdminPolicyModel,
  AdminRule,
  AdminSubject,
  AnalysisOptions,
  ContainerPort,
  IngressRouteModel,
  IpBlockModel,
  LabelSelector,
  LabelSelectorRequirement,
  Labels,
  NamespaceModel,
  NetworkPolicyModel,
  NetworkPolicyPeer,
  NetworkPolicyRule,
  NodeModel,
  PodModel,
  PortMatch,
  Protocol,
  ServiceModel,
  ServicePort,
  SnapshotModel,
  Tier,
  TierAction,
} from '../../../src/engine/model.js';
import { METADATA_NAME, type Probe } from '../../support/engine/reference-evaluator.js';

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
const NAMESPACE_NAMES = ['ns1', 'ns2', 'ns3'];
const POD_LABEL_KEYS = ['app', 'tier'];
const NAMESPACE_LABEL_KEYS = ['env', 'team'];
const NODE_LABEL_KEYS = ['role', 'zone'];
const LABEL_VALUES = ['a', 'b', 'c'];
const NODE_NAMES = ['n1', 'n2', 'n3'];
/**
 * Node IPs (also the IPs of the hostNetwork pods on them): one inside 10.0.0.0/24 (an except of
 * some blocks), one inside 10.1.0.0/24 but outside 10.1.0.0/30, one inside 192.168.1.0/24. Each is
 * also a sampled external address, so `nodes` peers are checked on addresses too.
 */
const NODE_IPS = ['10.0.0.5', '10.1.0.200', '192.168.1.7'];

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

/**
 * Addresses probed as external peers: inside, outside and at the edges of the blocks above, never
 * an ordinary pod's IP; the node IPs among them (NODE_IPS) are also hostNetwork pods' IPs, but an
 * address is always an outside peer (as `explain` documents).
 */
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
/**
 * Namespace selectors may also pick namespaces by their metadata.name label, in matchLabels or in
 * an expression (`NotIn [kube-system]` style, or Exists / DoesNotExist, which tell namespaces
 * from the ingress controller's label-less pseudo-namespace).
 */
const namespaceSelectorArb: fc.Arbitrary<LabelSelector> = fc.oneof(
  { weight: 4, arbitrary: selectorArb(NAMESPACE_LABEL_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom(...NAMESPACE_NAMES).map((name) => ({ matchLabels: { [METADATA_NAME]: name }, matchExpressions: [] })) },
  {
    weight: 1,
    arbitrary: requirementArb([METADATA_NAME])
      .map((r) => (r.values.length === 0 ? r : { ...r, values: r.values.map((v) => `ns${LABEL_VALUES.indexOf(v) + 1}`) }))
      .map((r) => ({ matchLabels: {}, matchExpressions: [r] })),
  },
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

/** `networks` and `nodes` peers exist for egress only (as in the ANP and CNP APIs). */
const adminEgressPeerArb: fc.Arbitrary<AdminPeer> = fc.oneof(
  { weight: 3, arbitrary: adminPodPeerArb },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('nodes' as const), nodeSelector: selectorArb(NODE_LABEL_KEYS) }) },
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

/** ClusterNetworkPolicy (normalised: Accept is Allow); Pass exists in the admin tier only. */
const clusterNetworkPolicyArb = (index: number): fc.Arbitrary<AdminPolicyModel> =>
  fc.constantFrom<Tier>('admin', 'baseline').chain((tier) => {
    const actions: TierAction[] = tier === 'admin' ? ['Allow', 'Deny', 'Pass'] : ['Allow', 'Deny'];
    return fc.record({
      kind: fc.constant('ClusterNetworkPolicy' as const),
      name: fc.constant(`cnp${index}`),
      tier: fc.constant(tier),
      // Shares priorities with the ANPs (admin) and the BANP's 0 (baseline), so ties cross kinds.
      priority: tier === 'admin' ? fc.constantFrom(1, 2) : fc.constantFrom(0, 1),
      subject: adminSubjectArb,
      ingress: adminRulesArb(adminPodPeerArb, actions),
      egress: adminRulesArb(adminEgressPeerArb, actions),
    });
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

/** 0..3 nodes, each with one of NODE_IPS (or, rarely, no address). */
const nodesArb: fc.Arbitrary<NodeModel[]> = fc
  .array(fc.record({ labels: labelsArb(NODE_LABEL_KEYS), addressed: fc.boolean() }), { maxLength: NODE_NAMES.length })
  .map((nodes) =>
    nodes.map(({ labels, addressed }, i) => ({
      name: NODE_NAMES[i]!,
      labels,
      // The first node always has its address, so hostNetwork pods usually have one.
      ips: addressed || i === 0 ? [NODE_IPS[i]!] : [],
    })),
  );

/**
 * Pods; with nodes, about one in five uses the host network: it runs on a node (rarely one the
 * snapshot lacks) and has that node's IPs as its own, as the kubelet reports them.
 */
const podsArb = (namespaces: readonly NamespaceModel[], nodes: readonly NodeModel[]): fc.Arbitrary<PodModel[]> =>
  fc
    .array(
      fc.record({
        namespace: fc.constantFrom(...namespaces.map((ns) => ns.name)),
        labels: labelsArb(POD_LABEL_KEYS),
        ports: containerPortsArb,
        hostNetwork: nodes.length > 0 ? fc.constantFrom(false, false, false, false, true) : fc.constant(false),
        // Mostly a node of the snapshot; rarely one it lacks, or none.
        node: fc.oneof(
          { weight: 3, arbitrary: nodes.length > 0 ? fc.constantFrom(...nodes.map((n) => n.name)) : fc.constant(undefined) },
          { weight: 1, arbitrary: fc.constantFrom(undefined, ...NODE_NAMES) },
        ),
      }),
      { minLength: 2, maxLength: 6 },
    )
    .map((pods) =>
      pods.map(({ node, hostNetwork, ...pod }, i) => {
        const name = `p${i}`;
        const nodeModel = nodes.find((n) => n.name === node);
        return {
          ...pod,
          name,
          ips: hostNetwork ? [...(nodeModel?.ips ?? [])] : [`10.1.0.${i + 1}`],
          hostNetwork,
          ...(node === undefined ? {} : { nodeName: node }),
          workload: { kind: 'Pod', namespace: pod.namespace, name },
          representative: false,
        };
      }),
    );

// ---------------------------------------------------------------- Services and Ingress routes

const SERVICE_NAMES = ['svc1', 'svc2'];
const SERVICE_PORT_NAMES = ['web', 'admin'];

const servicePortArb: fc.Arbitrary<ServicePort> = fc.record({
  name: fc.option(fc.constantFrom(...SERVICE_PORT_NAMES), { nil: undefined, freq: 3 }),
  port: fc.constantFrom(80, 443, 8080),
  protocol: fc.constantFrom<Protocol>('TCP', 'TCP', 'TCP', 'UDP'),
  // Named targets: names the pods' container ports use (in several protocols), and one nobody uses.
  targetPort: fc.oneof({ weight: 2, arbitrary: portNumberArb }, { weight: 1, arbitrary: fc.constantFrom(...PORT_NAMES) }),
});

/** A selector made from some of a pod's labels (so that it selects that pod), or an arbitrary one. */
const serviceTargetArb = (pods: readonly PodModel[]): fc.Arbitrary<{ namespace: string; selector: Labels | null }> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.record({ namespace: fc.constantFrom(...NAMESPACE_NAMES), selector: fc.constantFrom<Labels | null>(null, {}) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        namespace: fc.constantFrom(...NAMESPACE_NAMES),
        selector: fc.dictionary(fc.constantFrom(...POD_LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { minKeys: 1, maxKeys: 2 }),
      }),
    },
    {
      weight: 4,
      // Preferably a pod with labels (a pod without gives the empty selector, which selects nothing).
      arbitrary: fc.constantFrom(...(pods.some((p) => Object.keys(p.labels).length > 0) ? pods.filter((p) => Object.keys(p.labels).length > 0) : pods)).chain((pod) =>
        fc.subarray(Object.keys(pod.labels), { minLength: Math.min(1, Object.keys(pod.labels).length) }).map((keys) => ({
          namespace: pod.namespace,
          // null: no selector; {}: an empty one; both select no pods.
          selector: keys.length === 0 ? ({} as Labels) : Object.fromEntries(keys.map((k) => [k, pod.labels[k]!])),
        })),
      ),
    },
  );

const serviceArb = (name: string, pods: readonly PodModel[]): fc.Arbitrary<ServiceModel> =>
  fc.record({
    target: serviceTargetArb(pods),
    name: fc.constant(name),
    // Port names and (port, protocol) pairs are unique within a Service, as the API requires.
    ports: fc
      .array(servicePortArb, { minLength: 1, maxLength: 3 })
      .map((ports) =>
        ports.filter(
          (p, i) =>
            (p.name === undefined || ports.findIndex((q) => q.name === p.name) === i) &&
            ports.findIndex((q) => q.port === p.port && q.protocol === p.protocol) === i,
        ),
      ),
    type: fc.constant('ClusterIP'),
  }).map(({ target, ...service }) => ({ ...service, ...target }));

const servicesArb = (pods: readonly PodModel[]): fc.Arbitrary<ServiceModel[]> =>
  fc.subarray(SERVICE_NAMES, { minLength: 1 }).chain((names) => (names.length === 0 ? fc.constant([]) : fc.tuple(...names.map((n) => serviceArb(n, pods)))));

/** Routes mostly to a Service of the snapshot (in its namespace), sometimes to a missing one or port. */
const routesArb = (namespaces: readonly NamespaceModel[], services: readonly ServiceModel[]): fc.Arbitrary<IngressRouteModel[]> => {
  type Target = { namespace: string; service: string; port: number | string | undefined };
  // Any Service name in any namespace (often missing), any port (often missing).
  const anyTarget: fc.Arbitrary<Target> = fc.record({
    namespace: fc.constantFrom(...namespaces.map((ns) => ns.name)),
    service: fc.constantFrom(...SERVICE_NAMES),
    port: fc.option(fc.constantFrom<number | string>(80, 443, 8080, 81, ...SERVICE_PORT_NAMES, 'nope'), { nil: undefined }),
  });
  // A Service of the snapshot, by one of its port numbers or names, or every port.
  const existingTarget = (): fc.Arbitrary<Target> =>
    fc.constantFrom(...services).chain((s) =>
      fc.record({
        namespace: fc.constant(s.namespace),
        service: fc.constant(s.name),
        port: fc.constantFrom<number | string | undefined>(undefined, ...s.ports.flatMap((p) => (p.name === undefined ? [p.port] : [p.port, p.name]))),
      }),
    );
  const target = services.length === 0 ? anyTarget : fc.oneof({ weight: 4, arbitrary: existingTarget() }, { weight: 1, arbitrary: anyTarget });
  return fc
    .oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 4, arbitrary: fc.array(target, { minLength: 1, maxLength: 3 }) })
    .map((routes) =>
      routes.map(({ namespace, service, port }, i) => ({
        source: { kind: i % 2 === 0 ? 'Ingress' : 'Route', namespace, name: `route${i}` },
        namespace,
        service,
        ...(port === undefined ? {} : { port }),
      })),
    );
};

const indexedArray = <T>(make: (index: number) => fc.Arbitrary<T>, maxLength: number): fc.Arbitrary<T[]> =>
  fc.integer({ min: 0, max: maxLength }).chain((n) => (n === 0 ? fc.constant([]) : fc.tuple(...Array.from({ length: n }, (_, i) => make(i)))));

const clusterArb = fc
  .tuple(namespacesArb, nodesArb)
  .chain(([namespaces, nodes]) => podsArb(namespaces, nodes).map((pods) => ({ namespaces, nodes, pods })))
  .chain((cluster) => servicesArb(cluster.pods).map((services) => ({ ...cluster, services })))
  .chain((cluster) => routesArb(cluster.namespaces, cluster.services).map((ingressRoutes) => ({ ...cluster, ingressRoutes })));

export const snapshotArb: fc.Arbitrary<SnapshotModel> = clusterArb.chain((cluster) =>
  fc
    .record({
      networkPolicies: indexedArray(networkPolicyArb, 4),
      anps: indexedArray(adminPolicyArb, 2),
      cnps: indexedArray(clusterNetworkPolicyArb, 2),
      banp: fc.option(baselinePolicyArb, { nil: null, freq: 2 }),
    })
    .map(({ networkPolicies, anps, cnps, banp }) => ({
      ...cluster,
      networkPolicies,
      adminPolicies: [...anps, ...cnps, ...(banp ? [banp] : [])],
      objectCounts: {},
    })),
);

export const optionsArb: fc.Arbitrary<AnalysisOptions> = fc.record({
  ipBlockMatchesPods: fc.boolean(),
  hostNetwork: fc.constant('node' as const),
  adminNetworksMatchPods: fc.boolean(),
});
