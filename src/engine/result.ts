// Public result shapes (docs/contracts.md "Public contracts"). JSON output of the CLI and the REST API
// is exactly these values serialised; tests pin them.

import type { AnalysisOptions, Diagnostic, Enforcement, Protocol, Tier, TierAction } from './model.js';
import type { FindingsDelta, IntentDelta } from './diff/risk-deltas.js';
import type { ExposureReason } from './queries/exposure-reasons.js';

export type Granularity = 'pod' | 'workload' | 'namespace';

// ---------------------------------------------------------------- network plugin and option sources

/** One object that made the detection recognise a plugin, and what about it matched. */
export interface PluginEvidence {
  kind: string;
  namespace: string;
  name: string;
  /** `name`, `label k8s-app=calico-node`, `image docker.io/calico/node:v3.27.0`, `container aws-eks-nodeagent --enable-network-policy=true`… */
  matched: string;
}

/** The network plugin found in a snapshot (`detectNetworkPlugin`, table `NETWORK_PLUGINS`). */
export interface NetworkPluginReport {
  /** The plugin that decides enforcement (an enforcing one when several are found), or null when none is recognised. */
  plugin: string | null;
  /** null when no plugin is recognised. */
  enforcesNetworkPolicy: boolean | null;
  /** Why it does or does not enforce (the table row's source). */
  reason: string;
  evidence: PluginEvidence[];
  /** Every plugin recognised (e.g. the AWS VPC CNI chained with Calico), in table order. */
  detected: { plugin: string; enforcesNetworkPolicy: boolean; reason: string; evidence: PluginEvidence[] }[];
}

/**
 * Where an effective option came from: the caller (`option`; the service says `cluster` for a
 * cluster's stored setting and `upload` for one upload's override), the detected plugin
 * (`detected`), or the default.
 */
export type OptionSource = 'option' | 'cluster' | 'upload' | 'detected' | 'default';

/** Options that have a source: the analysis options, `enforcement` and the cluster's own ranges. */
export type OptionName = 'ipBlockMatchesPods' | 'hostNetwork' | 'adminNetworksMatchPods' | 'enforcement' | 'podCIDRs' | 'serviceCIDRs';

/**
 * The cluster's own pod and service address ranges: never "public" addresses, whatever block they
 * are in. Given (`podCIDRs`, `serviceCIDRs` options), or detected from the snapshot (the
 * controller manager's `--cluster-cidr`, the Nodes' `spec.podCIDRs`, the API server's or controller
 * manager's `--service-cluster-ip-range`); empty when neither.
 */
export interface ClusterRanges {
  podCIDRs: string[];
  serviceCIDRs: string[];
}

/** How the network was assumed to behave for a result: the plugin, whether policies take effect, the options' sources. */
export interface NetworkContext {
  cni: NetworkPluginReport;
  /**
   * `mode` as asked (default `auto`); `enforced`: whether the verdicts apply the policies (false:
   * every connection is allowed because the plugin does not enforce them).
   */
  enforcement: { mode: Enforcement; enforced: boolean };
  optionSources: Record<OptionName, OptionSource>;
  clusterRanges: ClusterRanges;
}

export type Endpoint =
  | { kind: 'Pod'; namespace: string; name: string }
  /** Workload kinds: Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet, ReplicationController, Pod, or an absent owner's kind. */
  | { kind: string; namespace: string; name: string }
  | { kind: 'External'; cidrs: string[] }
  | { kind: 'Namespace'; name: string }
  | { kind: 'IngressController' };

export type PortEntry =
  | { protocol: Protocol; from: number; to: number }
  /** A named port that could not be resolved to a number (e.g. towards an external address). */
  | { protocol: Protocol; name: string };

export interface Connection {
  src: Endpoint;
  dst: Endpoint;
  allPorts: boolean;
  ports: PortEntry[];
}

export interface ConnectivityResult {
  snapshot: string;
  granularity: Granularity;
  options: AnalysisOptions;
  /** The plugin, whether policies were enforced, each option's source (absent in results built without `analyze`). */
  cni?: NetworkPluginReport;
  enforcement?: NetworkContext['enforcement'];
  optionSources?: NetworkContext['optionSources'];
  /** The cluster's own ranges, subtracted from "public" addresses (absent: none known). */
  clusterRanges?: ClusterRanges;
  connections: Connection[];
  diagnostics?: Diagnostic[];
  /**
   * Every pod / workload / namespace endpoint of the snapshot at this granularity, connected or
   * not. Not part of the public JSON (renderers leave it out); the diff uses it to tell a workload
   * that appeared from one that merely gained connections.
   */
  endpoints?: Endpoint[];
}

// ---------------------------------------------------------------- who can reach, reachable from

