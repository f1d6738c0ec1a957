// Class-level reachability. Per direction, classes are grouped twice by partition refinement:
// as subjects (same selecting policies, and for ingress the same named-port resolution) and as
// peers (matched by the same rules, and for egress the same named-port resolution); address
// atoms join the peer grouping. Each rule's peers become a bitset over peer blocks; a subject
// block's row is then filled from the union of its rules' bitsets, grouped by port set (or, with
// admin tiers or peer-dependent named ports, by one evaluation per group of peers its rules tell
// apart). The class-pair matrix is egress ∩ ingress over "source kinds" × "destination kinds".
//
// While the analysis runs, a direction table's rows are sparse: per subject block, a default
// port-set id and the peer blocks whose cell differs from it. In a default-deny cluster almost
// every cell is empty: at 100,000 generated pods the dense tables held some 150 million cells per
// direction for about 12,000 non-empty class pairs. The pair matrix is computed from the sparse
// rows, visiting only the destinations that one side or the other can let through.

import type { Diagnostic } from '../model.js';
import { evaluateDirection, type PriorityTie } from '../policy/evaluate.js';
import { namedPortsOf } from '../policy/ports.js';
import { policyText, type Direction } from '../policy/rules.js';
import { Bitset, popcount } from '../sets/bitset.js';
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

/**
 * A direction table as built: row s (a subject block) is `rowDefault[s]` everywhere except at the
 * peer blocks `columns[rowStart[s] .. rowStart[s + 1])` (ascending), which hold `values`; or,
 * when `rowBits[s]` is set, `rowBitsId[s]` at the peer blocks whose bit is set and the default
 * (empty) elsewhere: a row whose rules all allow one port set is kept as their peers' bits
 * (ingress rows from namespace selectors cover thousands of peer blocks each).
 * Only the analysis reads it; the state keeps a dense `DirectionTable` of the address columns.
 */
export interface SparseDirectionTable {
  direction: Direction;
  subjectBlockOf: Int32Array;
  subjectBlockCount: number;
  peerBlockOf: Int32Array;
  peerBlockCount: number;
  rowDefault: Int32Array;
  rowStart: Int32Array;
  columns: Int32Array;
  values: Int32Array;
  rowBits: (Uint32Array | undefined)[];
  rowBitsId: Int32Array;
}

/** Growable Int32Array. */
class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Port-set id of row `s` at peer block `p` of a sparse table. */
export function sparseCell(t: SparseDirectionTable, s: number, p: number): number {
  const bits = t.rowBits[s];
  if (bits !== undefined) return (bits[p >>> 5] >>> (p & 31)) & 1 ? t.rowBitsId[s] : t.rowDefault[s];
  let lo = t.rowStart[s];
  let hi = t.rowStart[s + 1] - 1;
  const columns = t.columns;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = columns[mid];
    if (c === p) return t.values[mid];
    if (c < p) lo = mid + 1;
    else hi = mid - 1;
  }
  return t.rowDefault[s];
}

