// Connectivity read from a stored result, one granularity at a time, without materialising the
// pairs: endpoints are grouped and ranked once per granularity (a `StoredView`), then rows are
// enumerated in the public order (source text, destination text), output-sensitively: a source
// reads only the kind-pair rows of its own kinds and visits only destinations that have a class
// of an allowed kind. Filters and cursors work on that enumeration, so a page costs about its
// rows, and the whole result can be streamed row by row.
//
// The rows and their order are exactly those of `connectivity()` on the analysis (a test keeps it
// so): self pairs left out, external blocks grouped per endpoint by equal port sets, the ingress
// controller as a source only.

import { selectorMatches } from '../policy/selectors.js';
import type { LabelSelector, Protocol } from '../model.js';
import type { Connection, ConnectivityResult, Endpoint, Granularity, PortEntry } from '../result.js';
import { IpSet } from '../sets/ip-set.js';
import { PortSet } from '../sets/port-set.js';
import type { StoredAddressTable, StoredResult } from './stored-result.js';

export const INGRESS_CONTROLLER_TEXT = '{ingress-controller}';
const EMPTY = 0;
const ALL = 1;

/** What a connectivity query keeps. Namespace, workload and selector keep rows with either side matching. */
export interface ConnectivityFilter {
  namespace?: string;
  /** `ns/name` or `ns/name[Kind]`. */
  workload?: string;
  /** A label selector as kubectl writes it: `app=web,tier!=db,env in (a,b),!legacy`. */
  selector?: string;
  /** Keep rows whose ports include this port (of `protocol`, default TCP). */
  port?: number;
  /** Alone: keep rows with any port of this protocol. */
  protocol?: Protocol;
  /** Keep rows with an external address block or the ingress controller on one side. */
  externalOnly?: boolean;
}

export class StoredQueryError extends Error {
  constructor(
    message: string,
    readonly argument: 'selector' | 'cursor' | 'workload',
  ) {
    super(message);
  }
}

type EndpointKind = 'group' | 'external' | 'controller';

export interface Row {
  src: number;
  dst: number;
  id: number;
}

/** A row with its position in the public order (source and destination text ordinals): what a cursor holds. */
export interface PlacedRow extends Row {
  srcOrdinal: number;
  dstOrdinal: number;
}

/** Port-set ids of a stored result, extended with the unions the view forms (memoised). */
class PortSets {
  private readonly sets: PortSet[];
  private readonly ids = new Map<string, number>();
  private readonly unions = new Map<number, number>();

  constructor(stored: readonly PortSet[]) {
    this.sets = [...stored];
    this.sets.forEach((s, i) => this.ids.set(s.key(), i));
  }

  get(id: number): PortSet {
    return this.sets[id];
  }

