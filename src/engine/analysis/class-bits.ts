// Class pairs as bits, as Kano does: when no admin-tier policy exists and every rule allows
// every port, a pair is allowed or not, and a subject's allowed peers are the OR of its rules'
// peer bitsets (all classes when nothing selects it, none when it is isolated without rules).
// The pair matrix is egress rows AND the transposed ingress rows: words × classes operations,
// with no per-pair work at all.

import type { SnapshotModel } from '../model.js';
import type { Direction } from '../policy/rules.js';
import { Bitset, transposeBitMatrix } from '../sets/bitset.js';
import type { PodClass } from './classes.js';
import type { PeerMasks, PolicySet } from './compile.js';
import type { DirectionEvaluator } from './direction.js';
import type { DirectionTable, PairMatrix } from './reachability.js';

/** Whether every verdict between classes is "every port" or "nothing". */
export function allowsAllPortsOrNothing(snapshot: SnapshotModel, policySet: PolicySet, evaluator: DirectionEvaluator): boolean {
  if (snapshot.adminPolicies.length > 0) return false;
  return policySet.rules.every((rule) => !evaluator.hasNamedPorts(rule) && evaluator.portsOf(rule, undefined, false).isAll());
}

/** For each subject block of `t`: the classes its subjects may reach (egress) or be reached from (ingress). */
function rowsBySubjectBlock(
  direction: Direction,
  t: DirectionTable,
  classes: readonly PodClass[],
  evaluator: DirectionEvaluator,
  masks: PeerMasks,
): Uint32Array {
  const words = (classes.length + 31) >>> 5;
  const rows = new Uint32Array(t.subjectBlockCount * words);
  const all = Bitset.full(classes.length);
  const done = new Uint8Array(t.subjectBlockCount);
  for (const subject of classes) {
    const block = t.subjectBlockOf[subject.id];
    if (done[block] === 1) continue;
    done[block] = 1;
    const policies = evaluator.policiesOf(subject, direction);
    const row = rows.subarray(block * words, (block + 1) * words);
    if (policies.networkPolicies.length === 0) {
      row.set(all.words);
      continue;
    }
    for (const rule of policies.rules) {
      const peers = masks.everyPeer[rule.id] ? all.words : masks.classMask[rule.id].words;
      for (let w = 0; w < words; w++) row[w] |= peers[w];
    }
  }
  return rows;
}

export function buildBitPairMatrix(
  classes: readonly PodClass[],
  evaluator: DirectionEvaluator,
  masks: PeerMasks,
  egress: DirectionTable,
  ingress: DirectionTable,
): PairMatrix {
  const n = classes.length;
  const words = (n + 31) >>> 5;
  const egressRows = rowsBySubjectBlock('egress', egress, classes, evaluator, masks);
  const ingressRows = rowsBySubjectBlock('ingress', ingress, classes, evaluator, masks);
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
