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

/** Whether a NetworkPolicy selects the pods of a class for ingress / egress ("isolated"), defined once. */
export function classIsolation(snapshot: SnapshotModel, c: PodClass): { ingress: boolean; egress: boolean } {
  if (!canBeSubject(c)) return { ingress: false, egress: false };
  const selecting = snapshot.networkPolicies.filter((p) => p.namespace === c.namespace && selectorMatches(p.podSelector, c.labels));
  return { ingress: selecting.some((p) => p.affectsIngress), egress: selecting.some((p) => p.affectsEgress) };
}

export function summarizeAnalysis(analysis: Analysis): AnalysisSummary {
  const { snapshot, classes } = stateOf(analysis).parts;
  const real = classes.filter((c) => !c.ingressController);
  let ingressIsolated = 0;
  let egressIsolated = 0;
  for (const c of real) {
    const isolated = classIsolation(snapshot, c);
    if (isolated.ingress) ingressIsolated += c.pods.length;
    if (isolated.egress) egressIsolated += c.pods.length;
  }
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