  union(a: number, b: number): number {
    if (a === b || b === EMPTY) return a;
    if (a === EMPTY) return b;
    if (a === ALL || b === ALL) return ALL;
    const key = a < b ? a * 2 ** 26 + b : b * 2 ** 26 + a;
    let id = this.unions.get(key);
    if (id === undefined) {
      const set = this.sets[a].union(this.sets[b]);
      id = this.ids.get(set.key());
      if (id === undefined) {
        id = this.sets.length;
        this.sets.push(set);
        this.ids.set(set.key(), id);
      }
      this.unions.set(key, id);
    }
    return id;
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Numbers the distinct sorted sets of `kindOf` over each group's classes. */
function profiles(groupClasses: readonly number[][], kindOf: (c: number) => number): { profileOf: Int32Array; members: number[][] } {
  const ids = new Map<string, number>();
  const members: number[][] = [];
  const profileOf = new Int32Array(groupClasses.length);
  groupClasses.forEach((classes, g) => {
    const kinds = [...new Set(classes.map(kindOf))].sort((a, b) => a - b);
    const key = kinds.join(',');
    let id = ids.get(key);
    if (id === undefined) {
      id = members.length;
      ids.set(key, id);
      members.push(kinds);
    }
    profileOf[g] = id;
  });
  return { profileOf, members };
}

/** One stored result read at one granularity. Build once (`storedView`), query many times. */
export class StoredView {
  readonly endpoints: Endpoint[] = [];
  readonly texts: string[] = [];
  private readonly kinds: EndpointKind[] = [];
  /** Dense ordinal of each endpoint's text (equal texts share one). */
  private ordinal!: Int32Array;
  /** Per ordinal, the endpoints with that text. */
  private byOrdinal: number[][] = [];
  readonly groupCount: number;
  readonly groupClasses: number[][] = [];
  /** Per group: namespace index, and workload index (-1 at namespace granularity). */
  readonly groupNamespace: number[] = [];
  readonly groupWorkloads: number[][] = [];
  private readonly groupSrcKinds: number[][];
  private readonly groupDstKinds: number[][];
  /** Per destination kind, the groups holding a class of it, ascending. */
  private readonly groupsOfDstKind: number[][];
  /** Per group: the external endpoints it reaches (egress), with port-set ids. */
  private readonly egressExternals: Array<readonly { endpoint: number; id: number }[]>;
  /** Per external or controller endpoint: the groups it reaches, with ids. */
  private readonly sourceRows = new Map<number, { dst: number; id: number }[]>();
  readonly portSets: PortSets;
  private readonly portEntries = new Map<number, { allPorts: boolean; ports: PortEntry[] }>();
  private readonly scratch: Int32Array;
  private readonly stamp: Int32Array;
  private stampValue = 0;

  constructor(
    readonly stored: StoredResult,
    readonly granularity: Granularity,
  ) {
    const r = stored;
    this.portSets = new PortSets(r.portSets);
    const byKey = new Map<string, number>();
    const groupOfWorkload = new Int32Array(r.workloadName.length).fill(-1);
    for (let p = 0; p < r.podName.length; p++) {
      const ns = r.podNamespace[p];
      const w = r.podWorkload[p];
      let key: string;
      let endpoint: Endpoint;
      if (granularity === 'pod') {
        key = `${r.namespaces[ns]}/${r.podName[p]}`;
        endpoint = { kind: 'Pod', namespace: r.namespaces[ns], name: r.podName[p] };
      } else if (granularity === 'workload') {
        const known = groupOfWorkload[w];
        if (known >= 0) {
          const classes = this.groupClasses[known];
          if (!classes.includes(r.podClass[p])) classes.push(r.podClass[p]);
          continue;
        }
        const wns = r.namespaces[r.workloadNamespace[w]];
        key = `${wns}/${r.workloadName[w]}[${r.workloadKind[w]}]`;
        endpoint = { kind: r.workloadKind[w], namespace: wns, name: r.workloadName[w] };
      } else {
        key = r.namespaces[ns];
        endpoint = { kind: 'Namespace', name: r.namespaces[ns] };
      }
      let g = byKey.get(key);
      if (g === undefined) {
        g = this.groupClasses.length;
        byKey.set(key, g);
        this.groupClasses.push([]);
        this.groupNamespace.push(granularity === 'workload' ? r.workloadNamespace[w] : ns);
        this.groupWorkloads.push([]);
        this.add(endpoint, key, 'group');
      }
      if (granularity === 'workload') groupOfWorkload[w] = g;
      const classes = this.groupClasses[g];
      if (!classes.includes(r.podClass[p])) classes.push(r.podClass[p]);
      const workloads = this.groupWorkloads[g];
      if (!workloads.includes(w)) workloads.push(w);
    }
    this.groupCount = this.groupClasses.length;
    this.groupSrcKinds = this.groupClasses.map((cs) => [...new Set(cs.map((c) => r.srcKindOf[c]))]);
    this.groupDstKinds = this.groupClasses.map((cs) => [...new Set(cs.map((c) => r.dstKindOf[c]))]);
    this.groupsOfDstKind = Array.from({ length: r.dstKindCount }, () => [] as number[]);
    this.groupDstKinds.forEach((ks, g) => ks.forEach((k) => this.groupsOfDstKind[k].push(g)));
    this.scratch = new Int32Array(r.dstKindCount);
    this.stamp = new Int32Array(this.groupCount);

    this.egressExternals = this.externals(r.egress, 'egress');
    this.externals(r.ingress, 'ingress');
    this.controllerRows();
    this.rank();
  }

