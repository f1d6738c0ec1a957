// Expanding class-level results into the public connectivity list at pod, workload or
// namespace granularity. A workload's (or namespace's) connections are the union over its
// pods: W1 → W2 allows a port if some pod of W1 may open it to some pod of W2. External
// endpoints are, per endpoint and direction, the union of the address atoms that share one
// port set towards (or from) it. Self pairs are left out.

import type { Connection, ConnectivityResult, Endpoint, Granularity, PortEntry } from '../result.js';
import { PortSetTable } from './port-table.js';
import { kindCell } from './reachability.js';
import type { AnalysisState } from './state.js';

export interface Group {
  endpoint: Endpoint;
  text: string;
  classes: number[];
}

export function groupsOf(state: AnalysisState, granularity: Granularity): Group[] {
  const { snapshot, classOfPod } = state.parts;
  const byKey = new Map<string, Group>();
  snapshot.pods.forEach((pod, index) => {
    let key: string;
    let endpoint: Endpoint;
    if (granularity === 'pod') {
      key = `${pod.namespace}/${pod.name}`;
      endpoint = { kind: 'Pod', namespace: pod.namespace, name: pod.name };
    } else if (granularity === 'workload') {
      key = `${pod.workload.namespace}/${pod.workload.name}[${pod.workload.kind}]`;
      endpoint = { kind: pod.workload.kind, namespace: pod.workload.namespace, name: pod.workload.name };
    } else {
      key = pod.namespace;
      endpoint = { kind: 'Namespace', name: pod.namespace };
    }
    let group = byKey.get(key);
    if (group === undefined) {
      group = { endpoint, text: key, classes: [] };
      byKey.set(key, group);
    }
    const classId = classOfPod[index];
    if (!group.classes.includes(classId)) group.classes.push(classId);
  });
  return [...byKey.values()];
}

