// Figures about one analysis without listing a single pair: pair counts come from the
// class-pair matrix weighted by class sizes (pods) or from the matrix over workload profiles
// (workloads), so they cost kinds², not pods². `policyscope analyze --format stats`.

import type { Protocol } from '../model.js';
import { popcount } from '../sets/bitset.js';
import { PortSet } from '../sets/port-set.js';
import { canBeSubject } from './classes.js';
import { groupsOf } from './connectivity.js';
import { PortSetTable } from './port-table.js';
import { pairCell } from './reachability.js';
import { PhaseClock } from './timings.js';
import { stateOf, type Analysis, type AnalysisState } from './state.js';

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** Ordered pairs of distinct endpoints: with any allowed port, with some port of each protocol, with every port. */
export interface PairCounts {
  any: number;
  TCP: number;
  UDP: number;
  SCTP: number;
  allPorts: number;
}

export interface AnalysisStats {
  pods: number;
  workloads: number;
  namespaces: number;
  networkPolicies: number;
  adminPolicies: number;
  rules: number;
  /** Pod equivalence classes (the ingress controller pseudo-pod not counted). */
  classes: number;
  /** Distinct port sets met in the analysis. */
  portSets: number;
  podPairs: PairCounts;
  workloadPairs: PairCounts;
  external: {
    /** Elementary address blocks: the address space cut at every CIDR boundary of the policies. */
    addressBlocks: number;
    /** Groups of blocks that every egress (ingress) rule treats alike. */
    egressGroups: number;
    ingressGroups: number;
  };
  isolation: {
    /** Shares in [0, 1] of the pods some NetworkPolicy isolates for ingress / egress. */
    ingressIsolatedPodShare: number;
    egressIsolatedPodShare: number;
    /** Shares of the pods that admin-tier (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy) policies select. */
    adminSelectedPodShare: number;
  };
  /** Milliseconds per analysis phase, then `stats` for this count itself. */
  timingsMs: Record<string, number>;
}

/** Per port-set id: which counts a pair with that set adds to. */
class PortSetFlags {
  private readonly flags: Int8Array;

  constructor(table: PortSetTable) {
    this.flags = new Int8Array(table.size);
    for (let id = 0; id < table.size; id++) {
      const set = table.get(id);
      let bits = set.isEmpty() ? 0 : 1;
      PROTOCOLS.forEach((protocol, i) => {
        if (!set.intersect(PortSet.protocol(protocol)).isEmpty()) bits |= 2 << i;
      });
      if (set.isAll()) bits |= 16;
      this.flags[id] = bits;
    }
  }

  add(counts: PairCounts, id: number, weight: number): void {
    const bits = this.flags[id];
    if (bits === 0) return;
    counts.any += weight;
    if (bits & 2) counts.TCP += weight;
    if (bits & 4) counts.UDP += weight;
    if (bits & 8) counts.SCTP += weight;
    if (bits & 16) counts.allPorts += weight;
  }
}

function zeroCounts(): PairCounts {
  return { any: 0, TCP: 0, UDP: 0, SCTP: 0, allPorts: 0 };
}

/**
 * Ordered pairs of distinct endpoints, each endpoint a set of classes (a pod: one class; a
 * workload: the classes of its pods) whose connections are the union over its classes.
 * Endpoints made of one class are counted in bulk: `weights[c]` of them sit on class c, so the
 * pairs between them are Σ weight × weight over the kind matrix. Endpoints spanning several
 * classes are paired with every other endpoint one by one (rare: a workload's pods share labels).
 */
function countPairs(state: AnalysisState, weights: Float64Array, spanning: readonly (readonly number[])[]): PairCounts {
  const { pairs, table, classes } = state.parts;
  const byId = new Map<number, number>();
  const addWeight = (id: number, weight: number) => {
    if (id !== PortSetTable.EMPTY_ID && weight !== 0) byId.set(id, (byId.get(id) ?? 0) + weight);
  };

  if (pairs.form === 'bits') {
    addWeight(PortSetTable.ALL_ID, bitPairWeight(pairs.rows, pairs.words, weights));
  } else {
    const srcWeight = new Float64Array(pairs.srcKindCount);
    const dstWeight = new Float64Array(pairs.dstKindCount);
    for (let c = 0; c < classes.length; c++) {
      srcWeight[pairs.srcKindOf[c]] += weights[c];
      dstWeight[pairs.dstKindOf[c]] += weights[c];
    }
    const weightById = new Float64Array(table.size);
    for (let s = 0; s < pairs.srcKindCount; s++) {
      const from = srcWeight[s];
      if (from === 0) continue;
      if (pairs.form === 'ids') {
        const row = s * pairs.dstKindCount;
        for (let d = 0; d < pairs.dstKindCount; d++) weightById[pairs.cells[row + d]] += from * dstWeight[d];
      } else {
        for (let i = pairs.rowStart[s]; i < pairs.rowStart[s + 1]; i++) weightById[pairs.ids[i]] += from * dstWeight[pairs.columns[i]];
      }
    }
    weightById.forEach((weight, id) => addWeight(id, weight));
  }
  // An endpoint and itself: not a pair.
  for (let c = 0; c < classes.length; c++) if (weights[c] > 0) addWeight(pairCell(pairs, c, c), -weights[c]);

  if (spanning.length > 0) {
    const union = (from: readonly number[], to: readonly number[]) => {
      let id = PortSetTable.EMPTY_ID;
      for (const a of from) for (const b of to) id = table.union(id, pairCell(pairs, a, b));
      return id;
    };
    const singles: number[] = [];
    for (let c = 0; c < classes.length; c++) if (weights[c] > 0) singles.push(c);
    spanning.forEach((group, g) => {
      for (const c of singles) {
        addWeight(union(group, [c]), weights[c]);
        addWeight(union([c], group), weights[c]);
      }
      spanning.forEach((other, h) => {
        if (h !== g) addWeight(union(group, other), 1);
      });
    });
  }

  const flags = new PortSetFlags(table);
  const counts = zeroCounts();
  for (const [id, weight] of byId) flags.add(counts, id, weight);
  return counts;
}

