// Attack paths and blast radius: breadth-first walks over workload-level reachability. A hop
// W → V means some pod of W may open some port to some pod of V; a walk assumes that whoever holds
// one pod of a workload holds them all. "The internet" is every public address (outside the
// private and special blocks of `NON_INTERNET_BLOCKS`) and the ingress controller: the first hop
// is from whichever of them reaches the workload (the addresses when both do).

import { stateOf, type Analysis, type AnalysisState } from '../../analysis/state.js';
import { selectorMatches } from '../../policy/selectors.js';
import type { AnalysisOptions } from '../../model.js';
import type { Endpoint, NetworkContext, PortEntry } from '../../result.js';
import { endpointText } from '../../render/endpoint-text.js';
import { PortSetTable } from '../../analysis/port-table.js';
import { resolveSubject } from '../reach.js';
import { parseSelectorText } from './selector-text.js';
import { workloadGraph, type WorkloadGraph } from './workload-graph.js';

/** Where a walk starts: the internet (public addresses and the ingress controller). */
export const INTERNET_SOURCE = 'internet';
export const MAX_HOPS = 10;
export const DEFAULT_PATH_HOPS = 4;
export const DEFAULT_BLAST_HOPS = 3;
/** Attack paths listed at most (shortest first); `targetsReached` counts them all. */
export const MAX_PATHS = 1000;

/** The start of a walk: a pod, workload or namespace as resolved, or the internet. */
export type PathSource = Endpoint | { kind: 'Internet' };

export interface PathHop {
  from: PathSource;
  to: Endpoint;
  /** What `from` may open to `to` (the last hop: to the pods the selector matches). */
  allPorts: boolean;
  ports: PortEntry[];
}

export interface AttackPath {
  target: Endpoint;
  hops: PathHop[];
}

interface NetworkFields {
  options: AnalysisOptions;
  cni: NetworkContext['cni'];
  enforcement: NetworkContext['enforcement'];
  optionSources: NetworkContext['optionSources'];
}

export interface AttackPathsResult extends NetworkFields {
  source: PathSource;
  /** The target selector as given. */
  to: string;
  maxHops: number;
  /** Workloads with a pod the selector matches (the source's own left out). */
  targets: number;
  /** Targets reached within `maxHops`. */
  targetsReached: number;
  /** One shortest path per target reached, shortest first, then by target (at most `MAX_PATHS`). */
  paths: AttackPath[];
}

export interface BlastRadiusEntry {
  endpoint: Endpoint;
  /** Fewest hops from the source. */
  hops: number;
  /** The workload (or the source) of the previous hop on one shortest walk. */
  via: PathSource;
  /** What `via` may open to it. */
  allPorts: boolean;
  ports: PortEntry[];
}

export interface BlastRadiusResult extends NetworkFields {
  source: PathSource;
  maxHops: number;
  /** Every workload reachable within `maxHops`, nearest first, then by name. */
  reached: BlastRadiusEntry[];
}

export interface PathsError {
  error: string;
  reason: 'invalid' | 'unknown';
  argument: 'from' | 'to' | 'k';
}

/** The walk's start: its classes and the workloads it holds (not reported as reached). */
interface Start {
  source: PathSource;
  internet: boolean;
  classes: number[];
  groups: Set<number>;
}

function resolveStart(state: AnalysisState, graph: WorkloadGraph, from: string): Start | PathsError {
  if (from.trim().toLowerCase() === INTERNET_SOURCE) return { source: { kind: 'Internet' }, internet: true, classes: [], groups: new Set() };
  const subject = resolveSubject(state, from);
  if ('error' in subject) return { error: `${subject.error} (or "${INTERNET_SOURCE}")`, reason: subject.reason, argument: 'from' };
  const classes = [...new Set(subject.pods.map((p) => state.parts.classOfPod[p]))];
  const groups = new Set<number>();
  for (const p of subject.pods) {
    const w = state.parts.snapshot.pods[p].workload;
    const g = graph.indexOf(`${w.namespace}/${w.name}[${w.kind}]`);
    if (g !== undefined) groups.add(g);
  }
  return { source: subject.endpoint, internet: false, classes, groups };
}

function checkHops(k: number | undefined, fallback: number): number | PathsError {
  const hops = k ?? fallback;
  if (!Number.isInteger(hops) || hops < 1 || hops > MAX_HOPS) return { error: `k must be an integer from 1 to ${MAX_HOPS}, not ${String(k)}`, reason: 'invalid', argument: 'k' };
  return hops;
}

interface Walk {
  /** Hops from the start per workload; -1 = not reached. */
  depth: Int32Array;
  /** Previous workload on one shortest walk; -1 = the start. */
  parent: Int32Array;
}

