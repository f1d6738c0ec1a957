// Who can reach an endpoint, and what an endpoint can reach: one row per pod or workload (and per
// external address block, and the ingress controller) with the ports allowed. Computed from pod
// classes: each pod costs one lookup of a per-class union, never a walk over all pod pairs.

import type { Protocol } from '../model.js';
import { INGRESS_CONTROLLER_TEXT } from '../analysis/connectivity.js';
import { PortSetTable } from '../analysis/port-table.js';
import { stateOf, type Analysis, type AnalysisState } from '../analysis/state.js';
import type { Endpoint, ReachEntry, ReachError, ReachGranularity, ReachResult } from '../result.js';
import { resolveServiceSubject, whoCanReachService } from './service-reach-subject.js';
import { addressSubject, reachableFromAddress, whoCanReachAddress } from './address-reach.js';

/** The pods an endpoint name stands for. */
export interface Subject {
  endpoint: Endpoint;
  text: string;
  pods: number[];
}

const KIND_SUFFIX = /^(.*)\[([^\]]+)\]$/;

/** `ns/pod`, `ns/workload`, `ns/name[Kind]` (a pod first, then a workload), or a namespace name. */
export function resolveSubject(state: AnalysisState, text: string): Subject | ReachError {
  const trimmed = text.trim();
  const pods = state.parts.snapshot.pods;
  if (trimmed === '') return { error: 'an endpoint is required: namespace/pod, namespace/workload, namespace/name[Kind] or a namespace', reason: 'invalid' };
  if (!trimmed.includes('/')) {
    const members = indicesWhere(pods, (p) => p.namespace === trimmed);
    if (members.length === 0) return { error: `namespace ${trimmed} has no pods in the snapshot`, reason: 'unknown' };
    return { endpoint: { kind: 'Namespace', name: trimmed }, text: trimmed, pods: members };
  }
  const slash = trimmed.indexOf('/');
  const namespace = trimmed.slice(0, slash);
  let name = trimmed.slice(slash + 1);
  let kind: string | undefined;
  const suffix = KIND_SUFFIX.exec(name);
  if (suffix) {
    name = suffix[1];
    kind = suffix[2];
  }
  if (kind === undefined || kind === 'Pod') {
    const pod = pods.findIndex((p) => p.namespace === namespace && p.name === name && !p.representative);
    if (pod >= 0) return { endpoint: { kind: 'Pod', namespace, name }, text: `${namespace}/${name}`, pods: [pod] };
  }
  const members = indicesWhere(pods, (p) => p.workload.namespace === namespace && p.workload.name === name && (kind === undefined || p.workload.kind === kind));
  if (members.length === 0) return { error: `no pod or workload ${trimmed} in the snapshot`, reason: 'unknown' };
  const workload = pods[members[0]].workload;
  return { endpoint: { kind: workload.kind, namespace, name }, text: `${namespace}/${name}[${workload.kind}]`, pods: members };
}

function indicesWhere<T>(items: readonly T[], keep: (item: T) => boolean): number[] {
  const out: number[] = [];
  items.forEach((item, i) => {
    if (keep(item)) out.push(i);
  });
  return out;
}

export interface Group {
  endpoint: Endpoint;
  text: string;
  pods: number[];
  /** The distinct classes of `pods`. */
  classes: number[];
}

/** Groups depend only on the analysis: built once per analysis and granularity. */
const groupCache = new WeakMap<AnalysisState, Partial<Record<ReachGranularity, Group[]>>>();

export function groupsAt(state: AnalysisState, granularity: ReachGranularity): Group[] {
  const cached = groupCache.get(state)?.[granularity];
  if (cached) return cached;
  const groups = buildGroups(state, granularity);
  groupCache.set(state, { ...groupCache.get(state), [granularity]: groups });
  return groups;
}

function buildGroups(state: AnalysisState, granularity: ReachGranularity): Group[] {
  const byText = new Map<string, Group>();
  state.parts.snapshot.pods.forEach((pod, index) => {
    const text = granularity === 'pod' ? `${pod.namespace}/${pod.name}` : `${pod.workload.namespace}/${pod.workload.name}[${pod.workload.kind}]`;
    let group = byText.get(text);
    if (group === undefined) {
      const endpoint: Endpoint = granularity === 'pod' ? { kind: 'Pod', namespace: pod.namespace, name: pod.name } : { ...pod.workload };
      group = { endpoint, text, pods: [], classes: [] };
      byText.set(text, group);
    }
    group.pods.push(index);
    const c = state.parts.classOfPod[index];
    if (!group.classes.includes(c)) group.classes.push(c);
  });
  return [...byText.values()];
}

/**
 * For each pod outside or inside the subject: the union, over the subject's classes, of `cell(pod's
 * class, subject class)`. A pod of the subject does not count itself: its own class is left out
 * when no other pod of the subject shares it (class pairs are between distinct pods).
 */