/** Σ over rows r, set bits c of weight[r] × weight[c], with weights sliced into bit planes. */
function bitPairWeight(rows: Uint32Array, words: number, weights: Float64Array): number {
  const n = weights.length;
  const planes: Uint32Array[] = [];
  for (let c = 0; c < n; c++) {
    let weight = weights[c];
    for (let k = 0; weight > 0; k++, weight = Math.floor(weight / 2)) {
      if (weight % 2 === 0) continue;
      while (planes.length <= k) planes.push(new Uint32Array(words));
      planes[k][c >>> 5] |= 1 << (c & 31);
    }
  }
  let total = 0;
  for (let r = 0; r < n; r++) {
    if (weights[r] === 0) continue;
    const base = r * words;
    let rowSum = 0;
    for (let k = 0; k < planes.length; k++) {
      const plane = planes[k];
      let bits = 0;
      for (let w = 0; w < words; w++) {
        const word = rows[base + w] & plane[w];
        if (word !== 0) bits += popcount(word);
      }
      rowSum += bits * 2 ** k;
    }
    total += weights[r] * rowSum;
  }
  return total;
}

function podWeights(state: AnalysisState): Float64Array {
  return Float64Array.from(state.parts.classes, (c) => c.pods.length);
}

/**
 * Workload W1 → W2 is allowed on the union over their pods. When every workload is one class
 * and the weights equal the pods' (one pod per workload, as in Kano's workloads), the pod counts
 * are the answer: no second pass over the matrix.
 */
function countWorkloadPairs(state: AnalysisState, pods: { weights: Float64Array; counts: PairCounts }): PairCounts {
  const weights = new Float64Array(state.parts.classes.length);
  const spanning: number[][] = [];
  for (const group of groupsOf(state, 'workload')) {
    if (group.classes.length === 1) weights[group.classes[0]]++;
    else spanning.push(group.classes);
  }
  if (spanning.length === 0 && weights.every((w, c) => w === pods.weights[c])) return { ...pods.counts };
  return countPairs(state, weights, spanning);
}

function isolationShares(state: AnalysisState): AnalysisStats['isolation'] {
  const { classes, policySet, masks, snapshot } = state.parts;
  const ingress = new Uint8Array(classes.length);
  const egress = new Uint8Array(classes.length);
  const admin = new Uint8Array(classes.length);
  for (const policy of policySet.policies) {
    const isNetworkPolicy = policy.ref.layer === 'networkpolicy';
    masks.subjects[policy.ref.id].forEach((c) => {
      if (!isNetworkPolicy) admin[c] = 1;
      else {
        if (policy.affectsIngress) ingress[c] = 1;
        if (policy.affectsEgress) egress[c] = 1;
      }
    });
  }
  const share = (marks: Uint8Array) => {
    let pods = 0;
    for (const c of classes) if (marks[c.id] === 1 && canBeSubject(c)) pods += c.pods.length;
    return snapshot.pods.length === 0 ? 0 : pods / snapshot.pods.length;
  };
  return { ingressIsolatedPodShare: share(ingress), egressIsolatedPodShare: share(egress), adminSelectedPodShare: share(admin) };
}

export function analysisStats(analysis: Analysis): AnalysisStats {
  const state = stateOf(analysis);
  const clock = new PhaseClock();
  const { snapshot, classes, policySet, atoms, egress, ingress, table } = state.parts;
  const weights = podWeights(state);
  const podPairs = countPairs(state, weights, []);
  const workloadPairs = countWorkloadPairs(state, { weights, counts: podPairs });
  const groupsOfAtoms = (blockOf: Int32Array) => {
    const blocks = new Set<number>();
    for (let a = 0; a < atoms.count; a++) blocks.add(blockOf[classes.length + a]);
    return blocks.size;
  };
  const stats: AnalysisStats = {
    pods: snapshot.pods.length,
    workloads: new Set(snapshot.pods.map((p) => `${p.workload.kind}/${p.workload.namespace}/${p.workload.name}`)).size,
    namespaces: new Set([...snapshot.namespaces.map((n) => n.name), ...snapshot.pods.map((p) => p.namespace)]).size,
    networkPolicies: snapshot.networkPolicies.length,
    adminPolicies: snapshot.adminPolicies.length,
    rules: policySet.rules.length,
    classes: classes.filter((c) => !c.ingressController).length,
    portSets: table.size,
    podPairs,
    workloadPairs,
    external: { addressBlocks: atoms.count, egressGroups: groupsOfAtoms(egress.peerBlockOf), ingressGroups: groupsOfAtoms(ingress.peerBlockOf) },
    isolation: isolationShares(state),
    timingsMs: {},
  };
  clock.lap('stats');
  stats.timingsMs = { ...state.parts.timings, ...clock.laps };
  return stats;
}
