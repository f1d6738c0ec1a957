// The figures the service stores per snapshot (one row per metric, the cluster's time series),
// defined once here with what each counts. New metrics need no migration: add a line to METRICS
// and a value to snapshotMetrics.

import type { AnalysisSummary } from '../analysis/summary.js';
import type { ConnectivityResult } from '../result.js';
import { isNamespaced } from '../render/endpoint-text.js';
import { exposure } from './exposure.js';
import { internetExposedPortCount, internetExposure } from './internet.js';

/** Every metric's name and what it counts (the README's metrics table lists exactly these). */
export const METRICS = {
  pods_observed: 'live pods in the snapshot (Pod objects)',
  pods_modelled: 'pods the analysis reasons about: the live ones plus one representative pod per workload that has none',
  workloads: 'workloads (top owners of the modelled pods; a bare pod is its own workload)',
  namespaces: 'namespaces, those assumed because a policy or pod names them included',
  policies: 'NetworkPolicies plus admin-tier policies (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy)',
  pod_classes: 'classes of pods that every policy treats alike (the analysis works per class)',
  ingress_isolated_pod_share: 'share of modelled pods selected by a NetworkPolicy for ingress (0 to 1)',
  egress_isolated_pod_share: 'share of modelled pods selected by a NetworkPolicy for egress (0 to 1)',
  allowed_workload_pairs: 'ordered pairs of distinct workloads with at least one allowed port',
  workloads_reachable_from_outside: 'workloads exposed: reachable from an external address block or through the ingress controller',
  internet_exposed_workloads: 'workloads reachable from a public address: an external block holding an address outside 10/8, 172.16/12, 192.168/16, 100.64/10, 127/8, 169.254/16, fc00::/7, fe80::/10, ::1 and the cluster\'s own pod and service ranges',
  internet_exposed_ports: 'distinct (workload, protocol, port range) reachable from a public address (all ports of a protocol is one range, a named port one)',
  cross_namespace_workload_pairs: 'ordered pairs of workloads in different namespaces with at least one allowed port',
  findings_critical: 'findings of severity critical (e.g. a network plugin that enforces no policy)',
  findings_high: 'findings of severity high',
  findings_medium: 'findings of severity medium',
  findings_low: 'findings of severity low',
  findings_info: 'findings of severity info',
  analysis_ms: 'how long the analysis took, in milliseconds (set by the service)',
  intent_violations: "the cluster's intents that the snapshot violates (set by the service for clusters with intents, with the intents in force when it was first evaluated)",
  intent_violation_pairs: 'offending pairs over all violated intents (set by the service, as intent_violations)',
} as const;

export type MetricName = keyof typeof METRICS;

/** Metrics the service sets itself (not from the analysis alone). */
export type ServiceMetricName = 'analysis_ms' | 'intent_violations' | 'intent_violation_pairs';

/**
 * The metrics of one analysis, from its summary and its workload-granularity connectivity. With
 * `pairCounts` (counted from a stored result), `workload` need only hold the rows from outside.
 */
export function snapshotMetrics(
  summary: AnalysisSummary,
  workload: ConnectivityResult,
  pairCounts?: { allowedWorkloadPairs: number; crossNamespaceWorkloadPairs: number },
): Record<Exclude<MetricName, ServiceMetricName>, number> {
  let pairs = 0;
  let crossNamespace = 0;
  for (const c of pairCounts ? [] : workload.connections) {
    if (!isNamespaced(c.src) || !isNamespaced(c.dst)) continue;
    pairs++;
    if (c.src.namespace !== c.dst.namespace) crossNamespace++;
  }
  if (pairCounts) {
    pairs = pairCounts.allowedWorkloadPairs;
    crossNamespace = pairCounts.crossNamespaceWorkloadPairs;
  }
  const internet = internetExposure(workload);
  return {
    ...summary.metrics,
    allowed_workload_pairs: pairs,
    workloads_reachable_from_outside: exposure(workload).filter((e) => isNamespaced(e.endpoint)).length,
    internet_exposed_workloads: internet.length,
    internet_exposed_ports: internetExposedPortCount(internet),
    cross_namespace_workload_pairs: crossNamespace,
  };
}
