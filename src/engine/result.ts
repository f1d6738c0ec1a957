// Public result shapes (docs/contracts.md "Public contracts"). JSON output of the CLI and the REST API
// is exactly these values serialised; tests pin them.

import type { AnalysisOptions, Diagnostic, Protocol, Tier, TierAction } from './model.js';

export type Granularity = 'pod' | 'workload' | 'namespace';

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
  connections: Connection[];
  diagnostics?: Diagnostic[];
  /**
   * Every pod / workload / namespace endpoint of the snapshot at this granularity, connected or
   * not. Not part of the public JSON (renderers leave it out); the diff uses it to tell a workload
   * that appeared from one that merely gained connections.
   */
  endpoints?: Endpoint[];
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
}

// ---------------------------------------------------------------- diff

export type ChangeType = 'added' | 'removed' | 'changed';

export interface ConnectionChange {
  type: ChangeType;
  src: Endpoint;
  dst: Endpoint;
  before: { allPorts: boolean; ports: PortEntry[] } | null;
  after: { allPorts: boolean; ports: PortEntry[] } | null;
  note: 'workload added' | 'workload removed' | null;
}

export interface DiffResult {
  from: string;
  to: string;
  granularity: Granularity;
  changes: ConnectionChange[];
  policies: { added: string[]; removed: string[]; modified: string[] };
  exposure: { newlyExposed: Endpoint[]; noLongerExposed: Endpoint[] };
}