export type ReachGranularity = 'pod' | 'workload';

/** One endpoint and the ports allowed between it and the query's subject. */
export interface ReachEntry {
  endpoint: Endpoint;
  allPorts: boolean;
  ports: PortEntry[];
  /** Who-can-reach a Service on one of its ports: the backend pods (`ns/name`) this source reaches on their target port. */
  backends?: string[];
}

/** A Service as the subject of a reach question: its backends (the pods it selects) and, with a port, each one's target port. */
export interface ReachService {
  kind: 'Service';
  namespace: string;
  name: string;
  type: string;
  /** With `port`: the Service port asked about, and its target port as written (a number or a container port name). */
  servicePort?: { name?: string; port: number; targetPort: number | string };
  backends: {
    pod: { kind: 'Pod'; namespace: string; name: string };
    /** With `port`: the backend's target port (a named one resolved on its container ports); null = not resolved, not reachable. */
    targetPort?: number | null;
    /** With `port` (who-can-reach): whether any source reaches this backend on its target port. */
    reachable?: boolean;
  }[];
}

/** `whoCanReach` fills `sources`, `reachableFrom` fills `destinations`. */
export interface ReachResult {
  /** The target (who can reach) or the source (reachable from), as resolved. */
  subject: Endpoint;
  granularity: ReachGranularity;
  /** When asked: only rows whose ports include this port are listed (their full port sets are given). */
  port?: number;
  protocol?: Protocol;
  sources?: ReachEntry[];
  destinations?: ReachEntry[];
  /** When the subject is a Service (`Service ns/name`, `ns/name[Service]`): it with its backends; `port` is then a Service port. */
  service?: ReachService;
  options: AnalysisOptions;
  cni: NetworkPluginReport;
  enforcement: NetworkContext['enforcement'];
  optionSources: NetworkContext['optionSources'];
}

/** Why a reach question has no answer: `invalid` (malformed) or `unknown` (not in the snapshot). */
export interface ReachError {
  error: string;
  reason: 'invalid' | 'unknown';
  argument?: 'target' | 'source' | 'port' | 'protocol';
}

// ---------------------------------------------------------------- explain

export interface Decision {
  kind: 'NetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy' | 'Default';
  namespace?: string;
  name?: string;
  /** e.g. `ingress[0]`, `egress[2] (name: allow-dns)`; absent for isolation-only or default decisions. */
  rule?: string;
  tier: Tier | 'networkpolicy' | 'default';
  action: TierAction | 'Isolate';
  priority?: number;
}

export interface DirectionVerdict {
  allowed: boolean;
  /** Human sentence, e.g. "no NetworkPolicy selects x/b for ingress: allowed by default". */
  reason: string;
  decidedBy: Decision[];
}

export interface Explanation {
  allowed: boolean;
  src: Endpoint;
  dst: Endpoint;
  protocol: Protocol;
  port: number;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
  decidedBy: Decision[];
  options: AnalysisOptions;
  cni?: NetworkPluginReport;
  enforcement?: NetworkContext['enforcement'];
  optionSources?: NetworkContext['optionSources'];
  /**
   * When the plugin does not enforce policies (`enforcement.enforced` false): what the policies intend
   * for this connection; `allowed` above is then what the network does (always true).
   */
  intended?: { allowed: boolean; egress: DirectionVerdict; ingress: DirectionVerdict; decidedBy: Decision[] };
}

// ---------------------------------------------------------------- can-reach through a Service

/** One pod a Service selects: the port the Service port maps to on it, and the verdict there. */
export interface ServiceEndpointVerdict {
  pod: Endpoint;
  /** The Service's targetPort resolved on this pod; null when a named targetPort is not among its container ports. */
  targetPort: number | null;
  allowed: boolean;
  /** The verdict on `targetPort` (absent when it did not resolve). */
  verdict?: { egress: DirectionVerdict; ingress: DirectionVerdict; decidedBy: Decision[]; intended?: Explanation['intended'] };
  /** Why the pod is not reached, when `targetPort` is null. */
  reason?: string;
}

/** Can `src` reach a Service's port: the Service port mapped to each selected pod's target port. */
export interface ServiceExplanation {
  /** True when at least one selected pod is reached. */
  allowed: boolean;
  src: Endpoint;
  service: { kind: 'Service'; namespace: string; name: string; type: string };
  protocol: Protocol;
  /** The Service port asked about, with its targetPort as written (number or name). */
  servicePort: { name?: string; port: number; targetPort: number | string };
  /** Each pod the Service selects (none for a Service without selector). */
  endpoints: ServiceEndpointVerdict[];
  options: AnalysisOptions;
  cni?: NetworkPluginReport;
  enforcement?: NetworkContext['enforcement'];
  optionSources?: NetworkContext['optionSources'];
}