class PodUnions {
  private readonly subjectClasses: number[];
  private readonly countInSubject = new Map<number, number>();
  private readonly inSubject: Set<number>;
  /** Port-set id per (class, own class left out): index `2 * class + (left out ? 1 : 0)`; -1 = not computed. */
  private readonly cache: Int32Array;

  constructor(
    private readonly state: AnalysisState,
    subject: Subject,
    private readonly cell: (podClass: number, subjectClass: number) => number,
  ) {
    const { classOfPod } = state.parts;
    for (const p of subject.pods) this.countInSubject.set(classOfPod[p], (this.countInSubject.get(classOfPod[p]) ?? 0) + 1);
    this.subjectClasses = [...this.countInSubject.keys()];
    this.inSubject = new Set(subject.pods);
    this.cache = new Int32Array(2 * state.classCount).fill(-1);
  }

  /** Whether any pod of the group is one of the subject's (those go pod by pod). */
  touches(group: Group): boolean {
    return group.pods.some((p) => this.inSubject.has(p));
  }

  of(pod: number): number {
    const c = this.state.parts.classOfPod[pod];
    return this.ofClass(c, this.inSubject.has(pod) && this.countInSubject.get(c) === 1);
  }

  ofClass(c: number, withoutOwnClass = false): number {
    const key = 2 * c + (withoutOwnClass ? 1 : 0);
    let id = this.cache[key];
    if (id < 0) {
      id = PortSetTable.EMPTY_ID;
      for (const s of this.subjectClasses) if (!(withoutOwnClass && s === c)) id = this.state.parts.table.union(id, this.cell(c, s));
      this.cache[key] = id;
    }
    return id;
  }

  /** The union over a group's pods. */
  ofGroup(group: Group): number {
    let id = PortSetTable.EMPTY_ID;
    if (this.touches(group)) for (const p of group.pods) id = this.state.parts.table.union(id, this.of(p));
    else for (const c of group.classes) id = this.state.parts.table.union(id, this.ofClass(c));
    return id;
  }
}

/** Port entries per port-set id, shared by rows (and queries) with equal sets. */
const portsCache = new WeakMap<AnalysisState, Map<number, { allPorts: boolean; ports: ReachEntry['ports'] }>>();

function entry(state: AnalysisState, endpoint: Endpoint, id: number): ReachEntry {
  let byId = portsCache.get(state);
  if (byId === undefined) portsCache.set(state, (byId = new Map()));
  let ports = byId.get(id);
  if (ports === undefined) {
    const set = state.portSet(id);
    ports = { allPorts: set.isAll(), ports: set.isAll() ? [] : set.toEntries() };
    byId.set(id, ports);
  }
  return { endpoint, allPorts: ports.allPorts, ports: ports.ports };
}

/** External blocks: atoms grouped by the port set `cell(atom)`. */
function externalEntries(state: AnalysisState, cell: (atom: number) => number): ReachEntry[] {
  const { atoms } = state.parts;
  const atomsById = new Map<number, number[]>();
  for (let a = 0; a < atoms.count; a++) {
    const id = cell(a);
    if (id === PortSetTable.EMPTY_ID) continue;
    const list = atomsById.get(id);
    if (list === undefined) atomsById.set(id, [a]);
    else list.push(a);
  }
  return [...atomsById].map(([id, ids]) => tracked(state, { kind: 'External', cidrs: atoms.addresses(ids).toCidrs() }, id));
}

export interface ReachQuery {
  /** Rows per pod or per workload (default `workload`). */
  granularity?: ReachGranularity;
  /** Keep only rows whose ports include this port (with `protocol`, default TCP). */
  port?: number;
  protocol?: Protocol;
}

export function finish(state: AnalysisState, subject: Subject, rows: ReachEntry[], query: ReachQuery, granularity: ReachGranularity): Omit<ReachResult, 'sources' | 'destinations'> & { rows: ReachEntry[] } {
  const protocol = query.protocol ?? 'TCP';
  const kept = query.port === undefined ? rows : rows.filter((r) => state.portSet(entryIds.get(r)!).has(protocol, query.port!));
  const keys = new Map(kept.map((r) => [r, sortKey(r.endpoint)]));
  kept.sort((a, b) => compare(keys.get(a)!, keys.get(b)!));
  const { cni, enforcement, optionSources } = state.network;
  return {
    subject: subject.endpoint,
    granularity,
    ...(query.port === undefined ? {} : { port: query.port, protocol }),
    options: { ...state.options },
    cni,
    enforcement: { ...enforcement },
    optionSources: { ...optionSources },
    rows: kept,
  };
}

/** Each row's port-set id, for the port filter. */
const entryIds = new WeakMap<ReachEntry, number>();

export function tracked(state: AnalysisState, endpoint: Endpoint, id: number): ReachEntry {
  const e = entry(state, endpoint, id);
  entryIds.set(e, id);
  return e;
}

