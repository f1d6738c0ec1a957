// Class-level reachability. Per direction, classes are grouped twice by partition refinement:
// as subjects (same selecting policies, and for ingress the same named-port resolution) and as
// peers (matched by the same rules, and for egress the same named-port resolution); address
// atoms join the peer grouping. One evaluation per (subject block, peer block) fills a table,
// and the class-pair matrix is egress ∩ ingress over "source kinds" × "destination kinds".

import type { Diagnostic } from '../model.js';
import { evaluateDirection, type PriorityTie } from '../policy/evaluate.js';
import { namedPortsOf } from '../policy/ports.js';
import { policyText, type Direction, type RuleRef } from '../policy/rules.js';
import type { PodClass } from './classes.js';
import type { PeerMasks, PolicySet } from './compile.js';
import type { DirectionEvaluator } from './direction.js';
import { membersOf, Partition } from './partition.js';
import { PortSetTable } from './port-table.js';

export interface DirectionTable {
  direction: Direction;
  /** Over classes. */
  subjectBlockOf: Int32Array;
  subjectBlockCount: number;
  /** Over the peer universe (classes, then atoms). */
  peerBlockOf: Int32Array;
  peerBlockCount: number;
  /** subjectBlock * peerBlockCount + peerBlock → port-set id. */
  cells: Int32Array;
}

/** How a class resolves the named ports rules mention (only those names matter). */
export function namedPortSignature(podClass: PodClass, names: readonly string[]): string {
  if (names.length === 0) return '';
  const parts: string[] = [];
  for (const name of names) {
    for (const port of podClass.ports) if (port.name === name) parts.push(`${name}=${port.protocol}/${port.port}`);
  }
  return parts.sort().join(',');
}

export class TieReport {
  private readonly seen = new Map<string, PriorityTie>();

  add(tie: PriorityTie): void {
    const key = `${tie.applied.id}\u0000${tie.other.id}`;
    if (!this.seen.has(key)) this.seen.set(key, tie);
  }

  diagnostics(): Diagnostic[] {
    return [...this.seen.values()].map((tie) => ({
      severity: 'warning' as const,
      code: 'anp.priority.tie',
      message:
        `${tie.applied.kind} ${policyText(tie.applied)} and ${tie.other.kind} ${policyText(tie.other)} have the same priority ` +
        `${tie.priority} and rules that both apply to some traffic (${tie.ports.toString()}); ` +
        `the order is undefined in Kubernetes: ${policyText(tie.applied)} (first by name) is applied`,
      object: `${tie.applied.kind} ${policyText(tie.applied)}`,
    }));
  }
}

export function buildDirectionTable(
  direction: Direction,
  evaluator: DirectionEvaluator,
  policySet: PolicySet,
  masks: PeerMasks,
  atomCount: number,
  table: PortSetTable,
  ties: TieReport | undefined,
): DirectionTable {
  const classes = evaluator.classes;
  const classCount = classes.length;
  const rules = policySet.rules.filter((r) => r.direction === direction);
  const namesInDirection = [...new Set(rules.flatMap((r) => namedPortsOf(r.ports)))].sort();

  // Subjects: the same selecting policies (and for ingress, where ports resolve on the subject,
  // the same resolution of named ports).
  const subjects = new Partition(classCount);
  for (const policy of policySet.policies) {
    const affects = direction === 'ingress' ? policy.affectsIngress : policy.affectsEgress;
    if (affects) subjects.refine(membersOf(masks.subjects[policy.ref.id]));
  }
  if (direction === 'ingress' && namesInDirection.length > 0) {
    subjects.refineByKey((c) => namedPortSignature(classes[c], namesInDirection));
  }

  // Peers: matched by the same rules (and for egress, the same resolution of named ports).
  const peers = new Partition(classCount + atomCount, (u) => (u < classCount ? 'class' : 'address'));
  for (const rule of rules) {
    if (masks.everyPeer[rule.id]) continue;
    const members = membersOf(masks.classMask[rule.id]);
    membersOf(masks.atomMask[rule.id], classCount, members);
    peers.refine(members);
  }
  if (direction === 'egress' && namesInDirection.length > 0) {
    peers.refineByKey((u) => (u < classCount ? namedPortSignature(classes[u], namesInDirection) : ''));
  }

  const subjectReps = subjects.representatives();
  const peerReps = peers.representatives();
  const peerBlockCount = peers.blockCount;
  const cells = new Int32Array(subjects.blockCount * peerBlockCount);
  const onTie = ties ? (tie: PriorityTie) => ties.add(tie) : undefined;
  // Egress ports resolve on the peer: its named-port resolution is part of its signature.
  const peerNamedSignature =
    direction === 'egress' && namesInDirection.length > 0
      ? Array.from(peerReps, (peer) => (peer < classCount ? namedPortSignature(classes[peer], namesInDirection) : '\u0000address'))
      : undefined;

  for (let s = 0; s < subjects.blockCount; s++) {
    const subject = classes[subjectReps[s]];
    const policies = evaluator.policiesOf(subject, direction);
    const row = s * peerBlockCount;
    if (policies.admin.length === 0 && policies.networkPolicies.length === 0 && policies.baseline.length === 0) {
      cells.fill(PortSetTable.ALL_ID, row, row + peerBlockCount);
      continue;
    }
    // The verdict depends only on which of the subject's rules match the peer (plus, for
    // egress with named ports, how the peer resolves them): evaluate once per signature.
    const relevant = policies.rules.filter((r) => !masks.everyPeer[r.id]);
    const namedMatters = direction === 'egress' && policies.rules.some((r) => evaluator.hasNamedPorts(r));
    const memo = new Map<number | string, number>();
    for (let p = 0; p < peerBlockCount; p++) {
      const peer = peerReps[p];
      const signature = matchSignature(relevant, peer, evaluator, namedMatters ? peerNamedSignature?.[p] : undefined);
      let id = memo.get(signature);
      if (id === undefined) {
        const query = evaluator.query(subject, direction, peer, true, policies);
        id = table.id(evaluateDirection(query, onTie ? { onTie } : undefined));
        memo.set(signature, id);
      }
      cells[row + p] = id;
    }
  }

  return {
    direction,
    subjectBlockOf: subjects.blockOf,
    subjectBlockCount: subjects.blockCount,
    peerBlockOf: peers.blockOf,
    peerBlockCount,
    cells,
  };
}

