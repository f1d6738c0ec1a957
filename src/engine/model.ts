// The one snapshot value every input (files, uploads, live captures) becomes before analysis,
// and the diagnostics that parsing and analysis produce. Plain data: no classes with behaviour,
// no decorators, so the CLI, the service and the tests share it as is.

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export type Labels = Readonly<Record<string, string>>;

// ---------------------------------------------------------------- diagnostics

export type Severity = 'fatal' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Stable machine code, e.g. `yaml.syntax`, `object.field.type`, `kind.unknown`, `port.named.unresolved`. */
  code: string;
  message: string;
  /** File path (CLI) or upload name; absent for analysis-level diagnostics. */
  file?: string;
  /** 0-based index of the document in its file (for a List, of the List document). */
  document?: number;
  /** 0-based index inside a List's `items`, when the object came from a List. */
  item?: number;
  /** Field path inside the object, e.g. `spec.ingress[0].ports[1].port`. */
  path?: string;
  /** `Kind ns/name` of the object concerned, when known. */
  object?: string;
}

// ---------------------------------------------------------------- label selectors

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values: readonly string[];
}

/** A Kubernetes LabelSelector; `{}` (no labels, no expressions) selects everything. */
export interface LabelSelector {
  matchLabels: Labels;
  matchExpressions: readonly LabelSelectorRequirement[];
}

// ---------------------------------------------------------------- cluster objects

export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

export interface ContainerPort {
  name?: string;
  port: number;
  protocol: Protocol;
  /** The node port it is published on (`hostPort`): reachable at the node's address, whatever the policies (exposure reasons). */
  hostPort?: number;
}

export interface WorkloadRef {
  /** Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet, ReplicationController, Pod, or an absent owner's kind. */
  kind: string;
  namespace: string;
  name: string;
}

export interface PodModel {
  namespace: string;
  name: string;
  labels: Labels;
  /** Pod IPs (IPv4 and/or IPv6), possibly empty for template-built pods. */
  ips: readonly string[];
  ports: readonly ContainerPort[];
  hostNetwork: boolean;
  nodeName?: string;
  /** The top of the owner chain among the snapshot's objects (see docs/contracts.md). */
  workload: WorkloadRef;
  /** True when the pod was built from a workload's template because no live pod was present. */
  representative: boolean;
}

export interface NamespaceModel {
  name: string;
  /** Always includes `kubernetes.io/metadata.name`. */
  labels: Labels;
  /** True when referenced but absent from the input. */
  assumed: boolean;
}

export interface NodeModel {
  name: string;
  labels: Labels;
  ips: readonly string[];
  /** `spec.podCIDRs` (or `spec.podCIDR`): the pod addresses the node hands out, canonical CIDRs. */
  podCIDRs?: readonly string[];
}

export interface ServicePort {
  name?: string;
  port: number;
  protocol: Protocol;
  /** Numeric or named target port; defaults to `port`. */
  targetPort: number | string;
}

export interface ServiceModel {
  namespace: string;
  name: string;
  /** Null for a Service without a selector (it selects no pods). */
  selector: Labels | null;
  ports: readonly ServicePort[];
  type: string;
  /** `spec.externalIPs`: addresses outside the cluster the Service is published on. */
  externalIPs?: readonly string[];
}

/** A route into the cluster through an Ingress or an OpenShift Route, to one Service port. */
export interface IngressRouteModel {
  source: ObjectRef;
  namespace: string;
  service: string;
  /** Service port by number or name; undefined = every port of the Service. */
  port?: number | string;
}

// ---------------------------------------------------------------- port matching

/** One entry of a rule's port list. */
export type PortMatch =
  | { kind: 'range'; protocol: Protocol; from: number; to: number }
  | { kind: 'named'; protocol: Protocol; name: string }
  | { kind: 'all-of-protocol'; protocol: Protocol };

// ---------------------------------------------------------------- NetworkPolicy (networking.k8s.io/v1)

export interface IpBlockModel {
  cidr: string;
  except: readonly string[];
}

export type NetworkPolicyPeer =
  /** namespaceSelector null = the policy's namespace; podSelector null = all pods of the selected namespaces. */
  | { kind: 'pods'; namespaceSelector: LabelSelector | null; podSelector: LabelSelector | null }
  | { kind: 'ipBlock'; ipBlock: IpBlockModel };

export interface NetworkPolicyRule {
  /** Index of the rule in spec.ingress / spec.egress. */
  index: number;
  /** null = `from`/`to` missing or empty: every peer (pods and addresses). */
  peers: readonly NetworkPolicyPeer[] | null;
  /** null = `ports` missing or empty: every port and protocol. */
  ports: readonly PortMatch[] | null;
}

export interface NetworkPolicyModel {
  namespace: string;
  name: string;
  podSelector: LabelSelector;
  /** After inference when spec.policyTypes is absent. */
  affectsIngress: boolean;
  affectsEgress: boolean;
  ingress: readonly NetworkPolicyRule[];
  egress: readonly NetworkPolicyRule[];
}

// ---------------------------------------------------------------- admin tiers (ANP, BANP, CNP)

export type TierAction = 'Allow' | 'Deny' | 'Pass';
export type Tier = 'admin' | 'baseline';