function sortKey(e: Endpoint): string {
  if (e.kind === 'IngressController') return `0 ${INGRESS_CONTROLLER_TEXT}`;
  if (e.kind === 'External') return `2 ${(e as { cidrs: string[] }).cidrs.join(',')}`;
  if (e.kind === 'Namespace') return `1 ${(e as { name: string }).name}`;
  const w = e as { namespace: string; name: string; kind: string };
  return `1 ${w.namespace}/${w.name}[${w.kind}]`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Pods or workloads, external blocks and the ingress controller allowed to open connections to `target` (a Service too: see service-reach-subject.ts). */
export function whoCanReach(analysis: Analysis, target: string, query: ReachQuery = {}): ReachResult | ReachError {
  const state = stateOf(analysis);
  const address = addressSubject(target);
  if (address !== undefined) return 'error' in address ? { ...address, argument: 'target' } : whoCanReachAddress(state, address, query);
  const service = resolveServiceSubject(state, target);
  if (service !== undefined) return 'error' in service ? { ...service, argument: 'target' } : whoCanReachService(state, service, query);
  const subject = resolveSubject(state, target);
  if ('error' in subject) return { ...subject, argument: 'target' };
  const granularity = query.granularity ?? 'workload';
  const { rows: kept, ...rest } = finish(state, subject, sourcesOf(state, subject, granularity), query, granularity);
  return { ...rest, sources: kept };
}

/** Every row that can open connections to the subject's pods, with its full port set (unfiltered). */
export function sourcesOf(state: AnalysisState, subject: Subject, granularity: ReachGranularity): ReachEntry[] {
  const { table } = state.parts;
  const unions = new PodUnions(state, subject, (podClass, targetClass) => state.classToClass(podClass, targetClass));
  const rows: ReachEntry[] = [];
  for (const group of groupsAt(state, granularity)) {
    if (group.text === subject.text) continue;
    const id = unions.ofGroup(group);
    if (id !== PortSetTable.EMPTY_ID) rows.push(tracked(state, group.endpoint, id));
  }
  const targetClasses = [...new Set(subject.pods.map((p) => state.parts.classOfPod[p]))];
  rows.push(...externalEntries(state, (atom) => targetClasses.reduce((id, c) => table.union(id, state.atomToClass(atom, c)), PortSetTable.EMPTY_ID)));
  const controller = targetClasses.reduce((id, c) => table.union(id, state.controllerToClass(c)), PortSetTable.EMPTY_ID);
  if (controller !== PortSetTable.EMPTY_ID) rows.push(tracked(state, { kind: 'IngressController' }, controller));
  return rows;
}

/** Whether a row's ports include `port` of `protocol`. */
export function rowAllows(state: AnalysisState, row: ReachEntry, protocol: Protocol, port: number): boolean {
  return state.portSet(entryIds.get(row)!).has(protocol, port);
}

/** Pods or workloads and external blocks that `source` may open connections to. */
export function reachableFrom(analysis: Analysis, source: string, query: ReachQuery = {}): ReachResult | ReachError {
  const state = stateOf(analysis);
  const granularity = query.granularity ?? 'workload';
  const { table } = state.parts;
  if (source.trim() === INGRESS_CONTROLLER_TEXT) {
    const subject: Subject = { endpoint: { kind: 'IngressController' }, text: INGRESS_CONTROLLER_TEXT, pods: [] };
    const rows: ReachEntry[] = [];
    for (const group of groupsAt(state, granularity)) {
      let id = PortSetTable.EMPTY_ID;
      for (const c of group.classes) id = table.union(id, state.controllerToClass(c));
      if (id !== PortSetTable.EMPTY_ID) rows.push(tracked(state, group.endpoint, id));
    }
    const { rows: kept, ...rest } = finish(state, subject, rows, query, granularity);
    return { ...rest, destinations: kept };
  }
  const address = addressSubject(source);
  if (address !== undefined) return 'error' in address ? { ...address, argument: 'source' } : reachableFromAddress(state, address, query);
  // A Service as a source stands for its backend pods (traffic leaves from them).
  const service = resolveServiceSubject(state, source);
  if (service !== undefined && 'error' in service) return { ...service, argument: 'source' };
  const subject = service ?? resolveSubject(state, source);
  if ('error' in subject) return { ...subject, argument: 'source' };
  const unions = new PodUnions(state, subject, (podClass, sourceClass) => state.classToClass(sourceClass, podClass));
  const rows: ReachEntry[] = [];
  for (const group of groupsAt(state, granularity)) {
    if (group.text === subject.text) continue;
    const id = unions.ofGroup(group);
    if (id !== PortSetTable.EMPTY_ID) rows.push(tracked(state, group.endpoint, id));
  }
  const sourceClasses = [...new Set(subject.pods.map((p) => state.parts.classOfPod[p]))];
  rows.push(...externalEntries(state, (atom) => sourceClasses.reduce((id, c) => table.union(id, state.classToAtom(c, atom)), PortSetTable.EMPTY_ID)));
  const { rows: kept, ...rest } = finish(state, subject, rows, query, granularity);
  return { ...rest, destinations: kept, ...(service === undefined ? {} : { service: { ...service.service, backends: service.service.backends } }) };
}
