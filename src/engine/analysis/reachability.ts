// Class-level reachability. Per direction, classes are grouped twice by partition refinement:
// as subjects (same selecting policies, and for ingress the same named-port resolution) and as
// peers (matched by the same rules, and for egress the same named-port resolution); address
// atoms join the peer grouping. Each rule's peers become a bitset over peer blocks; a subject
// block's row is then filled from the union of its rules' bitsets, grouped by port set (or, with
// admin tiers or peer-dependent named ports, by one evaluation per group of peers its rules tell
// apart). The class-pair matrix is egress ∩ ingress over "source kinds" × "destination kinds".

import type { Diagnostic } from '../model.js';
import { evaluateDirection, type PriorityTie } from '../policy/evaluate.js';
import { namedPortsOf } from '../policy/ports.js';
import { policyText, type Direction } from '../policy/rules.js';
import { Bitset } from '../sets/bitset.js';
import type { PodClass } from './classes.js';
import type { PeerMasks, PolicySet } from './compile.js';
import type { DirectionEvaluator, SubjectPolicies } from './direction.js';
import { Partition, type BitsPart } from './partition.js';
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
  /**
   * False only in the class-bits case (`allowsAllPortsOrNothing`): class pairs come from
   * `buildBitPairMatrix`, only address peers are told apart, and every cell is ALL or EMPTY.
   */
  classPeers = true,
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
    if (affects) subjects.refineBits([{ words: masks.subjects[policy.ref.id].words, offset: 0 }]);
  }
  if (direction === 'ingress' && namesInDirection.length > 0) {
    subjects.refineByKey((c) => namedPortSignature(classes[c], namesInDirection));
  }

  // Peers: matched by the same rules (and for egress, the same resolution of named ports).
  const peers = new Partition(classCount + atomCount, (u) => (u < classCount ? 'class' : 'address'));
  const ruleMembers = new Map<number, BitsPart[]>();
  for (const rule of rules) {
    if (masks.everyPeer[rule.id]) continue;
    const members: BitsPart[] = [{ words: masks.atomMask[rule.id].words, offset: classCount }];
    if (classPeers) members.unshift({ words: masks.classMask[rule.id].words, offset: 0 });
    peers.refineBits(members);
    ruleMembers.set(rule.id, members);
  }
  if (classPeers && direction === 'egress' && namesInDirection.length > 0) {
    peers.refineByKey((u) => (u < classCount ? namedPortSignature(classes[u], namesInDirection) : ''));
  }

  const peerReps = peers.representatives();
  const peerBlockCount = peers.blockCount;
  // Every block lies wholly inside or outside each rule's peers, so one member marks its block.
  const rulePeers = new RulePeerBlocks(peerBlockCount);
  for (const [ruleId, members] of ruleMembers) rulePeers.set(ruleId, members, peers.blockOf);
  ruleMembers.clear();

  const subjectReps = subjects.representatives();
  const cells = new Int32Array(subjects.blockCount * peerBlockCount);
  const onTie = ties ? (tie: PriorityTie) => ties.add(tie) : undefined;
  // Egress ports resolve on the peer: its named-port resolution is part of its signature.
  // Numbered: the same text gets the same number, so rows refine by integers, not strings.
  const peerNamedSignature =
    classPeers && direction === 'egress' && namesInDirection.length > 0
      ? numbered(Array.from(peerReps, (peer) => (peer < classCount ? namedPortSignature(classes[peer], namesInDirection) : '\u0000address')))
      : undefined;
  const staticPortIds = new Int32Array(policySet.rules.length).fill(-1);
  const scratch = new Uint32Array((peerBlockCount + 31) >>> 5);
  const row: RowContext = { direction, evaluator, masks, table, cells, peerBlockCount, peerReps, rulePeers, peerNamedSignature, onTie, staticPortIds, scratch };

  for (let s = 0; s < subjects.blockCount; s++) {
    const subject = classes[subjectReps[s]];
    if (!classPeers) {
      fillAllOrNothingRow(row, policySet, subject, s * peerBlockCount);
      continue;
    }
    const policies = evaluator.policiesOf(subject, direction);
    const start = s * peerBlockCount;
    if (policies.admin.length === 0 && policies.networkPolicies.length === 0 && policies.baseline.length === 0) {
      cells.fill(PortSetTable.ALL_ID, start, start + peerBlockCount);
    } else if (policies.admin.length === 0 && policies.baseline.length === 0 && !(direction === 'egress' && policies.rules.some((r) => evaluator.hasNamedPorts(r)))) {
      fillUnionRow(row, subject, policies, start);
    } else {
      fillEvaluatedRow(row, subject, policies, start);
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

/** Each text's index among the distinct texts, in order of first appearance. */
function numbered(texts: readonly string[]): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(texts, (text) => {
    let id = ids.get(text);
    if (id === undefined) {
      id = ids.size;
      ids.set(text, id);
    }
    return id;
  });
}

/** The peer blocks each rule matches (rules matching every peer have none: see `everyPeer`). */
class RulePeerBlocks {
  private readonly sets = new Map<number, Bitset>();
  private readonly lists = new Map<number, Int32Array>();
  private readonly empty = new Map<number, boolean>();

  constructor(private readonly blockCount: number) {}

  set(ruleId: number, members: readonly BitsPart[], blockOf: Int32Array): void {
    const blocks = new Bitset(this.blockCount);
    const into = blocks.words;
    for (const { words, offset } of members) {
      for (let w = 0; w < words.length; w++) {
        let word = words[w];
        while (word !== 0) {
          const low = word & -word;
          const block = blockOf[offset + (w << 5) + 31 - Math.clz32(low)];
          into[block >>> 5] |= 1 << (block & 31);
          word ^= low;
        }
      }
    }
    this.sets.set(ruleId, blocks);
  }

  bitset(ruleId: number): Bitset {
    return this.sets.get(ruleId)!;
  }

  isEmpty(ruleId: number): boolean {
    let empty = this.empty.get(ruleId);
    if (empty === undefined) {
      empty = this.bitset(ruleId).isEmpty();
      this.empty.set(ruleId, empty);
    }
    return empty;
  }

  /** The blocks as a list, made on first use (only rows evaluated rule by rule need them). */
  list(ruleId: number): Int32Array {
    let list = this.lists.get(ruleId);
    if (list === undefined) {
      list = this.bitset(ruleId).members();
      this.lists.set(ruleId, list);
    }
    return list;
  }
}

interface RowContext {
  direction: Direction;
  evaluator: DirectionEvaluator;
  masks: PeerMasks;
  table: PortSetTable;
  cells: Int32Array;
  peerBlockCount: number;
  peerReps: Int32Array;
  rulePeers: RulePeerBlocks;
  /** By peer block: the number of its named-port resolution (egress with named ports only). */
  peerNamedSignature: Int32Array | undefined;
  onTie: ((tie: PriorityTie) => void) | undefined;
  /** By rule id: the port-set id of a rule without named ports, -1 until first asked. */
  staticPortIds: Int32Array;
  /** A bitset's words over peer blocks, reused by every row. */
  scratch: Uint32Array;
}

function portsIdOf(ctx: RowContext, rule: SubjectPolicies['rules'][number], destination: PodClass | undefined): number {
  if (ctx.evaluator.hasNamedPorts(rule)) return ctx.table.id(ctx.evaluator.portsOf(rule, destination, true));
  let id = ctx.staticPortIds[rule.id];
  if (id < 0) {
    id = ctx.table.id(ctx.evaluator.portsOf(rule, destination, true));
    ctx.staticPortIds[rule.id] = id;
  }
  return id;
}

/**
 * A subject only NetworkPolicies select, with ports that do not depend on the peer: what a peer
 * may do is the union of the port sets of the rules matching it. Rules are grouped by port set;
 * a group's peers are the OR of its rules' bitsets (in a scratch bitset, no allocation), and a
 * cell takes the union of the groups holding its peer: words × rules plus one write per covered
 * cell and group, never peers × rules.
 */
function fillUnionRow(ctx: RowContext, subject: PodClass, policies: SubjectPolicies, start: number): void {
  const { masks, table, cells, peerBlockCount, rulePeers, scratch } = ctx;
  const destination = ctx.direction === 'ingress' ? subject : undefined;
  const groups = new Map<number, Bitset[] | 'every'>();
  for (const rule of policies.rules) {
    const every = masks.everyPeer[rule.id];
    // A rule that matches no peer is never evaluated (so its named ports are not reported).
    if (!every && rulePeers.isEmpty(rule.id)) continue;
    const ports = portsIdOf(ctx, rule, destination);
    if (ports === PortSetTable.EMPTY_ID) continue;
    const group = groups.get(ports);
    if (every) groups.set(ports, 'every');
    else if (group === undefined) groups.set(ports, [rulePeers.bitset(rule.id)]);
    else if (group !== 'every') group.push(rulePeers.bitset(rule.id));
  }
  const single = groups.size === 1;
  const merge = (at: number, ports: number) => {
    const before = cells[at];
    cells[at] = single || before === PortSetTable.EMPTY_ID ? ports : table.union(before, ports);
  };
  for (const [ports, members] of groups) {
    if (members === 'every') {
      for (let at = start; at < start + peerBlockCount; at++) merge(at, ports);
      continue;
    }
    let words = members[0].words;
    if (members.length > 1) {
      scratch.fill(0);
      for (const blocks of members) for (let w = 0; w < scratch.length; w++) scratch[w] |= blocks.words[w];
      words = scratch;
    }
    for (let w = 0; w < words.length; w++) {
      let word = words[w];
      while (word !== 0) {
        const low = word & -word;
        merge(start + (w << 5) + 31 - Math.clz32(low), ports);
        word ^= low;
      }
    }
  }
}

/**
 * The class-bits case (`classPeers` false: no admin tiers, every rule allows every port): a cell
 * is ALL when a rule of a policy selecting the subject for this direction matches the peer block,
 * or when no such policy exists; else EMPTY. Read from the selecting policies directly, without
 * building the subject's ordered rule list.
 */
function fillAllOrNothingRow(ctx: RowContext, policySet: PolicySet, subject: PodClass, start: number): void {
  const { direction, evaluator, masks, cells, peerBlockCount, rulePeers } = ctx;
  const ALL = PortSetTable.ALL_ID;
  let isolated = false;
  for (const policyId of evaluator.policiesSelecting(subject.id)) {
    const policy = policySet.policies[policyId];
    if (!(direction === 'ingress' ? policy.affectsIngress : policy.affectsEgress)) continue;
    isolated = true;
    for (const rule of policy[direction]) {
      if (masks.everyPeer[rule.id]) {
        cells.fill(ALL, start, start + peerBlockCount);
        return;
      }
      rulePeers.bitset(rule.id).forEach((block) => {
        cells[start + block] = ALL;
      });
    }
  }
  if (!isolated) cells.fill(ALL, start, start + peerBlockCount);
}

/**
 * Any other subject (admin or baseline tiers, or egress towards named ports): peers are grouped
 * by which of the subject's rules match them (refinement by each rule's blocks), and the full
 * evaluation runs once per group.
 */
function fillEvaluatedRow(ctx: RowContext, subject: PodClass, policies: SubjectPolicies, start: number): void {
  const { direction, evaluator, masks, table, cells, peerBlockCount, peerReps, rulePeers, peerNamedSignature, onTie } = ctx;
  const groups = new Partition(peerBlockCount);
  for (const rule of policies.rules) if (!masks.everyPeer[rule.id]) groups.refine(rulePeers.list(rule.id));
  const namedMatters = direction === 'egress' && peerNamedSignature !== undefined && policies.rules.some((r) => evaluator.hasNamedPorts(r));
  if (namedMatters) groups.refineByIds(peerNamedSignature);
  const reps = groups.representatives();
  const ids = Array.from(reps, (rep) => {
    const query = evaluator.query(subject, direction, peerReps[rep], true, policies);
    return table.id(evaluateDirection(query, onTie ? { onTie } : undefined));
  });
  for (let p = 0; p < peerBlockCount; p++) cells[start + p] = ids[groups.blockOf[p]];
}

export function cellOf(t: DirectionTable, subjectClass: number, peer: number): number {
  return t.cells[t.subjectBlockOf[subjectClass] * t.peerBlockCount + t.peerBlockOf[peer]];
}

/**
 * Classes grouped as sources (egress subject block × ingress peer block) and as destinations
 * (egress peer block × ingress subject block): the matrix over these kinds holds every class
 * pair's connections, as port-set ids, or (form `bits`, when every pair allows every port or
 * nothing) as one bit per pair, with kinds = classes.
 */
export type PairMatrix = {
  srcKindOf: Int32Array;
  dstKindOf: Int32Array;
  srcKindCount: number;
  dstKindCount: number;
} & ({ form: 'ids'; cells: Int32Array } | { form: 'bits'; words: number; rows: Uint32Array });

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
  const srcCount = src.reps.length;
  const dstCount = dst.reps.length;
  // Per destination kind, its egress column and its ingress row, read as flat arrays below.
  const egressColumn = Int32Array.from(dst.reps, (c) => egress.peerBlockOf[c]);
  const ingressSubject = Int32Array.from(dst.reps, (c) => ingress.subjectBlockOf[c]);
  // Ingress is read at one peer (the source) for every subject (the destinations): peer-major,
  // so each source reads one row instead of striding over the whole table.
  const ingressByPeer = transpose(ingress.cells, ingress.subjectBlockCount, ingress.peerBlockCount);
  const cells = new Int32Array(srcCount * dstCount);
  const EMPTY = PortSetTable.EMPTY_ID;
  const ALL = PortSetTable.ALL_ID;
  for (let s = 0; s < srcCount; s++) {
    const from = src.reps[s];
    const egressRow = egress.subjectBlockOf[from] * egress.peerBlockCount;
    const ingressRow = ingress.peerBlockOf[from] * ingress.subjectBlockCount;
    const base = s * dstCount;
    for (let d = 0; d < dstCount; d++) {
      const out = egress.cells[egressRow + egressColumn[d]];
      if (out === EMPTY) continue;
      const into = ingressByPeer[ingressRow + ingressSubject[d]];
      cells[base + d] = into === ALL ? out : out === ALL || into === EMPTY ? into : table.intersect(out, into);
    }
  }
  return { srcKindOf: src.kindOf, dstKindOf: dst.kindOf, srcKindCount: srcCount, dstKindCount: dstCount, form: 'ids', cells };
}