export type AdminSubject =
  | { kind: 'namespaces'; namespaceSelector: LabelSelector }
  | { kind: 'pods'; namespaceSelector: LabelSelector; podSelector: LabelSelector };

export type AdminPeer =
  | { kind: 'namespaces'; namespaceSelector: LabelSelector }
  | { kind: 'pods'; namespaceSelector: LabelSelector; podSelector: LabelSelector }
  | { kind: 'nodes'; nodeSelector: LabelSelector }
  | { kind: 'networks'; cidrs: readonly string[] };

export interface AdminRule {
  index: number;
  name?: string;
  action: TierAction;
  peers: readonly AdminPeer[];
  /** null = every port and protocol. */
  ports: readonly PortMatch[] | null;
}

/**
 * AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy normalised to one shape.
 * CNP `Accept` becomes `Allow`. BANP has tier `baseline` and priority 0.
 */
export interface AdminPolicyModel {
  kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy';
  name: string;
  tier: Tier;
  priority: number;
  subject: AdminSubject;
  ingress: readonly AdminRule[];
  egress: readonly AdminRule[];
}

// ---------------------------------------------------------------- objects the network-plugin detection reads

/**
 * A DaemonSet, Deployment, Pod or ConfigMap in a namespace where network plugins run (kube-system,
 * calico-system, kube-flannel…; `NETWORK_PLUGIN_NAMESPACES`), kept only for detecting the plugin:
 * names, labels, container names, images and arguments, nothing else.
 */
export interface SystemObjectModel {
  kind: string;
  namespace: string;
  name: string;
  labels: Labels;
  /** Containers and init containers; empty for a ConfigMap. */
  containers: readonly { name: string; image: string; args: readonly string[] }[];
}

// ---------------------------------------------------------------- the snapshot

export interface SnapshotModel {
  namespaces: readonly NamespaceModel[];
  nodes: readonly NodeModel[];
  pods: readonly PodModel[];
  services: readonly ServiceModel[];
  ingressRoutes: readonly IngressRouteModel[];
  networkPolicies: readonly NetworkPolicyModel[];
  adminPolicies: readonly AdminPolicyModel[];
  /** Counts of objects read, by kind (including skipped kinds). */
  objectCounts: Readonly<Record<string, number>>;
  /** What the network-plugin detection reads; absent = nothing known about the plugin. */
  systemObjects?: readonly SystemObjectModel[];
}

/** One raw Kubernetes object as read, kept for storage and for `policies` in diffs. */
export interface RawObject {
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
  uid: string | null;
  labels: Labels;
  raw: unknown;
  file?: string;
  document: number;
  item?: number;
}

export interface ParseResult {
  snapshot: SnapshotModel;
  objects: readonly RawObject[];
  diagnostics: readonly Diagnostic[];
  /** True when any diagnostic is fatal: the snapshot must not be analysed or stored. */
  fatal: boolean;
}

export interface SourceDocument {
  /** File path or upload name, used in diagnostics. */
  name: string;
  content: string;
}

// ---------------------------------------------------------------- analysis options

export interface AnalysisOptions {
  /** Whether ipBlock / ANP networks peers match pod IPs (Calico and the e2e suite: true; np-guard, Cilium: false). */
  ipBlockMatchesPods: boolean;
  /** hostNetwork pods: `node` = not selectable as policy subjects, reachable as their node's IP (flagged). */
  hostNetwork: 'node';
  /** Whether ANP/CNP `networks` peers match in-cluster pod IPs. */
  adminNetworksMatchPods: boolean;
}

/**
 * Whether the network plugin enforces policies: `enforced` (verdicts follow the policies),
 * `not-enforced` (every connection is allowed whatever the policies say), `auto` (from the
 * detected plugin; enforced when no plugin is recognised).
 */
export type Enforcement = 'enforced' | 'not-enforced' | 'auto';
export const ENFORCEMENT_MODES: readonly Enforcement[] = ['enforced', 'not-enforced', 'auto'];

/** What a caller asks `analyze` for: options left out default from the detected plugin, then `DEFAULT_OPTIONS`. */
export interface AnalysisRequest extends Partial<AnalysisOptions> {
  /** Default `auto`. */
  enforcement?: Enforcement;
  /**
   * What to call the source of the options given here (default `option`): one name for all, or one
   * per option (the service names its cluster settings `cluster` and an upload's override `upload`).
   */
  givenBy?: GivenBy | Partial<Record<keyof AnalysisOptions | 'enforcement' | 'podCIDRs' | 'serviceCIDRs', GivenBy>>;
  /** The cluster's own pod and service address ranges (not public addresses); left out: detected from the snapshot. */
  podCIDRs?: readonly string[];
  serviceCIDRs?: readonly string[];
}


/** Who gave an explicit option: the caller (`option`), a cluster's settings (`cluster`), one upload's override (`upload`). */
export type GivenBy = 'option' | 'cluster' | 'upload';

export const DEFAULT_OPTIONS: AnalysisOptions = {
  ipBlockMatchesPods: false,
  hostNetwork: 'node',
  adminNetworksMatchPods: false,
};