/** Which rules match the peer: a bit field while it fits in 31 bits, else text. */
function matchSignature(rules: readonly RuleRef[], peer: number, evaluator: DirectionEvaluator, named: string | undefined): number | string {
  if (rules.length <= 31 && named === undefined) {
    let bits = 0;
    for (let i = 0; i < rules.length; i++) if (evaluator.peerMatches(rules[i], peer)) bits |= 1 << i;
    return bits;
  }
  let text = '';
  for (const rule of rules) text += evaluator.peerMatches(rule, peer) ? '1' : '0';
  return named === undefined ? text : `${text}|${named}`;
}

export function cellOf(t: DirectionTable, subjectClass: number, peer: number): number {
  return t.cells[t.subjectBlockOf[subjectClass] * t.peerBlockCount + t.peerBlockOf[peer]];
}

/**
 * Classes grouped as sources (egress subject block × ingress peer block) and as destinations
 * (egress peer block × ingress subject block): the matrix over these kinds holds every class
 * pair's connections.
 */
export interface PairMatrix {
  srcKindOf: Int32Array;
  dstKindOf: Int32Array;
  srcKindCount: number;
  dstKindCount: number;
  cells: Int32Array;
}

function kinds(classCount: number, first: Int32Array, second: Int32Array): { kindOf: Int32Array; reps: number[] } {
  const kindOf = new Int32Array(classCount);
  const ids = new Map<string, number>();
  const reps: number[] = [];
  for (let c = 0; c < classCount; c++) {
    const key = `${first[c]},${second[c]}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = reps.length;
      ids.set(key, id);
      reps.push(c);
    }
    kindOf[c] = id;
  }
  return { kindOf, reps };
}

export function buildPairMatrix(classCount: number, egress: DirectionTable, ingress: DirectionTable, table: PortSetTable): PairMatrix {
  const src = kinds(classCount, egress.subjectBlockOf, ingress.peerBlockOf);
  const dst = kinds(classCount, egress.peerBlockOf, ingress.subjectBlockOf);
  const cells = new Int32Array(src.reps.length * dst.reps.length);
  for (let s = 0; s < src.reps.length; s++) {
    const from = src.reps[s];
    const egressRow = egress.subjectBlockOf[from] * egress.peerBlockCount;
    const ingressPeer = ingress.peerBlockOf[from];
    for (let d = 0; d < dst.reps.length; d++) {
      const to = dst.reps[d];
      const out = egress.cells[egressRow + egress.peerBlockOf[to]];
      if (out === PortSetTable.EMPTY_ID) continue;
      const into = ingress.cells[ingress.subjectBlockOf[to] * ingress.peerBlockCount + ingressPeer];
      cells[s * dst.reps.length + d] = table.intersect(out, into);
    }
  }
  return { srcKindOf: src.kindOf, dstKindOf: dst.kindOf, srcKindCount: src.reps.length, dstKindCount: dst.reps.length, cells };
}

export function pairCell(m: PairMatrix, srcClass: number, dstClass: number): number {
  return m.cells[m.srcKindOf[srcClass] * m.dstKindCount + m.dstKindOf[dstClass]];
}