// ---------------------------------------------------------------- diff

export type ChangeType = 'added' | 'removed' | 'changed';

/** What changed between the two snapshots to cause a connection change. */
export type CauseKind =
  | 'policy added'
  | 'policy removed'
  | 'policy modified'
  | 'workload added'
  | 'workload removed'
  | 'labels changed'
  | 'namespace labels changed'
  | 'pod changed'
  | 'service or route changed'
  | 'options changed'
  | 'unknown';

export interface ChangeCause {
  kind: CauseKind;
  /** The object that changed: `NetworkPolicy shop/db`, `Deployment shop/web`, `Pod shop/web-1`, `Namespace shop`, `options`. */
  object: string;
  /** What about it changed: `spec.ingress[0].ports[0].port: 80 → 8080`, `label app: web → api`, ... */
  details: string[];
  /** This policy's decisions on the sample connection in the `from` snapshot (policy causes; empty otherwise). */
  rulesBefore: Decision[];
  /** The same in the `to` snapshot. */
  rulesAfter: Decision[];
}

/** The verdict on a sample connection in one snapshot (an `Explanation`, shortened). */
export interface SampleVerdict {
  allowed: boolean;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
}

/**
 * The one connection explained in both snapshots to find a change's causes: representative pods
 * (or the first address of an external block) and one port whose verdict changed.
 */
export interface ChangeSample {
  src: string;
  dst: string;
  protocol: Protocol;
  port: number;
  /** null when a side does not exist in the `from` snapshot. */
  before: SampleVerdict | null;
  /** null when a side does not exist in the `to` snapshot. */
  after: SampleVerdict | null;
}

export interface ConnectionChange {
  type: ChangeType;
  src: Endpoint;
  dst: Endpoint;
  before: { allPorts: boolean; ports: PortEntry[] } | null;
  after: { allPorts: boolean; ports: PortEntry[] } | null;
  note: 'workload added' | 'workload removed' | null;
  /**
   * Why the connection changed (from `diffAnalyses`; `diffConnectivity` has no analyses and leaves
   * it out). Empty for a change past the explained limit (see `DiffResult.unexplainedChanges`).
   */
  causes?: ChangeCause[];
  /** The sample connection the causes were found on; null when none could be explained. */
  sample?: ChangeSample | null;
}

/** One field of a modified policy, compared structurally (lists index by index). */
export interface FieldChange {
  /** `spec.ingress[0].ports[0].port`, `metadata.labels.team`. */
  path: string;
  type: 'added' | 'removed' | 'changed';
  /** Absent for an added field. */
  before?: unknown;
  /** Absent for a removed field. */
  after?: unknown;
}

/** One side of a diff: which snapshot, and what is known about it. */
export interface DiffSide {
  /** Snapshot id (service) or the input paths (CLI). */
  snapshot: string;
  cluster?: string;
  /** The snapshot's name. */
  name?: string;
  /** ISO 8601 capture time. */
  capturedAt?: string;
}

/** How a workload that a diff newly exposes (or no longer exposes) is reachable from outside. */
export interface ExposurePathChange {
  endpoint: Endpoint;
  change: 'newly exposed' | 'no longer exposed';
  /** Reachable from a public address (the side that exposes it). */
  internet: boolean;
  reasons: ExposureReason[];
}

export interface DiffResult {
  from: string;
  to: string;
  /** Both sides described; `from`/`to` above repeat their `snapshot`. */
  sides: { from: DiffSide; to: DiffSide };
  /** True when both sides name a cluster and the clusters differ. */
  crossCluster: boolean;
  granularity: Granularity;
  changes: ConnectionChange[];
  policies: {
    added: string[];
    removed: string[];
    modified: string[];
    /** For each modified policy (same order), what changed field by field. */
    fieldChanges: { policy: string; fields: FieldChange[] }[];
  };
  exposure: {
    newlyExposed: Endpoint[];
    noLongerExposed: Endpoint[];
    /**
     * Why (workload diffs of two analyses): for each newly exposed workload the paths by which the
     * `to` side exposes it, for each no longer exposed one the paths the `from` side had.
     */
    paths?: ExposurePathChange[];
  };
  /** Changes that carry no causes because the diff explained only the first `MAX_EXPLAINED_CHANGES` (riskiest first). */
  unexplainedChanges: number;
  /** Findings new on the `to` side and resolved since the `from` side (diffs of two analyses; absent from connectivity-only diffs). */
  findings?: FindingsDelta;
  /** Per intent checked on both sides (when intents were given): holds before and after, offending pairs new and resolved. */
  intents?: IntentDelta[];
}