  private add(endpoint: Endpoint, text: string, kind: EndpointKind): number {
    this.endpoints.push(endpoint);
    this.texts.push(text);
    this.kinds.push(kind);
    return this.endpoints.length - 1;
  }

  /** External endpoints of one direction, as `expandConnectivity` forms them (per profile of subject blocks). */
  private externals(t: StoredAddressTable, direction: 'egress' | 'ingress'): Array<readonly { endpoint: number; id: number }[]> {
    const atomsByBlock = new Map<number, number[]>();
    t.atomBlockOf.forEach((block, atom) => {
      const list = atomsByBlock.get(block);
      if (list === undefined) atomsByBlock.set(block, [atom]);
      else list.push(atom);
    });
    const subject = profiles(this.groupClasses, (c) => t.subjectBlockOf[c]);
    const addressForms = new Map<string, { cidrs: string[]; text: string }>();
    const byProfile = subject.members.map((blocks) => {
      // Per port-set id, the atom blocks reaching (or reached) with it: one External endpoint each.
      const blocksById = new Map<number, number[]>();
      for (const block of atomsByBlock.keys()) {
        let id = EMPTY;
        for (const s of blocks) id = this.portSets.union(id, t.cells[s * t.atomBlockCount + block]);
        if (id === EMPTY) continue;
        const list = blocksById.get(id);
        if (list === undefined) blocksById.set(id, [block]);
        else list.push(block);
      }
      return [...blocksById].map(([id, atomBlocks]) => {
        // Profiles often share a set of blocks: its CIDR cover and text are worked out once.
        const key = atomBlocks.join(',');
        let form = addressForms.get(key);
        if (form === undefined) {
          const addresses = IpSet.fromIntervals(atomBlocks.flatMap((block) => atomsByBlock.get(block)!).map((a) => this.stored.atoms[a]));
          addressForms.set(key, (form = { cidrs: addresses.toCidrs(), text: addresses.toRanges().join(',') }));
        }
        return { endpoint: this.add({ kind: 'External', cidrs: [...form.cidrs] }, form.text, 'external'), id };
      });
    });
    const perGroup = Array.from(subject.profileOf, (p) => byProfile[p]);
    if (direction === 'ingress') {
      perGroup.forEach((externals, g) => {
        for (const e of externals) {
          let rows = this.sourceRows.get(e.endpoint);
          if (rows === undefined) this.sourceRows.set(e.endpoint, (rows = []));
          rows.push({ dst: g, id: e.id });
        }
      });
    }
    return perGroup;
  }

  private controllerRows(): void {
    let controller = -1;
    this.groupClasses.forEach((classes, g) => {
      let id = EMPTY;
      for (const c of classes) id = this.portSets.union(id, this.stored.controllerCell[c]);
      if (id === EMPTY) return;
      if (controller < 0) {
        controller = this.add({ kind: 'IngressController' }, INGRESS_CONTROLLER_TEXT, 'controller');
        this.sourceRows.set(controller, []);
      }
      this.sourceRows.get(controller)!.push({ dst: g, id });
    });
  }

  private rank(): void {
    const order = this.texts.map((_, i) => i).sort((a, b) => compareText(this.texts[a], this.texts[b]));
    this.ordinal = new Int32Array(this.texts.length);
    let current = -1;
    order.forEach((e, i) => {
      if (i === 0 || this.texts[order[i - 1]] !== this.texts[e]) {
        current++;
        this.byOrdinal.push([]);
      }
      this.ordinal[e] = current;
      this.byOrdinal[current].push(e);
    });
    for (const rows of this.sourceRows.values()) rows.sort((a, b) => this.ordinal[a.dst] - this.ordinal[b.dst]);
  }

