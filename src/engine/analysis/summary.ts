// Figures about one analysis that the service stores per snapshot (pod classes, history metrics).

import type { Labels, SnapshotModel } from '../model.js';
import { selectorMatches } from '../policy/selectors.js';
import { canBeSubject, type PodClass } from './classes.js';
import { stateOf, type Analysis } from './state.js';
import { countFindings, findings } from '../queries/findings.js';

export interface ClassSummary {
  namespace: string;
  labels: Labels;
  /** `ns/name` of every member pod. */
  members: string[];
}

export interface AnalysisSummary {
  classes: ClassSummary[];
  /** The metrics an analysis gives on its own (see queries/metrics.ts for what each counts). */
  metrics: {
    pods_observed: number;
    pods_modelled: number;
    workloads: number;
    namespaces: number;
    policies: number;
    pod_classes: number;
    ingress_isolated_pod_share: number;
    egress_isolated_pod_share: number;
    findings_critical: number;
    findings_high: number;
    findings_medium: number;
    findings_low: number;
    findings_info: number;
  };
}

/**
 * Per class: bit 0 when a NetworkPolicy selects its pods for ingress, bit 1 for egress ("isolated"),
 * defined once. Policies are looked up by namespace, not scanned per class.
 */
export function classIsolation(snapshot: SnapshotModel, classes: readonly PodClass[]): Uint8Array {
  const byNamespace = new Map<string, SnapshotModel['networkPolicies'][number][]>();
  for (const p of snapshot.networkPolicies) {
    const list = byNamespace.get(p.namespace);
    if (list) list.push(p);
    else byNamespace.set(p.namespace, [p]);
  }
  const bits = new Uint8Array(classes.length);
  classes.forEach((c, i) => {
    if (!canBeSubject(c)) return;
    for (const p of byNamespace.get(c.namespace) ?? []) {
      if ((p.affectsIngress && !(bits[i] & 1)) || (p.affectsEgress && !(bits[i] & 2))) {
        if (selectorMatches(p.podSelector, c.labels)) bits[i] |= (p.affectsIngress ? 1 : 0) | (p.affectsEgress ? 2 : 0);
      }
    }
  });
  return bits;
}

export function summarizeAnalysis(analysis: Analysis): AnalysisSummary {
  const { snapshot, classes } = stateOf(analysis).parts;
  const real = classes.filter((c) => !c.ingressController);
  let ingressIsolated = 0;
  let egressIsolated = 0;
  const isolation = classIsolation(snapshot, classes);
  classes.forEach((c, i) => {
    if (c.ingressController) return;
    if (isolation[i] & 1) ingressIsolated += c.pods.length;
    if (isolation[i] & 2) egressIsolated += c.pods.length;
  });
  const pods = snapshot.pods.length;
  const bySeverity = countFindings(findings(analysis));
  const workloads = new Set(snapshot.pods.map((p) => `${p.workload.kind}/${p.workload.namespace}/${p.workload.name}`)).size;
  return {
    classes: real.map((c) => ({
      namespace: c.namespace,
      labels: c.labels,
      members: c.pods.map((i) => `${snapshot.pods[i]!.namespace}/${snapshot.pods[i]!.name}`),
    })),
    metrics: {
      pods_observed: snapshot.pods.filter((p) => !p.representative).length,
      pods_modelled: pods,
      workloads,
      namespaces: snapshot.namespaces.length,
      policies: snapshot.networkPolicies.length + snapshot.adminPolicies.length,
      pod_classes: real.length,
      ingress_isolated_pod_share: pods ? ingressIsolated / pods : 0,
      egress_isolated_pod_share: pods ? egressIsolated / pods : 0,
      findings_critical: bySeverity.critical,
      findings_high: bySeverity.high,
      findings_medium: bySeverity.medium,
      findings_low: bySeverity.low,
      findings_info: bySeverity.info,
    },
  };
}
