// Everything one analysis computed, kept for connectivity expansion and explain. Callers see it
// only as the opaque `Analysis`.

import type { AnalysisOptions, Diagnostic, NodeModel, SnapshotModel } from '../model.js';
import type { NetworkContext } from '../result.js';
import type { PortSet } from '../sets/port-set.js';
import type { AddressAtoms } from './addresses.js';
import type { NamespaceIndex, PodClass } from './classes.js';
import type { PeerMasks, PolicySet } from './compile.js';
import type { DirectionEvaluator } from './direction.js';
import type { RoutedPorts } from './ingress-routes.js';
import { PortSetTable } from './port-table.js';
import { cellOf, pairCell, type DirectionTable, type PairMatrix } from './reachability.js';

export interface Analysis {
  readonly options: AnalysisOptions;
  readonly diagnostics: readonly Diagnostic[];
  /** The detected plugin, whether the policies were enforced, and where each option came from. */
  readonly network: NetworkContext;
}

export interface AnalysisParts {
  snapshot: SnapshotModel;
  options: AnalysisOptions;
  network: NetworkContext;
  /** When policies are not enforced: the analysis with them, for what they intend. */
  intended?: AnalysisState;
  diagnostics: Diagnostic[];
  namespaces: NamespaceIndex;
  nodes: ReadonlyMap<string, NodeModel>;
  atoms: AddressAtoms;
  classes: PodClass[];
  classOfPod: Int32Array;
  policySet: PolicySet;
  masks: PeerMasks;
  evaluator: DirectionEvaluator;
  table: PortSetTable;
  /** Only the address-atom columns are kept (see `keepAddressColumns`): class pairs are in `pairs`. */
  egress: DirectionTable;
  ingress: DirectionTable;
  pairs: PairMatrix;
  routes: Map<number, RoutedPorts>;
  /** Class id of the ingress controller pseudo-pod, or -1 without Ingress/Route objects. */
  controllerClass: number;
  /** Milliseconds per analysis phase, in order (see `PhaseClock`). */
  timings: Record<string, number>;
}

export class AnalysisState implements Analysis {
  readonly options: AnalysisOptions;
  readonly diagnostics: readonly Diagnostic[];
  readonly network: NetworkContext;
  private readonly controllerCells = new Map<number, number>();

  constructor(readonly parts: AnalysisParts) {
    this.options = parts.options;
    this.diagnostics = parts.diagnostics;
    this.network = parts.network;
  }

  get classCount(): number {
    return this.parts.classes.length;
  }

  /** Port-set id of what pods of `src` may open to pods of `dst` (distinct pods). */
  classToClass(src: number, dst: number): number {
    return pairCell(this.parts.pairs, src, dst);
  }

  /** Egress of a class towards an address atom (only the pod side's direction applies). */
  classToAtom(src: number, atom: number): number {
    return cellOf(this.parts.egress, src, this.classCount + atom);
  }

  /** Ingress of a class from an address atom. */
  atomToClass(atom: number, dst: number): number {
    return cellOf(this.parts.ingress, dst, this.classCount + atom);
  }

  /** From the ingress controller: routed ports ∩ what the class's ingress allows from it. */
  controllerToClass(dst: number): number {
    const cached = this.controllerCells.get(dst);
    if (cached !== undefined) return cached;
    const routed = this.parts.routes.get(dst);
    let id = PortSetTable.EMPTY_ID;
    if (routed !== undefined && this.parts.controllerClass >= 0) {
      id = this.parts.table.intersect(this.parts.table.id(routed.ports), this.classToClass(this.parts.controllerClass, dst));
    }
    this.controllerCells.set(dst, id);
    return id;
  }

  portSet(id: number): PortSet {
    return this.parts.table.get(id);
  }
}

export function stateOf(analysis: Analysis): AnalysisState {
  if (!(analysis instanceof AnalysisState)) throw new TypeError('not a value returned by analyze()');
  return analysis;
}
