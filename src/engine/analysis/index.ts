// Reachability analysis of a snapshot (docs/engine-design.md "Computation"):
// policies → address atoms → pod classes → peer/subject masks → per-direction tables →
// class-pair matrix; connectivity and explain read that result.

import type { AnalysisRequest, Diagnostic, NodeModel, Protocol, SnapshotModel } from '../model.js';
import { resolveNetwork, type ResolvedNetwork } from '../network-plugin/detect.js';
import type { ClusterRanges, ConnectivityResult, DirectionVerdict, Explanation, Granularity } from '../result.js';
import type { PortSet } from '../sets/port-set.js';
import { AddressAtoms } from './addresses.js';
import { allowsAllPortsOrNothing, buildBitPairMatrix } from './class-bits.js';
import { buildClasses, indexNamespaces, type PodClass } from './classes.js';
import { compilePolicies, computePeerMasks } from './compile.js';
import { expandConnectivity } from './connectivity.js';
import { DirectionEvaluator, NamedPortReport } from './direction.js';
import { connectionsBetweenPods, explainConnection, type ExplainError } from './explain.js';

export type { ExplainError } from './explain.js';
import { routedPortsByClass } from './ingress-routes.js';
import { PortSetTable } from './port-table.js';
import { buildDirectionTable, buildPairMatrix, keepAddressColumns, TieReport } from './reachability.js';
import { AnalysisState, stateOf, type Analysis } from './state.js';
import { PhaseClock } from './timings.js';

export type { Analysis } from './state.js';

function hostNetworkDiagnostics(snapshot: SnapshotModel): Diagnostic[] {
  return snapshot.pods
    .filter((p) => p.hostNetwork)
    .map((p) => ({
      severity: 'warning' as const,
      code: 'pod.hostNetwork',
      message:
        `pod ${p.namespace}/${p.name} uses the host network: no policy selects it as a subject, and as a peer only ` +
        'address blocks holding its node\'s IP (or its own) and admin-tier node peers match it',
      object: `Pod ${p.namespace}/${p.name}`,
    }));
}