  /** Port-set id between two groups (distinct): the union over their classes' kinds. */
  groupCell(src: number, dst: number): number {
    const r = this.stored;
    let id = EMPTY;
    for (const sk of this.groupSrcKinds[src]) {
      for (let i = r.rowStart[sk]; i < r.rowStart[sk + 1]; i++) {
        if (this.groupDstKinds[dst].includes(r.columns[i])) id = this.portSets.union(id, r.ids[i]);
      }
    }
    return id;
  }

  /**
   * The rows with source `src` (any kind), in destination order; with `onlyTo`, only those towards
   * endpoints it marks; with `groups` false, only those towards external blocks.
   */
  rowsFrom(src: number, onlyTo: Uint8Array | null = null, groups = true): Row[] {
    if (this.kinds[src] !== 'group') {
      const rows = this.sourceRows.get(src) ?? [];
      return (onlyTo ? rows.filter((row) => onlyTo[row.dst] === 1) : rows).map((row) => ({ src, dst: row.dst, id: row.id }));
    }
    const rows: Row[] = [];
    if (!onlyTo) for (const e of this.egressExternals[src]) rows.push({ src, dst: e.endpoint, id: e.id });
    if (!groups) return rows.sort((a, b) => this.ordinal[a.dst] - this.ordinal[b.dst]);
    const r = this.stored;
    const touched: number[] = [];
    for (const sk of this.groupSrcKinds[src]) {
      for (let i = r.rowStart[sk]; i < r.rowStart[sk + 1]; i++) {
        const dk = r.columns[i];
        if (this.scratch[dk] === EMPTY) touched.push(dk);
        this.scratch[dk] = this.portSets.union(this.scratch[dk], r.ids[i]);
      }
    }
    const stamp = ++this.stampValue;
    this.stamp[src] = stamp;
    for (const dk of touched) {
      for (const dst of this.groupsOfDstKind[dk]) {
        if (this.stamp[dst] === stamp || (onlyTo && onlyTo[dst] !== 1)) continue;
        this.stamp[dst] = stamp;
        let id = EMPTY;
        for (const k of this.groupDstKinds[dst]) id = this.portSets.union(id, this.scratch[k]);
        if (id !== EMPTY) rows.push({ src, dst, id });
      }
    }
    for (const dk of touched) this.scratch[dk] = EMPTY;
    return rows.sort((a, b) => this.ordinal[a.dst] - this.ordinal[b.dst]);
  }

  /**
   * Rows in the public order, after the cursor position `after`. `side` (endpoints matching a
   * namespace / workload / selector filter): keep rows with either side marked. `externalOnly`:
   * keep rows with an outside endpoint. `keep`: any further test.
   */
  *rows(
    keep: (row: Row) => boolean = () => true,
    after: { src: number; dst: number } | null = null,
    side: Uint8Array | null = null,
    externalOnly = false,
  ): Generator<PlacedRow> {
    const from = (m: number): Row[] => {
      const sourceMatches = !side || side[m] === 1;
      if (externalOnly && this.kinds[m] === 'group') return this.rowsFrom(m, sourceMatches ? null : side, false);
      return this.rowsFrom(m, sourceMatches ? null : side);
    };
    for (let o = after ? after.src : 0; o < this.byOrdinal.length; o++) {
      const members = this.byOrdinal[o];
      let rows = members.length === 1 ? from(members[0]) : members.flatMap(from);
      if (members.length > 1) rows = rows.sort((a, b) => this.ordinal[a.dst] - this.ordinal[b.dst]);
      for (const row of rows) {
        const placed = row as PlacedRow;
        placed.srcOrdinal = o;
        placed.dstOrdinal = this.ordinal[row.dst];
        if (after && o === after.src && placed.dstOrdinal <= after.dst) continue;
        if (keep(row)) yield placed;
      }
    }
  }

