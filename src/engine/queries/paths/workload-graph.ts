// Workload-level reachability as a graph, read from the class-pair matrix: a workload reaches
// another when some pod of the first may open some port to some pod of the second. Attack paths,
// blast radius and intent checks walk it. Edges are found per class (each class's non-empty row is
// listed once) and ports are united only for the edges a caller reports.

import { groupsOf, type Group } from '../../analysis/connectivity.js';
import { PortSetTable } from '../../analysis/port-table.js';
import type { AnalysisState } from '../../analysis/state.js';
import type { PortEntry } from '../../result.js';
import { IpSet } from '../../sets/ip-set.js';
import { nonInternetAddresses } from '../internet.js';


export interface PortsView {
  allPorts: boolean;
  ports: PortEntry[];
}

export class WorkloadGraph {
  /** Workloads, in the analysis's pod order. */
  readonly groups: readonly Group[];
  /** Workload indices holding pods of each class. */
  private readonly groupsOfClass: number[][];
  /** Per class: the classes it may open at least one port to (lazily). */
  private readonly rows = new Map<number, Int32Array>();
  private readonly byText = new Map<string, number>();
  /** Address atoms holding at least one public address. */
  readonly publicAtoms: number[];
  /** Private and special blocks and the cluster's own ranges: never "the internet". */
  private readonly notPublic: IpSet;

  constructor(readonly state: AnalysisState) {
    this.groups = groupsOf(state, 'workload');
    this.groupsOfClass = Array.from({ length: state.classCount }, () => []);
    this.groups.forEach((g, i) => {
      for (const c of g.classes) this.groupsOfClass[c].push(i);
      this.byText.set(g.text, i);
    });
    const { atoms } = state.parts;
    this.notPublic = nonInternetAddresses(state.network.clusterRanges);
    this.publicAtoms = [];
    for (let a = 0; a < atoms.count; a++) if (!atoms.addresses([a]).subtract(this.notPublic).isEmpty()) this.publicAtoms.push(a);
  }

  /** The classes `c` may open a port to (distinct pods). */
  classRow(c: number): Int32Array {
    let row = this.rows.get(c);
    if (row === undefined) {
      const out: number[] = [];
      for (let d = 0; d < this.state.classCount; d++) if (this.state.classToClass(c, d) !== PortSetTable.EMPTY_ID) out.push(d);
      row = Int32Array.from(out);
      this.rows.set(c, row);
    }
    return row;
  }

  /** The workload written `ns/name[Kind]`. */
  indexOf(text: string): number | undefined {
    return this.byText.get(text);
  }

  groupsOf(c: number): readonly number[] {
    return this.groupsOfClass[c];
  }

  /** Workloads that `classes` may open a port to, other than the ones in `except`. */
  neighbours(classes: readonly number[], except: ReadonlySet<number>): Set<number> {
    const out = new Set<number>();
    for (const c of classes) for (const d of this.classRow(c)) for (const g of this.groupsOfClass[d]) if (!except.has(g)) out.add(g);
    return out;
  }

  /** Port-set id from some of `from` classes to some of `to` classes. */
  portsBetween(from: readonly number[], to: readonly number[]): number {
    const { table } = this.state.parts;
    let id = PortSetTable.EMPTY_ID;
    for (const c of from) for (const d of to) id = table.union(id, this.state.classToClass(c, d));
    return id;
  }

  /** Port-set id from public addresses to some of `to` classes, and the public atoms that reach them. */
  fromInternet(to: readonly number[]): { id: number; atoms: number[] } {
    const { table } = this.state.parts;
    let id = PortSetTable.EMPTY_ID;
    const reaching: number[] = [];
    for (const a of this.publicAtoms) {
      let cell = PortSetTable.EMPTY_ID;
      for (const d of to) cell = table.union(cell, this.state.atomToClass(a, d));
      if (cell !== PortSetTable.EMPTY_ID) {
        reaching.push(a);
        id = table.union(id, cell);
      }
    }
    return { id, atoms: reaching };
  }

  /** Port-set id from the ingress controller to some of `to` classes. */
  fromController(to: readonly number[]): number {
    const { table } = this.state.parts;
    let id = PortSetTable.EMPTY_ID;
    for (const d of to) id = table.union(id, this.state.controllerToClass(d));
    return id;
  }

  /** The public part of some atoms, as CIDRs. */
  publicCidrs(atoms: readonly number[]): string[] {
    return this.state.parts.atoms.addresses(atoms).subtract(this.notPublic).toCidrs();
  }

  view(id: number): PortsView {
    const set = this.state.portSet(id);
    return { allPorts: set.isAll(), ports: set.isAll() ? [] : set.toEntries() };
  }
}

const graphs = new WeakMap<AnalysisState, WorkloadGraph>();

/** One graph per analysis: its class rows are reused by every later question. */
export function workloadGraph(state: AnalysisState): WorkloadGraph {
  let graph = graphs.get(state);
  if (graph === undefined) graphs.set(state, (graph = new WorkloadGraph(state)));
  return graph;
}