/** Numbers the distinct sets of `kindOf` values over each group's classes. */
function profiles(groups: readonly Group[], kindOf: (classId: number) => number): { profileOf: Int32Array; members: number[][] } {
  const ids = new Map<string, number>();
  const members: number[][] = [];
  const profileOf = new Int32Array(groups.length);
  groups.forEach((group, g) => {
    const kinds = [...new Set(group.classes.map(kindOf))].sort((a, b) => a - b);
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

/**
 * Rows are kept as parallel integer arrays (endpoint indices and port-set ids) and turned into
 * Connection objects only once sorted: outputs reach millions of rows at workload granularity.
 */
class Rows {
  readonly endpoints: Array<{ endpoint: Endpoint; text: string }> = [];
  private readonly src: number[] = [];
  private readonly dst: number[] = [];
  private readonly ports: number[] = [];

  addEndpoint(endpoint: Endpoint, text: string): number {
    this.endpoints.push({ endpoint, text });
    return this.endpoints.length - 1;
  }

  add(src: number, dst: number, portSetId: number): void {
    this.src.push(src);
    this.dst.push(dst);
    this.ports.push(portSetId);
  }

  /** Sorted by (src text, dst text); port entries are shared between rows with equal sets. */
  connections(table: PortSetTable): Connection[] {
    const order = this.endpoints.map((_, i) => i).sort((a, b) => compareText(this.endpoints[a].text, this.endpoints[b].text));
    const rank = new Int32Array(this.endpoints.length);
    order.forEach((endpoint, i) => {
      const previous = order[i - 1];
      rank[endpoint] = i > 0 && this.endpoints[previous].text === this.endpoints[endpoint].text ? rank[previous] : i;
    });
    const count = this.src.length;
    const rankBase = this.endpoints.length + 1;
    let sorted: number[];
    if (count < ROW_INDEX_BASE && rankBase * rankBase < 2 ** 27) {
      // One float key per row (pair rank, then row index): a native numeric sort.
      const keys = new Float64Array(count);
      for (let i = 0; i < count; i++) keys[i] = (rank[this.src[i]] * rankBase + rank[this.dst[i]]) * ROW_INDEX_BASE + i;
      keys.sort();
      sorted = Array.from(keys, (k) => k % ROW_INDEX_BASE);
    } else {
      sorted = Array.from({ length: count }, (_, i) => i).sort(
        (a, b) => rank[this.src[a]] - rank[this.src[b]] || rank[this.dst[a]] - rank[this.dst[b]] || a - b,
      );
    }
    const entries = new Map<number, { allPorts: boolean; ports: PortEntry[] }>();
    return sorted.map((i) => {
      const id = this.ports[i];
      let conns = entries.get(id);
      if (conns === undefined) {
        const set = table.get(id);
        conns = { allPorts: set.isAll(), ports: set.isAll() ? [] : set.toEntries() };
        entries.set(id, conns);
      }
      return { src: this.endpoints[this.src[i]].endpoint, dst: this.endpoints[this.dst[i]].endpoint, allPorts: conns.allPorts, ports: conns.ports };
    });
  }
}

const ROW_INDEX_BASE = 2 ** 24;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function podPairs(state: AnalysisState, groups: readonly Group[], rows: Rows): void {
  const { pairs, table } = state.parts;
  const src = profiles(groups, (c) => pairs.srcKindOf[c]);
  const dst = profiles(groups, (c) => pairs.dstKindOf[c]);
  const dstCount = dst.members.length;
  const cache = new Int32Array(src.members.length * dstCount).fill(-1);
  const cellFor = (s: number, d: number): number => {
    const at = s * dstCount + d;
    let id = cache[at];
    if (id < 0) {
      id = PortSetTable.EMPTY_ID;
      for (const sk of src.members[s]) {
        for (const dk of dst.members[d]) id = table.union(id, kindCell(pairs, sk, dk));
      }
      cache[at] = id;
    }
    return id;
  };
  for (let i = 0; i < groups.length; i++) {
    const s = src.profileOf[i];
    for (let j = 0; j < groups.length; j++) {
      if (i === j) continue;
      const id = cellFor(s, dst.profileOf[j]);
      if (id !== PortSetTable.EMPTY_ID) rows.add(i, j, id);
    }
  }
}

/**
 * External blocks for one direction: for each group, the address atoms grouped by the port set
 * between the group and them; each group of atoms is one External endpoint.
 */
function externalBlocks(state: AnalysisState, groups: readonly Group[], direction: 'egress' | 'ingress', rows: Rows): void {
  const { atoms, table, classes } = state.parts;
  const t = direction === 'egress' ? state.parts.egress : state.parts.ingress;
  const classCount = classes.length;
  const atomsByBlock = new Map<number, number[]>();
  for (let a = 0; a < atoms.count; a++) {
    const block = t.peerBlockOf[classCount + a];
    const list = atomsByBlock.get(block);
    if (list === undefined) atomsByBlock.set(block, [a]);
    else list.push(a);
  }
  const subjectProfiles = profiles(groups, (c) => t.subjectBlockOf[c]);
  const endpointsByProfile = subjectProfiles.members.map((subjectBlocks) => {
    const atomsById = new Map<number, number[]>();
    for (const [block, blockAtoms] of atomsByBlock) {
      let id = PortSetTable.EMPTY_ID;
      for (const s of subjectBlocks) id = table.union(id, t.cells[s * t.peerBlockCount + block]);
      if (id === PortSetTable.EMPTY_ID) continue;
      const list = atomsById.get(id);
      if (list === undefined) atomsById.set(id, [...blockAtoms]);
      else list.push(...blockAtoms);
    }
    return [...atomsById].map(([id, ids]) => {
      const addresses = atoms.addresses(ids);
      return { endpoint: rows.addEndpoint({ kind: 'External', cidrs: addresses.toCidrs() }, addresses.toRanges().join(',')), id };
    });
  });
  groups.forEach((_, g) => {
    for (const external of endpointsByProfile[subjectProfiles.profileOf[g]]) {
      if (direction === 'egress') rows.add(g, external.endpoint, external.id);
      else rows.add(external.endpoint, g, external.id);
    }
  });
}

export const INGRESS_CONTROLLER_TEXT = '{ingress-controller}';

function fromIngressController(state: AnalysisState, groups: readonly Group[], rows: Rows): void {
  if (state.parts.controllerClass < 0) return;
  const { table } = state.parts;
  let controller = -1;
  groups.forEach((group, g) => {
    let id = PortSetTable.EMPTY_ID;
    for (const c of group.classes) id = table.union(id, state.controllerToClass(c));
    if (id === PortSetTable.EMPTY_ID) return;
    if (controller < 0) controller = rows.addEndpoint({ kind: 'IngressController' }, INGRESS_CONTROLLER_TEXT);
    rows.add(controller, g, id);
  });
}

export function expandConnectivity(state: AnalysisState, granularity: Granularity, snapshotName: string): ConnectivityResult {
  const groups = groupsOf(state, granularity);
  const rows = new Rows();
  // Groups take endpoint indices 0..groups.length-1.
  for (const group of groups) rows.addEndpoint(group.endpoint, group.text);
  podPairs(state, groups, rows);
  externalBlocks(state, groups, 'egress', rows);
  externalBlocks(state, groups, 'ingress', rows);
  fromIngressController(state, groups, rows);
  return {
    snapshot: snapshotName,
    granularity,
    options: { ...state.options },
    connections: rows.connections(state.parts.table),
    diagnostics: [...state.diagnostics],
    endpoints: groups.map((g) => g.endpoint),
  };
}