/** Breadth-first from the start, up to `maxHops`. */
function walk(graph: WorkloadGraph, start: Start, maxHops: number): Walk {
  const n = graph.groups.length;
  const depth = new Int32Array(n).fill(-1);
  const parent = new Int32Array(n).fill(-1);
  let frontier: number[] = [];
  for (const g of start.groups) depth[g] = 0;
  if (start.internet) {
    graph.groups.forEach((group, i) => {
      if (graph.fromInternet(group.classes).id !== PortSetTable.EMPTY_ID || graph.fromController(group.classes) !== PortSetTable.EMPTY_ID) {
        depth[i] = 1;
        frontier.push(i);
      }
    });
  } else {
    for (const g of graph.neighbours(start.classes, start.groups)) {
      if (depth[g] >= 0) continue;
      depth[g] = 1;
      frontier.push(g);
    }
  }
  for (let level = 2; level <= maxHops && frontier.length > 0; level++) {
    const next: number[] = [];
    for (const from of frontier) {
      for (const g of graph.neighbours(graph.groups[from].classes, start.groups)) {
        if (depth[g] >= 0) continue;
        depth[g] = level;
        parent[g] = from;
        next.push(g);
      }
    }
    frontier = next;
  }
  return { depth, parent };
}

/** The hop into workload `g` from its parent (or the start), towards `toClasses`. */
function hopInto(graph: WorkloadGraph, start: Start, w: Walk, g: number, toClasses: readonly number[]): PathHop {
  const to = graph.groups[g].endpoint;
  const p = w.parent[g];
  if (p >= 0) return { from: graph.groups[p].endpoint, to, ...graph.view(graph.portsBetween(graph.groups[p].classes, toClasses)) };
  if (!start.internet) return { from: start.source, to, ...graph.view(graph.portsBetween(start.classes, toClasses)) };
  const addresses = graph.fromInternet(toClasses);
  if (addresses.id !== PortSetTable.EMPTY_ID) return { from: { kind: 'External', cidrs: graph.publicCidrs(addresses.atoms) }, to, ...graph.view(addresses.id) };
  return { from: { kind: 'IngressController' }, to, ...graph.view(graph.fromController(toClasses)) };
}

function networkFields(state: AnalysisState): NetworkFields {
  const { cni, enforcement, optionSources } = state.network;
  return { options: { ...state.options }, cni, enforcement: { ...enforcement }, optionSources: { ...optionSources } };
}

/**
 * Shortest paths of at most `k` hops (default 4) from `from` (`internet`, a pod, a workload or a
 * namespace, written as in who-can-reach) to every workload with a pod matching the label selector `to`.
 */
export function attackPaths(analysis: Analysis, from: string, to: string, k?: number): AttackPathsResult | PathsError {
  const state = stateOf(analysis);
  const maxHops = checkHops(k, DEFAULT_PATH_HOPS);
  if (typeof maxHops !== 'number') return maxHops;
  const selector = parseSelectorText(to);
  if ('error' in selector) return { error: selector.error, reason: 'invalid', argument: 'to' };
  const graph = workloadGraph(state);
  const start = resolveStart(state, graph, from);
  if ('error' in start) return start;
  const w = walk(graph, start, maxHops);
  const classes = state.parts.classes;
  const found: { target: number; matching: number[] }[] = [];
  let targets = 0;
  graph.groups.forEach((group, g) => {
    if (start.groups.has(g)) return;
    const matching = group.classes.filter((c) => selectorMatches(selector, classes[c].labels));
    if (matching.length === 0) return;
    targets++;
    if (w.depth[g] > 0) found.push({ target: g, matching });
  });
  found.sort((a, b) => w.depth[a.target] - w.depth[b.target] || compareText(graph, a.target, b.target));
  const paths = found.slice(0, MAX_PATHS).map(({ target, matching }) => {
    const hops: PathHop[] = [];
    let g = target;
    let toClasses: readonly number[] = matching;
    for (;;) {
      hops.unshift(hopInto(graph, start, w, g, toClasses));
      const p = w.parent[g];
      if (p < 0) break;
      g = p;
      toClasses = graph.groups[g].classes;
    }
    return { target: graph.groups[target].endpoint, hops };
  });
  return { source: start.source, to, maxHops, targets, targetsReached: found.length, paths, ...networkFields(state) };
}

/** Every workload reachable from `from` within `k` hops (default 3), with the hop count and one way in. */
export function blastRadius(analysis: Analysis, from: string, k?: number): BlastRadiusResult | PathsError {
  const state = stateOf(analysis);
  const maxHops = checkHops(k, DEFAULT_BLAST_HOPS);
  if (typeof maxHops !== 'number') return maxHops;
  const graph = workloadGraph(state);
  const start = resolveStart(state, graph, from);
  if ('error' in start) return start;
  const w = walk(graph, start, maxHops);
  const reachedGroups: number[] = [];
  w.depth.forEach((d, g) => {
    if (d > 0) reachedGroups.push(g);
  });
  reachedGroups.sort((a, b) => w.depth[a] - w.depth[b] || compareText(graph, a, b));
  const reached = reachedGroups.map((g) => {
    const hop = hopInto(graph, start, w, g, graph.groups[g].classes);
    return { endpoint: hop.to, hops: w.depth[g], via: hop.from, allPorts: hop.allPorts, ports: hop.ports };
  });
  return { source: start.source, maxHops, reached, ...networkFields(state) };
}

function compareText(graph: WorkloadGraph, a: number, b: number): number {
  const x = endpointText(graph.groups[a].endpoint, 'workload');
  const y = endpointText(graph.groups[b].endpoint, 'workload');
  return x < y ? -1 : x > y ? 1 : 0;
}
