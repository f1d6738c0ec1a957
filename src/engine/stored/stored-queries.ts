// Whole-snapshot answers read from a stored result: exposure (only the rows from outside are
// visited), the pair counts the metrics need, and the small per-workload and per-namespace-pair
// tables dashboards read. Exposure, isolation and the metrics keep their one definition
// (queries/exposure.ts, analysis/summary.ts, queries/metrics.ts); this file only feeds them.

import { exposure, type ExposedEndpoint } from '../queries/exposure.js';
import { internetAddresses, internetExposure } from '../queries/internet.js';
import { connsText, isNamespaced } from '../render/endpoint-text.js';
import type { Connection, ConnectivityResult } from '../result.js';
import type { StoredView } from './stored-view.js';

/** The rows whose source is outside the cluster (external blocks, the ingress controller). */
export function fromOutside(view: StoredView, snapshot: string): ConnectivityResult {
  const connections: Connection[] = [];
  for (const row of view.rows(() => true, null, null, true)) if (view.isOutside(row.src)) connections.push(view.connection(row));
  return { ...view.frame(snapshot), connections };
}

/** Every exposed endpoint (`exposure`'s definition), without visiting pairs inside the cluster. */
export function storedExposure(view: StoredView, snapshot: string): ExposedEndpoint[] {
  return exposure(fromOutside(view, snapshot));
}

export interface WorkloadRow {
  kind: string;
  namespace: string;
  name: string;
  pods: number;
  /** Reachable from an external block or through the ingress controller. */
  exposed: boolean;
  /** Reachable from a public address. */
  internetExposed: boolean;
  /** Every pod selected by a NetworkPolicy for ingress / egress. */
  ingressIsolated: boolean;
  egressIsolated: boolean;
  /** Distinct other workloads that may open a connection to it / that it may open one to. */
  peersIn: number;
  peersOut: number;
  /** What reaches it from outside: one entry per source. */
  exposure: { sourceKind: 'External' | 'IngressController'; cidrs: string[]; allPorts: boolean; ports: string; internet: boolean }[];
}

export interface NamespacePairRow {
  srcNamespace: string;
  dstNamespace: string;
  /** Ordered pairs of distinct workloads with at least one allowed port. */
  workloadPairs: number;
}

export interface DashboardTables {
  workloads: WorkloadRow[];
  namespacePairs: NamespacePairRow[];
  /** Figures the metrics need (queries/metrics.ts). */
  allowedWorkloadPairs: number;
  crossNamespaceWorkloadPairs: number;
  /** The rows from outside at workload granularity, for exposure and internet metrics. */
  outside: ConnectivityResult;
}

/**
 * The dashboard tables of a workload-granularity view: one pass over the workload pairs
 * (counted, never kept), one over the rows from outside.
 */
export function dashboardTables(view: StoredView, snapshot: string): DashboardTables {
  if (view.granularity !== 'workload') throw new TypeError('dashboard tables are per workload');
  const r = view.stored;
  const n = view.groupCount;
  const peersIn = new Int32Array(n);
  const peersOut = new Int32Array(n);
  const byNamespacePair = new Map<number, number>();
  const nsCount = r.namespaces.length;
  let pairs = 0;
  let cross = 0;
  for (let src = 0; src < n; src++) {
    for (const row of view.rowsFrom(src)) {
      if (row.dst >= n) continue; // an external block
      pairs++;
      peersOut[src]++;
      peersIn[row.dst]++;
      const a = view.groupNamespace[src];
      const b = view.groupNamespace[row.dst];
      if (a !== b) cross++;
      const key = a * nsCount + b;
      byNamespacePair.set(key, (byNamespacePair.get(key) ?? 0) + 1);
    }
  }
  const outside = fromOutside(view, snapshot);
  const exposedByText = new Map<string, ExposedEndpoint>();
  for (const e of exposure(outside)) if (isNamespaced(e.endpoint)) exposedByText.set(`${e.endpoint.namespace}/${e.endpoint.name}[${e.endpoint.kind}]`, e);
  const internet = new Set(internetExposure(outside).map((e) => (isNamespaced(e.endpoint) ? `${e.endpoint.namespace}/${e.endpoint.name}[${e.endpoint.kind}]` : '')));
  const podsOf = new Int32Array(n);
  const ingressIsolatedPods = new Int32Array(n);
  const egressIsolatedPods = new Int32Array(n);
  const groupOfWorkload = new Map<number, number>();
  view.groupWorkloads.forEach((ws, g) => ws.forEach((w) => groupOfWorkload.set(w, g)));
  for (let p = 0; p < r.podName.length; p++) {
    const g = groupOfWorkload.get(r.podWorkload[p])!;
    podsOf[g]++;
    const bits = r.classIsolation[r.podClass[p]];
    if (bits & 1) ingressIsolatedPods[g]++;
    if (bits & 2) egressIsolatedPods[g]++;
  }
  const workloads: WorkloadRow[] = [];
  for (let g = 0; g < n; g++) {
    const endpoint = view.endpoints[g] as { kind: string; namespace: string; name: string };
    const text = view.texts[g];
    const e = exposedByText.get(text);
    workloads.push({
      kind: endpoint.kind,
      namespace: endpoint.namespace,
      name: endpoint.name,
      pods: podsOf[g],
      exposed: e !== undefined,
      internetExposed: internet.has(text),
      ingressIsolated: podsOf[g] > 0 && ingressIsolatedPods[g] === podsOf[g],
      egressIsolated: podsOf[g] > 0 && egressIsolatedPods[g] === podsOf[g],
      peersIn: peersIn[g],
      peersOut: peersOut[g],
      exposure: e
        ? [
            ...e.fromExternal.map((x) => ({ sourceKind: 'External' as const, cidrs: x.cidrs, allPorts: x.allPorts, ports: connsText(x), internet: !internetAddresses(x.cidrs, outside.clusterRanges).isEmpty() })),
            ...(e.fromIngressController
              ? [{ sourceKind: 'IngressController' as const, cidrs: [], allPorts: e.fromIngressController.allPorts, ports: connsText(e.fromIngressController), internet: false }]
              : []),
          ]
        : [],
    });
  }
  const namespacePairs = [...byNamespacePair].map(([key, count]) => ({
    srcNamespace: r.namespaces[Math.floor(key / nsCount)],
    dstNamespace: r.namespaces[key % nsCount],
    workloadPairs: count,
  }));
  return { workloads, namespacePairs, allowedWorkloadPairs: pairs, crossNamespaceWorkloadPairs: cross, outside };
}