  isOutside(endpoint: number): boolean {
    return this.kinds[endpoint] !== 'group';
  }

  ordinalOf(endpoint: number): number {
    return this.ordinal[endpoint];
  }

  conns(id: number): { allPorts: boolean; ports: PortEntry[] } {
    let conns = this.portEntries.get(id);
    if (conns === undefined) {
      const set = this.portSets.get(id);
      conns = { allPorts: set.isAll(), ports: set.isAll() ? [] : set.toEntries() };
      this.portEntries.set(id, conns);
    }
    return conns;
  }

  connection(row: Row): Connection {
    const conns = this.conns(row.id);
    return { src: this.endpoints[row.src], dst: this.endpoints[row.dst], allPorts: conns.allPorts, ports: conns.ports };
  }

  /** The result's fields other than its connections. */
  frame(snapshot: string): Omit<ConnectivityResult, 'connections'> {
    const { options, network, diagnostics } = this.stored;
    return {
      snapshot,
      granularity: this.granularity,
      options: { ...options },
      cni: network.cni,
      enforcement: { ...network.enforcement },
      optionSources: { ...network.optionSources },
      // Results stored before the ranges were recorded hold none (they are recomputed before being served).
      clusterRanges: { podCIDRs: [...(network.clusterRanges?.podCIDRs ?? [])], serviceCIDRs: [...(network.clusterRanges?.serviceCIDRs ?? [])] },
      diagnostics: [...diagnostics],
    };
  }
}

// ---------------------------------------------------------------- filters and pages

/** `app=web,tier!=db,env in (a,b),env notin (c),legacy,!old` (kubectl's selector syntax). */
export function parseLabelSelector(text: string): LabelSelector {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelector['matchExpressions'][number][] = [];
  const parts = text.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      const values = m[3].split(',').map((v) => v.trim()).filter(Boolean);
      matchExpressions.push({ key: m[1], operator: m[2] === 'in' ? 'In' : 'NotIn', values });
    } else if ((m = part.match(/^([\w./-]+)\s*!=\s*([\w.-]*)$/))) {
      matchExpressions.push({ key: m[1], operator: 'NotIn', values: [m[2]] });
    } else if ((m = part.match(/^([\w./-]+)\s*==?\s*([\w.-]*)$/))) {
      matchLabels[m[1]] = m[2];
    } else if ((m = part.match(/^!\s*([\w./-]+)$/))) {
      matchExpressions.push({ key: m[1], operator: 'DoesNotExist', values: [] });
    } else if ((m = part.match(/^([\w./-]+)$/))) {
      matchExpressions.push({ key: m[1], operator: 'Exists', values: [] });
    } else {
      throw new StoredQueryError(`invalid label selector near "${part}": use key=value, key!=value, key in (a,b), key notin (a,b), key or !key`, 'selector');
    }
  }
  return { matchLabels, matchExpressions };
}

/** Which endpoints match the namespace / workload / selector parts of a filter (null: no such part). */
function sideMatches(view: StoredView, filter: ConnectivityFilter): Uint8Array | null {
  if (filter.namespace === undefined && filter.workload === undefined && filter.selector === undefined) return null;
  const r = view.stored;
  const selector = filter.selector === undefined ? null : parseLabelSelector(filter.selector);
  let workloadMatch: ((w: number) => boolean) | null = null;
  if (filter.workload !== undefined) {
    const m = filter.workload.trim().match(/^([^/]+)\/([^[\]]+)(?:\[([^\]]+)\])?$/);
    if (!m) throw new StoredQueryError('workload: namespace/name or namespace/name[Kind]', 'workload');
    const [, ns, name, kind] = m;
    workloadMatch = (w) => r.namespaces[r.workloadNamespace[w]] === ns && r.workloadName[w] === name && (kind === undefined || r.workloadKind[w] === kind);
  }
  const match = new Uint8Array(view.endpoints.length);
  for (let g = 0; g < view.groupCount; g++) {
    if (filter.namespace !== undefined && r.namespaces[view.groupNamespace[g]] !== filter.namespace) continue;
    if (workloadMatch && !view.groupWorkloads[g].some(workloadMatch)) continue;
    if (selector && !view.groupClasses[g].some((c) => selectorMatches(selector, r.classLabels[c]))) continue;
    match[g] = 1;
  }
  return match;
}