/** Calls `visit` for each listed cell of row `s` (those that may differ from its default), ascending. */
function forEachListed(t: SparseDirectionTable, s: number, visit: (peerBlock: number, id: number) => void): void {
  const bits = t.rowBits[s];
  if (bits === undefined) {
    for (let i = t.rowStart[s]; i < t.rowStart[s + 1]; i++) visit(t.columns[i], t.values[i]);
    return;
  }
  const id = t.rowBitsId[s];
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w];
    while (word !== 0) {
      const low = word & -word;
      visit((w << 5) + 31 - Math.clz32(low), id);
      word ^= low;
    }
  }
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
): SparseDirectionTable {
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
  // Rules sharing their masks (see computePeerMasks) split nothing the first one did not.
  const seenMasks = new Map<Bitset, Set<Bitset>>();
  for (const rule of rules) {
    if (masks.everyPeer[rule.id]) continue;
    const members: BitsPart[] = [{ words: masks.atomMask[rule.id].words, offset: classCount }];
    if (classPeers) members.unshift({ words: masks.classMask[rule.id].words, offset: 0 });
    ruleMembers.set(rule.id, members);
    const classKey = classPeers ? masks.classMask[rule.id] : masks.atomMask[rule.id];
    let withAtoms = seenMasks.get(classKey);
    if (withAtoms === undefined) seenMasks.set(classKey, (withAtoms = new Set()));
    if (withAtoms.has(masks.atomMask[rule.id])) continue;
    withAtoms.add(masks.atomMask[rule.id]);
    peers.refineBits(members);
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
  const onTie = ties ? (tie: PriorityTie) => ties.add(tie) : undefined;
  // Egress ports resolve on the peer: its named-port resolution is part of its signature.
  // Numbered: the same text gets the same number, so rows refine by integers, not strings.
  const peerNamedSignature =
    classPeers && direction === 'egress' && namesInDirection.length > 0
      ? numbered(Array.from(peerReps, (peer) => (peer < classCount ? namedPortSignature(classes[peer], namesInDirection) : '\u0000address')))
      : undefined;
  const staticPortIds = new Int32Array(policySet.rules.length).fill(-1);
  const words = (peerBlockCount + 31) >>> 5;
  const row: RowContext = {
    direction,
    evaluator,
    masks,
    table,
    peerBlockCount,
    peerReps,
    rulePeers,
    peerNamedSignature,
    onTie,
    staticPortIds,
    scratch: new Uint32Array(words),
    dense: new Int32Array(peerBlockCount),
    groups: undefined,
    out: new RowsBuilder(subjects.blockCount),
  };

  for (let s = 0; s < subjects.blockCount; s++) {
    const subject = classes[subjectReps[s]];
    if (!classPeers) {
      fillAllOrNothingRow(row, policySet, subject);
      continue;
    }
    const policies = evaluator.policiesOf(subject, direction);
    if (policies.admin.length === 0 && policies.networkPolicies.length === 0 && policies.baseline.length === 0) {
      row.out.row(PortSetTable.ALL_ID);
    } else if (policies.admin.length === 0 && policies.baseline.length === 0 && !(direction === 'egress' && policies.rules.some((r) => evaluator.hasNamedPorts(r)))) {
      fillUnionRow(row, subject, policies);
    } else {
      fillEvaluatedRow(row, subject, policies);
    }
  }

  return {
    direction,
    subjectBlockOf: subjects.blockOf,
    subjectBlockCount: subjects.blockCount,
    peerBlockOf: peers.blockOf,
    peerBlockCount,
    ...row.out.finish(),
  };
}

/** Rows of a sparse table, appended in subject-block order. */
class RowsBuilder {
  private readonly rowDefault: Int32Array;
  private readonly rowStart: Int32Array;
  private readonly columns = new IntList();
  private readonly values = new IntList();
  private readonly rowBits: (Uint32Array | undefined)[];
  private readonly rowBitsId: Int32Array;
  private rows = 0;

  constructor(rowCount: number) {
    this.rowDefault = new Int32Array(rowCount);
    this.rowStart = new Int32Array(rowCount + 1);
    this.rowBits = new Array<Uint32Array | undefined>(rowCount).fill(undefined);
    this.rowBitsId = new Int32Array(rowCount);
  }

  /** Starts the next row; its exceptions follow through `cell`, ascending. */
  row(defaultId: number): void {
    this.rowDefault[this.rows] = defaultId;
    this.rowStart[this.rows] = this.columns.length;
    this.rows++;
    this.rowStart[this.rows] = this.columns.length;
  }

  cell(column: number, id: number): void {
    this.columns.push(column);
    this.values.push(id);
    this.rowStart[this.rows] = this.columns.length;
  }

  /** A row of `id` at the set bits of `words` (kept, not copied), empty elsewhere. */
  bitsRow(words: Uint32Array, id: number): void {
    this.row(PortSetTable.EMPTY_ID);
    this.rowBits[this.rows - 1] = words;
    this.rowBitsId[this.rows - 1] = id;
  }

  /** A dense row, with its most frequent value as the default. */
  denseRow(cells: Int32Array, length: number): void {
    const counts = new Map<number, number>();
    for (let p = 0; p < length; p++) counts.set(cells[p], (counts.get(cells[p]) ?? 0) + 1);
    let defaultId = PortSetTable.EMPTY_ID;
    let best = -1;
    for (const [id, count] of counts) {
      if (count > best) {
        best = count;
        defaultId = id;
      }
    }
    this.row(defaultId);
    for (let p = 0; p < length; p++) if (cells[p] !== defaultId) this.cell(p, cells[p]);
  }

  finish(): Pick<SparseDirectionTable, 'rowDefault' | 'rowStart' | 'columns' | 'values' | 'rowBits' | 'rowBitsId'> {
    return {
      rowDefault: this.rowDefault,
      rowStart: this.rowStart,
      columns: this.columns.toArray(),
      values: this.values.toArray(),
      rowBits: this.rowBits,
      rowBitsId: this.rowBitsId,
    };
  }
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
  private readonly byMasks = new Map<Uint32Array, Map<Uint32Array, Bitset>>();

  constructor(private readonly blockCount: number) {}

  set(ruleId: number, members: readonly BitsPart[], blockOf: Int32Array): void {
    // Rules sharing their masks share their blocks (by the masks' identity).
    const first = members[0].words;
    const second = members.length > 1 ? members[1].words : first;
    let bySecond = this.byMasks.get(first);
    if (bySecond === undefined) this.byMasks.set(first, (bySecond = new Map()));
    const known = bySecond.get(second);
    if (known !== undefined) {
      this.sets.set(ruleId, known);
      return;
    }
    const blocks = new Bitset(this.blockCount);
    bySecond.set(second, blocks);
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
  /** A row's cells by peer block (evaluated and all-or-nothing rows). */
  dense: Int32Array;
  /** The partition evaluated rows refine, made once and reset per row. */
  groups: Partition | undefined;
  out: RowsBuilder;
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
 * cell and group, never peers × rules. The row's default is what a peer no listed rule matches
 * gets (nothing, or the union of the rules matching every peer); only covered peers are listed.
 */
function fillUnionRow(ctx: RowContext, subject: PodClass, policies: SubjectPolicies): void {
  const { masks, table, peerBlockCount, rulePeers, scratch, out } = ctx;
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
  if (single) {
    // One port set for every peer a rule matches (the common case): the row is its peers' bits.
    const [[ports, members]] = groups;
    if (members !== 'every') {
      let words = members[0].words;
      if (members.length > 1) {
        words = new Uint32Array(scratch.length);
        for (const blocks of members) for (let w = 0; w < words.length; w++) words[w] |= blocks.words[w];
      }
      // A rule's bitset is never written after it is built, so a row may share it.
      out.bitsRow(words, ports);
      return;
    }
  }
  // Several port sets: a cell is the union, in group order, of the groups covering it (the groups
  // matching every peer cover all cells, so they alone make the default). Word by word: a word
  // only one group covers takes that group's set (after the every-peer groups) without a union.
  const merge = (before: number, ports: number) => (before === PortSetTable.EMPTY_ID ? ports : table.union(before, ports));
  const order = [...groups];
  const bitGroups = order.flatMap(([ports, members], position) => {
    if (members === 'every') return [];
    let words = members[0].words;
    if (members.length > 1) {
      words = new Uint32Array(scratch.length);
      for (const blocks of members) for (let w = 0; w < words.length; w++) words[w] |= blocks.words[w];
    }
    return [{ ports, words, position }];
  });
  const everyFold = (upTo: number) => {
    let id = PortSetTable.EMPTY_ID;
    for (let g = 0; g < upTo; g++) if (order[g][1] === 'every') id = merge(id, order[g][0]);
    return id;
  };
  const hasEvery = bitGroups.length < order.length;
  let covered = 0;
  for (let w = 0; w < scratch.length; w++) {
    let any = 0;
    for (const group of bitGroups) any |= group.words[w];
    covered += popcount(any);
  }
  // The dense table folded the every-peer groups into cells no rule listed; only then is it made.
  const defaultId = hasEvery && covered < peerBlockCount ? everyFold(order.length) : PortSetTable.EMPTY_ID;
  out.row(defaultId);
  for (let w = 0; w < scratch.length; w++) {
    let any = 0;
    let coveringGroup = -1;
    let several = false;
    for (let g = 0; g < bitGroups.length; g++) {
      const word = bitGroups[g].words[w];
      if (word === 0) continue;
      if (coveringGroup >= 0 && (any & word) !== 0) several = true;
      any |= word;
      coveringGroup = g;
    }
    while (any !== 0) {
      const low = any & -any;
      const block = (w << 5) + 31 - Math.clz32(low);
      let id = PortSetTable.EMPTY_ID;
      if (several || hasEvery) id = foldCell(order, bitGroups, w, low, merge);
      else if (coveringGroup >= 0 && (bitGroups[coveringGroup].words[w] & low) !== 0) id = bitGroups[coveringGroup].ports;
      else for (const group of bitGroups) if ((group.words[w] & low) !== 0) id = group.ports;
      if (id !== defaultId) out.cell(block, id);
      any ^= low;
    }
  }
}

/** The union, in group order, of the groups (every-peer ones included) holding bit `low` of word `w`. */
function foldCell(
  order: readonly [number, Bitset[] | 'every'][],
  bitGroups: readonly { ports: number; words: Uint32Array; position: number }[],
  w: number,
  low: number,
  merge: (before: number, ports: number) => number,
): number {
  let id = PortSetTable.EMPTY_ID;
  let next = 0;
  for (let g = 0; g < order.length; g++) {
    const [ports, members] = order[g];
    if (members === 'every') {
      id = merge(id, ports);
      continue;
    }
    const group = bitGroups[next++];
    if ((group.words[w] & low) !== 0) id = merge(id, ports);
  }
  return id;
}

/**
 * The class-bits case (`classPeers` false: no admin tiers, every rule allows every port): a cell
 * is ALL when a rule of a policy selecting the subject for this direction matches the peer block,
 * or when no such policy exists; else EMPTY. Read from the selecting policies directly, without
 * building the subject's ordered rule list.
 */
function fillAllOrNothingRow(ctx: RowContext, policySet: PolicySet, subject: PodClass): void {
  const { direction, evaluator, masks, peerBlockCount, rulePeers, dense, out } = ctx;
  const ALL = PortSetTable.ALL_ID;
  let isolated = false;
  dense.fill(PortSetTable.EMPTY_ID, 0, peerBlockCount);
  for (const policyId of evaluator.policiesSelecting(subject.id)) {
    const policy = policySet.policies[policyId];
    if (!(direction === 'ingress' ? policy.affectsIngress : policy.affectsEgress)) continue;
    isolated = true;
    for (const rule of policy[direction]) {
      if (masks.everyPeer[rule.id]) {
        out.row(ALL);
        return;
      }
      rulePeers.bitset(rule.id).forEach((block) => {
        dense[block] = ALL;
      });
    }
  }
  if (!isolated) out.row(ALL);
  else out.denseRow(dense, peerBlockCount);
}

/**
 * Any other subject (admin or baseline tiers, or egress towards named ports): peers are grouped
 * by which of the subject's rules match them (refinement by each rule's blocks), and the full
 * evaluation runs once per group.
 */
function fillEvaluatedRow(ctx: RowContext, subject: PodClass, policies: SubjectPolicies): void {
  const { direction, evaluator, masks, table, peerBlockCount, peerReps, rulePeers, peerNamedSignature, onTie, dense, out } = ctx;
  const groups = ctx.groups ?? new Partition(peerBlockCount);
  ctx.groups = groups;
  groups.reset();
  for (const rule of policies.rules) if (!masks.everyPeer[rule.id]) groups.refine(rulePeers.list(rule.id));
  const namedMatters = direction === 'egress' && peerNamedSignature !== undefined && policies.rules.some((r) => evaluator.hasNamedPorts(r));
  if (namedMatters) groups.refineByIds(peerNamedSignature);
  const reps = groups.representatives();
  const ids = Array.from(reps, (rep) => {
    const query = evaluator.query(subject, direction, peerReps[rep], true, policies);
    return table.id(evaluateDirection(query, onTie ? { onTie } : undefined));
  });
  for (let p = 0; p < peerBlockCount; p++) dense[p] = ids[groups.blockOf[p]];
  out.denseRow(dense, peerBlockCount);
}

export function cellOf(t: DirectionTable, subjectClass: number, peer: number): number {
  return t.cells[t.subjectBlockOf[subjectClass] * t.peerBlockCount + t.peerBlockOf[peer]];
}

/**
 * Classes grouped as sources (egress subject block × ingress peer block) and as destinations
 * (egress peer block × ingress subject block): the matrix over these kinds holds every class
 * pair's connections, as port-set ids: dense (`ids`, source kinds × destination kinds) up to
 * `PAIR_MATRIX_LIMITS.denseCells` cells, else `sparse` (per source kind, the destination kinds
 * with a non-empty cell, ascending, and their ids); or (form `bits`, when every pair allows
 * every port or nothing) as one bit per pair, with kinds = classes. Read cells with `kindCell`
 * or, row by row, `forEachKindCell`, whatever the form.
 */
export type PairMatrix = {
  srcKindOf: Int32Array;
  dstKindOf: Int32Array;
  srcKindCount: number;
  dstKindCount: number;
} & (
  | { form: 'ids'; cells: Int32Array }
  | { form: 'bits'; words: number; rows: Uint32Array }
  | { form: 'sparse'; rowStart: Int32Array; columns: Int32Array; ids: Int32Array }
);

/**
 * Above this many kind pairs the matrix is sparse (16 M cells, 64 MB dense). Tests lower it to
 * check that both forms give the same results.
 */
export const PAIR_MATRIX_LIMITS = { denseCells: 1 << 24 };

function kinds(classCount: number, first: Int32Array, second: Int32Array): { kindOf: Int32Array; reps: number[] } {
  const kindOf = new Int32Array(classCount);
  const ids = new Map<number, number>();
  const reps: number[] = [];
  let span = 1;
  for (let c = 0; c < classCount; c++) span = Math.max(span, second[c] + 1);
  for (let c = 0; c < classCount; c++) {
    const key = first[c] * span + second[c];
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

/** Items 0..n-1 grouped by key (CSR): the items of key k are `items[start[k] .. start[k + 1])`, ascending. */
function groupByKey(keyOf: Int32Array, keyCount: number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(keyCount + 1);
  for (let i = 0; i < keyOf.length; i++) start[keyOf[i] + 1]++;
  for (let k = 0; k < keyCount; k++) start[k + 1] += start[k];
  const next = start.slice(0, keyCount);
  const items = new Int32Array(keyOf.length);
  for (let i = 0; i < keyOf.length; i++) items[next[keyOf[i]]++] = i;
  return { start, items };
}

/**
 * Pair (s, d) = egress(subject block of s, peer block of d) ∩ ingress(subject block of d, peer
 * block of s). Per source kind, the candidate destinations are taken from the smaller side: the
 * destinations its egress row lets through (its listed cells when the row's default is empty),
 * or the destinations whose ingress lets it through (rows open by default, and rows listing it,
 * read as one column of the ingress table, made only for such sources). A default-deny cluster
 * thus costs about its allowed pairs, not kinds².
 */
export function buildPairMatrix(classCount: number, egress: SparseDirectionTable, ingress: SparseDirectionTable, table: PortSetTable): PairMatrix {
  const EMPTY = PortSetTable.EMPTY_ID;
  const ALL = PortSetTable.ALL_ID;
  const src = kinds(classCount, egress.subjectBlockOf, ingress.peerBlockOf);
  const dst = kinds(classCount, egress.peerBlockOf, ingress.subjectBlockOf);
  const srcCount = src.reps.length;
  const dstCount = dst.reps.length;
  const dstEgressPeer = Int32Array.from(dst.reps, (c) => egress.peerBlockOf[c]);
  const dstIngressSubject = Int32Array.from(dst.reps, (c) => ingress.subjectBlockOf[c]);
  const byEgressPeer = groupByKey(dstEgressPeer, egress.peerBlockCount);
  const byIngressSubject = groupByKey(dstIngressSubject, ingress.subjectBlockCount);
  const kindsIn = (grouped: { start: Int32Array }, key: number) => grouped.start[key + 1] - grouped.start[key];
  const openIngress: number[] = [];
  let openIngressKinds = 0;
  for (let b = 0; b < ingress.subjectBlockCount; b++) {
    if (ingress.rowDefault[b] === EMPTY) continue;
    openIngress.push(b);
    openIngressKinds += kindsIn(byIngressSubject, b);
  }

  const dense = srcCount * dstCount <= PAIR_MATRIX_LIMITS.denseCells ? new Int32Array(srcCount * dstCount) : undefined;
  const rowStart = new Int32Array(srcCount + 1);
  const columns = new IntList();
  const ids = new IntList();
  // Per row: the listed cells of the source's egress row, stamped with the row.
  const egressStamp = new Int32Array(egress.peerBlockCount).fill(-1);
  const egressValue = new Int32Array(egress.peerBlockCount);
  // The ingress table's column at one peer block (made when a source needs it, kept for the next).
  const column = new Int32Array(ingress.subjectBlockCount);
  let columnOf = -1;
  const candidates = new IntList();

  for (let s = 0; s < srcCount; s++) {
    const from = src.reps[s];
    const eb = egress.subjectBlockOf[from];
    const ip = ingress.peerBlockOf[from];
    const e0 = egress.rowDefault[eb];
    let egressSide = e0 === EMPTY ? 0 : dstCount;
    forEachListed(egress, eb, (p, id) => {
      egressStamp[p] = s;
      egressValue[p] = id;
      if (e0 === EMPTY && id !== EMPTY) egressSide += kindsIn(byEgressPeer, p);
    });
    candidates.length = 0;
    let everyDestination = false;
    let byColumn = false;
    if (egressSide > openIngressKinds) {
      if (columnOf !== ip) {
        for (let b = 0; b < ingress.subjectBlockCount; b++) column[b] = sparseCell(ingress, b, ip);
        columnOf = ip;
      }
      let ingressSide = openIngressKinds;
      for (let b = 0; b < ingress.subjectBlockCount; b++) if (ingress.rowDefault[b] === EMPTY && column[b] !== EMPTY) ingressSide += kindsIn(byIngressSubject, b);
      byColumn = ingressSide < egressSide;
    }
    if (byColumn) {
      for (let b = 0; b < ingress.subjectBlockCount; b++) {
        if (column[b] === EMPTY) continue;
        for (let k = byIngressSubject.start[b]; k < byIngressSubject.start[b + 1]; k++) candidates.push(byIngressSubject.items[k]);
      }
    } else if (e0 !== EMPTY) {
      everyDestination = true;
    } else {
      forEachListed(egress, eb, (p, id) => {
        if (id === EMPTY) return;
        for (let k = byEgressPeer.start[p]; k < byEgressPeer.start[p + 1]; k++) candidates.push(byEgressPeer.items[k]);
      });
    }
    const list = candidates.data.subarray(0, candidates.length).sort();
    const count = everyDestination ? dstCount : list.length;

    rowStart[s] = columns.length;
    for (let i = 0; i < count; i++) {
      const d = everyDestination ? i : list[i];
      const p = dstEgressPeer[d];
      const out = egressStamp[p] === s ? egressValue[p] : e0;
      if (out === EMPTY) continue;
      const b = dstIngressSubject[d];
      const into = columnOf === ip ? column[b] : sparseCell(ingress, b, ip);
      if (into === EMPTY) continue;
      const id = into === ALL ? out : out === ALL ? into : table.intersect(out, into);
      if (id === EMPTY) continue;
      if (dense !== undefined) dense[s * dstCount + d] = id;
      else {
        columns.push(d);
        ids.push(id);
      }
    }
  }
  rowStart[srcCount] = columns.length;
  const shape = { srcKindOf: src.kindOf, dstKindOf: dst.kindOf, srcKindCount: srcCount, dstKindCount: dstCount };
  if (dense !== undefined) return { ...shape, form: 'ids', cells: dense };
  return { ...shape, form: 'sparse', rowStart, columns: columns.toArray(), ids: ids.toArray() };
}

/**
 * Once the class-pair matrix is built, a direction table is read only towards (or from)
 * address atoms: keep those columns, dense, and drop the class ones, the bulk of the table.
 * Class peers get block -1 afterwards.
 */
export function keepAddressColumns(t: SparseDirectionTable, classCount: number): DirectionTable {
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
    for (const [block, kept] of renumbered) cells[s * peerBlockCount + kept] = sparseCell(t, s, block);
  }
  return { direction: t.direction, subjectBlockOf: t.subjectBlockOf, subjectBlockCount: t.subjectBlockCount, peerBlockOf, peerBlockCount, cells };
}

/** Port-set id between a source kind and a destination kind. */
export function kindCell(m: PairMatrix, srcKind: number, dstKind: number): number {
  if (m.form === 'ids') return m.cells[srcKind * m.dstKindCount + dstKind];
  if (m.form === 'bits') return (m.rows[srcKind * m.words + (dstKind >>> 5)] >>> (dstKind & 31)) & 1 ? PortSetTable.ALL_ID : PortSetTable.EMPTY_ID;
  let lo = m.rowStart[srcKind];
  let hi = m.rowStart[srcKind + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const d = m.columns[mid];
    if (d === dstKind) return m.ids[mid];
    if (d < dstKind) lo = mid + 1;
    else hi = mid - 1;
  }
  return PortSetTable.EMPTY_ID;
}

/** Calls `visit` for each destination kind with a non-empty cell in a source kind's row, ascending. */
export function forEachKindCell(m: PairMatrix, srcKind: number, visit: (dstKind: number, id: number) => void): void {
  if (m.form === 'sparse') {
    for (let i = m.rowStart[srcKind]; i < m.rowStart[srcKind + 1]; i++) visit(m.columns[i], m.ids[i]);
  } else if (m.form === 'ids') {
    const base = srcKind * m.dstKindCount;
    for (let d = 0; d < m.dstKindCount; d++) if (m.cells[base + d] !== PortSetTable.EMPTY_ID) visit(d, m.cells[base + d]);
  } else {
    const base = srcKind * m.words;
    for (let w = 0; w < m.words; w++) {
      let word = m.rows[base + w];
      while (word !== 0) {
        const low = word & -word;
        visit((w << 5) + 31 - Math.clz32(low), PortSetTable.ALL_ID);
        word ^= low;
      }
    }
  }
}

export function pairCell(m: PairMatrix, srcClass: number, dstClass: number): number {
  return kindCell(m, m.srcKindOf[srcClass], m.dstKindOf[dstClass]);
}