/** rows × columns → columns × rows, in tiles that stay in cache. */
function transpose(cells: Int32Array, rows: number, columns: number): Int32Array {
  const out = new Int32Array(cells.length);
  const TILE = 64;
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c0 = 0; c0 < columns; c0 += TILE) {
      const c1 = Math.min(columns, c0 + TILE);
      for (let r = r0; r < r1; r++) {
        const row = r * columns;
        for (let c = c0; c < c1; c++) out[c * rows + r] = cells[row + c];
      }
    }
  }
  return out;
}

/**
 * Once the class-pair matrix is built, a direction table is read only towards (or from)
 * address atoms: keep those columns and drop the class ones, the bulk of the table. Class peers
 * get block -1 afterwards.
 */
export function keepAddressColumns(t: DirectionTable, classCount: number): DirectionTable {
  const renumbered = new Map<number, number>();
  const peerBlockOf = new Int32Array(t.peerBlockOf.length).fill(-1);
  for (let u = classCount; u < t.peerBlockOf.length; u++) {
    const block = t.peerBlockOf[u];
    let kept = renumbered.get(block);
    if (kept === undefined) {
      kept = renumbered.size;
      renumbered.set(block, kept);
    }
    peerBlockOf[u] = kept;
  }
  const peerBlockCount = renumbered.size;
  const cells = new Int32Array(t.subjectBlockCount * peerBlockCount);
  for (let s = 0; s < t.subjectBlockCount; s++) {
    for (const [block, kept] of renumbered) cells[s * peerBlockCount + kept] = t.cells[s * t.peerBlockCount + block];
  }
  return { ...t, peerBlockOf, peerBlockCount, cells };
}

/** Port-set id between a source kind and a destination kind. */
export function kindCell(m: PairMatrix, srcKind: number, dstKind: number): number {
  if (m.form === 'ids') return m.cells[srcKind * m.dstKindCount + dstKind];
  return (m.rows[srcKind * m.words + (dstKind >>> 5)] >>> (dstKind & 31)) & 1 ? PortSetTable.ALL_ID : PortSetTable.EMPTY_ID;
}

export function pairCell(m: PairMatrix, srcClass: number, dstClass: number): number {
  return kindCell(m, m.srcKindOf[srcClass], m.dstKindOf[dstClass]);
}