/** Whether any two admin-tier (or two baseline-tier) policies share a priority. */
function prioritiesMayTie(snapshot: SnapshotModel): boolean {
  const seen = new Set<string>();
  for (const p of snapshot.adminPolicies) {
    const key = `${p.tier}:${p.priority}`;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

/**
 * Options left out of `request` default from the detected network plugin, then `DEFAULT_OPTIONS`.
 * When the plugin does not enforce policies (or `enforcement: 'not-enforced'`), the analysis is
 * of the snapshot without its policies (every connection allowed); explain also gives what the
 * policies intend.
 */
export function analyze(snapshot: SnapshotModel, request?: AnalysisRequest): Analysis {
  const network = resolveNetwork(snapshot, request);
  if (!network.enforcement.enforced) {
    const open = analyzeResolved({ ...snapshot, networkPolicies: [], adminPolicies: [] }, network);
    const intended = analyzeResolved(snapshot, { ...network, enforcement: { ...network.enforcement, enforced: true } });
    open.parts.intended = intended;
    return open;
  }
  return analyzeResolved(snapshot, network);
}

function analyzeResolved(snapshot: SnapshotModel, network: ResolvedNetwork): AnalysisState {
  const effective = network.options;
  const clock = new PhaseClock();
  const policySet = compilePolicies(snapshot);
  const atoms = new AddressAtoms(policySet.addressSets);
  clock.lap('compile');
  // The ingress controller pseudo-pod is always present (it reaches nothing without routes),
  // so explain can answer for it either way.
  const namespaces = indexNamespaces(snapshot, true);
  const nodes = new Map<string, NodeModel>(snapshot.nodes.map((n) => [n.name, n]));
  const { classes, classOfPod } = buildClasses(snapshot, namespaces, nodes, atoms, effective, true);
  const controllerClass = classes.findIndex((c) => c.ingressController);
  clock.lap('classes');
  const masks = computePeerMasks(policySet, classes, namespaces, atoms, effective);
  clock.lap('selectors');

  const namedReport = new NamedPortReport();
  const evaluator = new DirectionEvaluator(policySet, masks, classes, namedReport);
  const table = new PortSetTable();
  const ties = prioritiesMayTie(snapshot) ? new TieReport() : undefined;
  // Without ports or admin tiers, class pairs are bits; the tables then serve addresses only.
  const bits = allowsAllPortsOrNothing(snapshot, policySet, evaluator);
  const egress = buildDirectionTable('egress', evaluator, policySet, masks, atoms.count, table, ties, !bits);
  clock.lap('egress');
  const ingress = buildDirectionTable('ingress', evaluator, policySet, masks, atoms.count, table, ties, !bits);
  clock.lap('ingress');
  const pairs = bits ? buildBitPairMatrix(classes, policySet, evaluator, masks, egress, ingress) : buildPairMatrix(classes.length, egress, ingress, table);
  const egressToAddresses = keepAddressColumns(egress, classes.length);
  const ingressFromAddresses = keepAddressColumns(ingress, classes.length);
  clock.lap('pairs');

  const routeDiagnostics: Diagnostic[] = [];
  const routes = routedPortsByClass(snapshot, classes, routeDiagnostics);

  const describe = (c: PodClass) => {
    const pod = snapshot.pods[c.pods[0]];
    return pod === undefined ? c.namespace : `pod ${pod.namespace}/${pod.name}`;
  };
  const diagnostics: Diagnostic[] = [
    ...policySet.diagnostics,
    ...hostNetworkDiagnostics(snapshot),
    ...routeDiagnostics,
    ...namedReport.diagnostics(describe),
    ...(ties?.diagnostics() ?? []),
  ];

  return new AnalysisState({
    snapshot,
    options: effective,
    network: { cni: network.cni, enforcement: network.enforcement, optionSources: network.optionSources, clusterRanges: network.clusterRanges },
    diagnostics,
    namespaces,
    nodes,
    atoms,
    classes,
    classOfPod,
    policySet,
    masks,
    evaluator,
    table,
    egress: egressToAddresses,
    ingress: ingressFromAddresses,
    pairs,
    routes,
    controllerClass,
    timings: clock.laps,
  });
}

export function connectivity(analysis: Analysis, granularity: Granularity, snapshotName: string): ConnectivityResult {
  const state = stateOf(analysis);
  return { ...expandConnectivity(state, granularity, snapshotName), ...networkFields(state) };
}

function networkFields(state: AnalysisState): Pick<ConnectivityResult, 'cni' | 'enforcement' | 'optionSources' | 'clusterRanges'> {
  const { cni, enforcement, optionSources, clusterRanges } = state.network;
  return { cni, enforcement: { ...enforcement }, optionSources: { ...optionSources }, clusterRanges: copyRanges(clusterRanges) };
}

function copyRanges(r: ClusterRanges): ClusterRanges {
  return { podCIDRs: [...r.podCIDRs], serviceCIDRs: [...r.serviceCIDRs] };
}

/** Why a direction is allowed when policies are not enforced. */
function notEnforcedVerdict(state: AnalysisState): DirectionVerdict {
  const { cni, enforcement } = state.network;
  const why =
    enforcement.mode === 'not-enforced'
      ? 'policies are not enforced (enforcement: not-enforced)'
      : `the network plugin ${cni.plugin ?? 'in use'} does not enforce NetworkPolicy (${cni.reason})`;
  return { allowed: true, reason: `${why}: allowed whatever the policies say`, decidedBy: [] };
}

/**
 * `from`/`to`: "ns/pod", "ns/workload" (its first pod), "ns/name[Kind]", an IP address (outside
 * the cluster, even when it is a pod's IP), or "{ingress-controller}" (from only).
 */
export function explain(analysis: Analysis, from: string, to: string, port: number, protocol: Protocol): Explanation | ExplainError {
  const state = stateOf(analysis);
  const result = explainConnection(state, from, to, port, protocol);
  if ('error' in result) return result;
  const explained: Explanation = { ...result, ...networkFields(state) };
  const intendedState = state.parts.intended;
  if (intendedState === undefined) return explained;
  const intended = explainConnection(intendedState, from, to, port, protocol);
  // Without enforcement only the ingress controller's unrouted ports stay closed (no route leads there).
  const verdict = notEnforcedVerdict(state);
  return {
    ...explained,
    ...(result.allowed ? { egress: verdict, ingress: { ...verdict }, decidedBy: [] } : {}),
    ...('error' in intended ? {} : { intended: { allowed: intended.allowed, egress: intended.egress, ingress: intended.ingress, decidedBy: intended.decidedBy } }),
  };
}

/** What `srcPod` may open to `dstPod`; ALL for a pod and itself, EMPTY for an unknown pod. */
export function podConnections(
  analysis: Analysis,
  srcPod: { namespace: string; name: string },
  dstPod: { namespace: string; name: string },
): PortSet {
  return connectionsBetweenPods(stateOf(analysis), srcPod, dstPod);
}