function portMatcher(view: StoredView, filter: ConnectivityFilter): ((id: number) => boolean) | null {
  if (filter.port === undefined && filter.protocol === undefined) return null;
  const cache = new Map<number, boolean>();
  const protocol = filter.protocol ?? 'TCP';
  return (id) => {
    let kept = cache.get(id);
    if (kept === undefined) {
      const set = view.portSets.get(id);
      kept = filter.port !== undefined ? set.has(protocol, filter.port) : set.ranges(protocol).length > 0 || set.namedPorts().some((n) => n.protocol === protocol);
      cache.set(id, kept);
    }
    return kept;
  };
}

export interface RowQuery {
  filter?: ConnectivityFilter;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
}

/** The rows a query keeps, in the public order (positions only: nothing is materialised). */
export function* keptRows(view: StoredView, query: RowQuery = {}): Generator<PlacedRow> {
  const filter = query.filter ?? {};
  const side = sideMatches(view, filter);
  const ports = portMatcher(view, filter);
  const externalOnly = filter.externalOnly === true;
  const keep = (row: Row): boolean =>
    (!side || side[row.src] === 1 || side[row.dst] === 1) && (!externalOnly || view.isOutside(row.src) || view.isOutside(row.dst)) && (!ports || ports(row.id));
  const after = query.cursor ? decodeRowCursor(query.cursor, view.granularity) : null;
  yield* view.rows(keep, after, side, externalOnly);
}

/** The rows a query keeps, in the public order, each with the cursor that resumes after it. */
export function* queryRows(view: StoredView, query: RowQuery = {}): Generator<{ connection: Connection; cursor: string; row: Row }> {
  for (const row of keptRows(view, query)) yield { connection: view.connection(row), cursor: rowCursor(view, row), row };
}

/** The cursor that resumes after `row`. */
export function rowCursor(view: StoredView, row: PlacedRow): string {
  return encodeRowCursor(view.granularity, row.srcOrdinal, row.dstOrdinal);
}

export interface ConnectivityPage extends ConnectivityResult {
  /** Resumes after the last row of this page; null on the last page. */
  nextCursor: string | null;
}

/** One page of connectivity (at most `limit` rows) from a stored view. */
export function connectivityPage(view: StoredView, snapshot: string, query: RowQuery & { limit: number }): ConnectivityPage {
  const connections: Connection[] = [];
  let last: PlacedRow | null = null;
  let more = false;
  for (const row of keptRows(view, query)) {
    if (connections.length === query.limit) {
      more = true;
      break;
    }
    connections.push(view.connection(row));
    last = { ...row };
  }
  return { ...view.frame(snapshot), connections, nextCursor: more && last ? rowCursor(view, last) : null };
}

function encodeRowCursor(granularity: Granularity, src: number, dst: number): string {
  return Buffer.from(`${granularity}:${src}:${dst}`).toString('base64url');
}

function decodeRowCursor(text: string, granularity: Granularity): { src: number; dst: number } {
  const [g, src, dst] = Buffer.from(text, 'base64url').toString('utf8').split(':');
  const s = Number(src);
  const d = Number(dst);
  if (g !== granularity || !Number.isInteger(s) || !Number.isInteger(d) || s < 0 || d < 0) {
    throw new StoredQueryError('cursor: not a nextCursor of this connectivity (same granularity)', 'cursor');
  }
  return { src: s, dst: d };
}
