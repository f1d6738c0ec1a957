// Class pairs as bits, as Kano does: when no admin-tier policy exists and every rule allows
// every port, a pair is allowed or not, and a subject's allowed peers are the OR of its rules'
// peer bitsets (all classes when nothing selects it, none when it is isolated without rules).
// The pair matrix is egress rows AND the transposed ingress rows: words × classes operations,
// with no per-pair work at all.

import type { SnapshotModel } from '../model.js';
import type { Direction } from '../policy/rules.js';
import { Bitset, transposeBitMatrix } from '../sets/bitset.js';
import { canBeSubject, type PodClass } from './classes.js';
import type { PeerMasks, PolicySet } from './compile.js';
import type { DirectionEvaluator } from './direction.js';
import type { PairMatrix, SparseDirectionTable } from './reachability.js';

/** Whether every verdict between classes is "every port" or "nothing". */
export function allowsAllPortsOrNothing(snapshot: SnapshotModel, policySet: PolicySet, evaluator: DirectionEvaluator): boolean {
  if (snapshot.adminPolicies.length > 0) return false;
  return policySet.rules.every((rule) => !evaluator.hasNamedPorts(rule) && evaluator.portsOf(rule, undefined, false).isAll());
}

/** For each subject block of `t`: the classes its subjects may reach (egress) or be reached from (ingress). */
function rowsBySubjectBlock(
  direction: Direction,
  t: SparseDirectionTable,
  classes: readonly PodClass[],
  policySet: PolicySet,
  evaluator: DirectionEvaluator,
  masks: PeerMasks,
): Uint32Array {
  const words = (classes.length + 31) >>> 5;
  const all = Bitset.full(classes.length).words;
  // Per policy affecting this direction: the OR of its rules' peers; `null` when that is empty
  // (a policy without rules in this direction isolates and adds nothing: half of Kano's policies
  // per direction, skipped rather than OR-ed as zeros).
  const peersOfPolicy = policySet.policies.map((policy): Uint32Array | null | undefined => {
    if (!(direction === 'ingress' ? policy.affectsIngress : policy.affectsEgress)) return undefined;
    const peers = new Uint32Array(words);
    let any = 0;
    for (const rule of policy[direction]) {
      const matched = masks.everyPeer[rule.id] ? all : masks.classMask[rule.id].words;
      for (let w = 0; w < words; w++) any |= peers[w] |= matched[w];
    }
    return any === 0 ? null : peers;
  });
  const rows = new Uint32Array(t.subjectBlockCount * words);
  const done = new Uint8Array(t.subjectBlockCount);
  for (const subject of classes) {
    const block = t.subjectBlockOf[subject.id];
    if (done[block] === 1) continue;
    done[block] = 1;
    const base = block * words;
    let isolated = false;
    if (canBeSubject(subject)) {
      for (const policyId of evaluator.policiesSelecting(subject.id)) {
        const peers = peersOfPolicy[policyId];
        if (peers === undefined) continue;
        isolated = true;
        if (peers === null) continue;
        for (let w = 0; w < words; w++) rows[base + w] |= peers[w];
      }
    }
    // Selected by no policy for this direction: everything is allowed.
    if (!isolated) rows.set(all, base);
  }
  return rows;
}

export function buildBitPairMatrix(
  classes: readonly PodClass[],
  policySet: PolicySet,
  evaluator: DirectionEvaluator,
  masks: PeerMasks,
  egress: SparseDirectionTable,
  ingress: SparseDirectionTable,
): PairMatrix {
  const n = classes.length;
  const words = (n + 31) >>> 5;
  const egressRows = rowsBySubjectBlock('egress', egress, classes, policySet, evaluator, masks);
  const ingressRows = rowsBySubjectBlock('ingress', ingress, classes, policySet, evaluator, masks);
  // Row d: the sources d admits. Transposed, row s: the destinations that admit s.
  const admits = new Uint32Array(n * words);
  for (let d = 0; d < n; d++) admits.set(ingressRows.subarray(ingress.subjectBlockOf[d] * words, (ingress.subjectBlockOf[d] + 1) * words), d * words);
  const admittedBy = transposeBitMatrix(admits, n);
  const rows = new Uint32Array(n * words);
  for (let s = 0; s < n; s++) {
    const out = egress.subjectBlockOf[s] * words;
    const base = s * words;
    for (let w = 0; w < words; w++) rows[base + w] = egressRows[out + w] & admittedBy[base + w];
  }
  const identity = Int32Array.from({ length: n }, (_, i) => i);
  return { srcKindOf: identity, dstKindOf: identity, srcKindCount: n, dstKindCount: n, form: 'bits', words, rows };
}
