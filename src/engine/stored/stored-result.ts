// The compact stored form of one analysis (docs/stored-results.md): what every connectivity,
// exposure and dashboard query needs, and nothing that grows with pairs. Pods map to classes,
// classes to "kinds" (classes with equal egress/ingress behaviour), and the kind-pair matrix of
// port-set ids is kept sparse (compressed rows: only allowed cells). Address atoms keep, per
// direction, the address columns of the direction tables. Written once by the analysis job,
// decoded by every reader.

import { gunzipSync, gzipSync } from 'node:zlib';
import { stateOf, type Analysis } from '../analysis/state.js';
import { classIsolation } from '../analysis/summary.js';
import { kindCell } from '../analysis/reachability.js';
import { PortSetTable } from '../analysis/port-table.js';
import type { AnalysisOptions, Diagnostic, Labels } from '../model.js';
import type { NetworkContext, PortEntry } from '../result.js';
import type { IpFamily, IpInterval } from '../sets/ip-set.js';
import { PortSet } from '../sets/port-set.js';

/** Bumped whenever the binary layout changes: a stored result of another format is recomputed. */
export const STORED_FORMAT_VERSION = 1;

/** One direction's class ↔ address-atom table: subject block per class, address block per atom. */
export interface StoredAddressTable {
  subjectBlockOf: Int32Array;
  subjectBlockCount: number;
  atomBlockOf: Int32Array;
  atomBlockCount: number;
  /** subjectBlock * atomBlockCount + atomBlock → port-set id. */
  cells: Int32Array;
}

export interface StoredResult {
  formatVersion: number;
  engineVersion: string;
  options: AnalysisOptions;
  network: NetworkContext;
  diagnostics: Diagnostic[];
  namespaces: string[];
  workloadKind: string[];
  workloadNamespace: Int32Array;
  workloadName: string[];
  podName: string[];
  podNamespace: Int32Array;
  podWorkload: Int32Array;
  podClass: Int32Array;
  /** Per class (the ingress controller's pseudo-class included): its pods' labels. */
  classLabels: Labels[];
  /** Per class: bit 0 isolated for ingress, bit 1 for egress (`classIsolation`). */
  classIsolation: Uint8Array;
  /** Per class: port-set id of what the ingress controller may open to it (0 without routes). */
  controllerCell: Int32Array;
  portSets: PortSet[];
  srcKindOf: Int32Array;
  dstKindOf: Int32Array;
  srcKindCount: number;
  dstKindCount: number;
  /** Allowed kind pairs, by source kind: row r is columns/ids [rowStart[r], rowStart[r+1]). */
  rowStart: Int32Array;
  columns: Int32Array;
  ids: Int32Array;
  atoms: IpInterval[];
  egress: StoredAddressTable;
  ingress: StoredAddressTable;
}

/** The stored form of an analysis, tagged with the engine version that computed it. */
export function storedResultOf(analysis: Analysis, engineVersion: string): StoredResult {
  const state = stateOf(analysis);
  const { snapshot, classes, classOfPod, pairs, table, atoms } = state.parts;
  const namespaces: string[] = [];
  const namespaceIndex = new Map<string, number>();
  const nsOf = (name: string): number => {
    let i = namespaceIndex.get(name);
    if (i === undefined) {
      i = namespaces.length;
      namespaces.push(name);
      namespaceIndex.set(name, i);
    }
    return i;
  };
  const workloadKind: string[] = [];
  const workloadNamespace: number[] = [];
  const workloadName: string[] = [];
  const workloadIndex = new Map<string, number>();
  const pods = snapshot.pods;
  const podNamespace = new Int32Array(pods.length);
  const podWorkload = new Int32Array(pods.length);
  pods.forEach((pod, i) => {
    podNamespace[i] = nsOf(pod.namespace);
    const key = `${pod.workload.namespace}/${pod.workload.name}[${pod.workload.kind}]`;
    let w = workloadIndex.get(key);
    if (w === undefined) {
      w = workloadKind.length;
      workloadIndex.set(key, w);
      workloadKind.push(pod.workload.kind);
      workloadNamespace.push(nsOf(pod.workload.namespace));
      workloadName.push(pod.workload.name);
    }
    podWorkload[i] = w;
  });

  // Sparse kind-pair rows; port-set ids are renumbered densely over the ids actually used.
  const used = new Map<number, number>([
    [PortSetTable.EMPTY_ID, 0],
    [PortSetTable.ALL_ID, 1],
  ]);
  const portSets: PortSet[] = [PortSet.EMPTY, PortSet.ALL];
  const idOf = (id: number): number => {
    let kept = used.get(id);
    if (kept === undefined) {
      kept = portSets.length;
      used.set(id, kept);
      portSets.push(table.get(id));
    }
    return kept;
  };
  const rowStart = new Int32Array(pairs.srcKindCount + 1);
  const columns: number[] = [];
  const ids: number[] = [];
  for (let s = 0; s < pairs.srcKindCount; s++) {
    rowStart[s] = columns.length;
    for (let d = 0; d < pairs.dstKindCount; d++) {
      const id = kindCell(pairs, s, d);
      if (id === PortSetTable.EMPTY_ID) continue;
      columns.push(d);
      ids.push(idOf(id));
    }
  }
  rowStart[pairs.srcKindCount] = columns.length;

  const classCount = classes.length;
  // The direction tables' blocks (classes alike as subjects, atoms alike as peers) say which cells
  // to read; each is read through the state's accessors, whatever the tables' cell layout.
  const addressTable = (blocks: { subjectBlockOf: Int32Array; peerBlockOf: Int32Array }, cell: (c: number, atom: number) => number): StoredAddressTable => {
    const subjectBlockOf = new Int32Array(classCount);
    const subjectIds = new Map<number, number>();
    const firstClass: number[] = [];
    for (let c = 0; c < classCount; c++) {
      let block = subjectIds.get(blocks.subjectBlockOf[c]);
      if (block === undefined) {
        block = firstClass.length;
        subjectIds.set(blocks.subjectBlockOf[c], block);
        firstClass.push(c);
      }
      subjectBlockOf[c] = block;
    }
    const atomBlockOf = new Int32Array(atoms.count);
    const atomIds = new Map<number, number>();
    const firstAtom: number[] = [];
    for (let a = 0; a < atoms.count; a++) {
      let block = atomIds.get(blocks.peerBlockOf[classCount + a]);
      if (block === undefined) {
        block = firstAtom.length;
        atomIds.set(blocks.peerBlockOf[classCount + a], block);
        firstAtom.push(a);
      }
      atomBlockOf[a] = block;
    }
    const cells = new Int32Array(firstClass.length * firstAtom.length);
    firstClass.forEach((c, s) => firstAtom.forEach((a, b) => (cells[s * firstAtom.length + b] = idOf(cell(c, a)))));
    return { subjectBlockOf, subjectBlockCount: firstClass.length, atomBlockOf, atomBlockCount: firstAtom.length, cells };
  };
  const egressTable = addressTable(state.parts.egress, (c, a) => state.classToAtom(c, a));
  const ingressTable = addressTable(state.parts.ingress, (c, a) => state.atomToClass(a, c));
  const isolation = classIsolation(snapshot, classes);
  const controllerCell = new Int32Array(classCount);
  for (let i = 0; i < classCount; i++) controllerCell[i] = idOf(state.controllerToClass(i));
  const { cni, enforcement, optionSources, clusterRanges } = state.network;
  return {
    formatVersion: STORED_FORMAT_VERSION,
    engineVersion,
    options: { ...state.options },
    network: { cni, enforcement: { ...enforcement }, optionSources: { ...optionSources }, clusterRanges: { podCIDRs: [...clusterRanges.podCIDRs], serviceCIDRs: [...clusterRanges.serviceCIDRs] } },
    diagnostics: [...state.diagnostics],
    namespaces,
    workloadKind,
    workloadNamespace: Int32Array.from(workloadNamespace),
    workloadName,
    podName: pods.map((p) => p.name),
    podNamespace,
    podWorkload,
    podClass: Int32Array.from(classOfPod),
    classLabels: classes.map((c) => c.labels),
    classIsolation: isolation,
    controllerCell,
    portSets,
    srcKindOf: Int32Array.from(pairs.srcKindOf),
    dstKindOf: Int32Array.from(pairs.dstKindOf),
    srcKindCount: pairs.srcKindCount,
    dstKindCount: pairs.dstKindCount,
    rowStart,
    columns: Int32Array.from(columns),
    ids: Int32Array.from(ids),
    atoms: [...atoms.atoms],
    egress: egressTable,
    ingress: ingressTable,
  };
}

// ---------------------------------------------------------------- binary form

const MAGIC = 0x50535231; // "PSR1"
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const ARRAYS = [
  'workloadNamespace',
  'podNamespace',
  'podWorkload',
  'podClass',
  'controllerCell',
  'srcKindOf',
  'dstKindOf',
  'rowStart',
  'columns',
  'ids',
  'egress.subjectBlockOf',
  'egress.atomBlockOf',
  'egress.cells',
  'ingress.subjectBlockOf',
  'ingress.atomBlockOf',
  'ingress.cells',
] as const;

type ArrayName = (typeof ARRAYS)[number];

function arrayOf(r: StoredResult, name: ArrayName): Int32Array {
  const [first, second] = name.split('.') as [keyof StoredResult, string?];
  const value = r[first] as unknown;
  return (second ? (value as Record<string, Int32Array>)[second] : value) as Int32Array;
}

interface Header {
  formatVersion: number;
  engineVersion: string;
  options: AnalysisOptions;
  network: NetworkContext;
  diagnostics: Diagnostic[];
  namespaces: string[];
  workloadKind: string[];
  workloadName: string[];
  podName: string[];
  classLabels: Labels[];
  /** Base64 of the per-class isolation bytes. */
  classIsolation: string;
  /** Entries of every port set but EMPTY and ALL (ids 0 and 1). */
  portSets: PortEntry[][];
  srcKindCount: number;
  dstKindCount: number;
  /** [family, from (hex), to (hex)]. */
  atoms: [IpFamily, string, string][];
  egress: { subjectBlockCount: number; atomBlockCount: number };
  ingress: { subjectBlockCount: number; atomBlockCount: number };
  /** Element count of each array of ARRAYS, in order. */
  lengths: number[];
}

/**
 * Binary form: magic, header length, the JSON header (names, labels, port sets, atoms), then the
 * integer arrays little-endian, all gzip-compressed.
 */
export function encodeStoredResult(r: StoredResult): Buffer {
  const header: Header = {
    formatVersion: r.formatVersion,
    engineVersion: r.engineVersion,
    options: r.options,
    network: r.network,
    diagnostics: r.diagnostics,
    namespaces: r.namespaces,
    workloadKind: r.workloadKind,
    workloadName: r.workloadName,
    podName: r.podName,
    classLabels: r.classLabels,
    classIsolation: Buffer.from(r.classIsolation).toString('base64'),
    portSets: r.portSets.slice(2).map((p) => p.toEntries()),
    srcKindCount: r.srcKindCount,
    dstKindCount: r.dstKindCount,
    atoms: r.atoms.map((a) => [a.family, a.from.toString(16), a.to.toString(16)]),
    egress: { subjectBlockCount: r.egress.subjectBlockCount, atomBlockCount: r.egress.atomBlockCount },
    ingress: { subjectBlockCount: r.ingress.subjectBlockCount, atomBlockCount: r.ingress.atomBlockCount },
    lengths: ARRAYS.map((name) => arrayOf(r, name).length),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = (json.length + 3) & ~3;
  const total = 8 + padded + header.lengths.reduce((sum, n) => sum + n * 4, 0);
  const out = Buffer.alloc(total);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  let offset = 8 + padded;
  for (const name of ARRAYS) {
    const array = arrayOf(r, name);
    if (LITTLE_ENDIAN) out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
    else for (let i = 0; i < array.length; i++) out.writeInt32LE(array[i], offset + i * 4);
    offset += array.byteLength;
  }
  return gzipSync(out, { level: 6 });
}

export class StoredResultFormatError extends Error {}

export function decodeStoredResult(data: Uint8Array): StoredResult {
  const raw = gunzipSync(data);
  if (raw.length < 8 || raw.readUInt32LE(0) !== MAGIC) throw new StoredResultFormatError('not a stored result');
  const jsonLength = raw.readUInt32LE(4);
  const header = JSON.parse(raw.toString('utf8', 8, 8 + jsonLength)) as Header;
  if (header.formatVersion !== STORED_FORMAT_VERSION) throw new StoredResultFormatError(`stored result format ${header.formatVersion}, expected ${STORED_FORMAT_VERSION}`);
  // A fresh, aligned copy of the integer part: the gunzipped buffer may sit at any byte offset.
  let offset = 8 + ((jsonLength + 3) & ~3);
  const arrays = new Map<ArrayName, Int32Array>();
  ARRAYS.forEach((name, i) => {
    const length = header.lengths[i];
    const array = new Int32Array(length);
    if (LITTLE_ENDIAN) new Uint8Array(array.buffer).set(raw.subarray(offset, offset + length * 4));
    else for (let j = 0; j < length; j++) array[j] = raw.readInt32LE(offset + j * 4);
    arrays.set(name, array);
    offset += length * 4;
  });
  const get = (name: ArrayName): Int32Array => arrays.get(name)!;
  return {
    formatVersion: header.formatVersion,
    engineVersion: header.engineVersion,
    options: header.options,
    network: header.network,
    diagnostics: header.diagnostics,
    namespaces: header.namespaces,
    workloadKind: header.workloadKind,
    workloadNamespace: get('workloadNamespace'),
    workloadName: header.workloadName,
    podName: header.podName,
    podNamespace: get('podNamespace'),
    podWorkload: get('podWorkload'),
    podClass: get('podClass'),
    classLabels: header.classLabels,
    classIsolation: new Uint8Array(Buffer.from(header.classIsolation, 'base64')),
    controllerCell: get('controllerCell'),
    portSets: [PortSet.EMPTY, PortSet.ALL, ...header.portSets.map((entries) => PortSet.fromEntries(entries))],
    srcKindOf: get('srcKindOf'),
    dstKindOf: get('dstKindOf'),
    srcKindCount: header.srcKindCount,
    dstKindCount: header.dstKindCount,
    rowStart: get('rowStart'),
    columns: get('columns'),
    ids: get('ids'),
    atoms: header.atoms.map(([family, from, to]) => ({ family, from: BigInt(`0x${from}`), to: BigInt(`0x${to}`) })),
    egress: { ...header.egress, subjectBlockOf: get('egress.subjectBlockOf'), atomBlockOf: get('egress.atomBlockOf'), cells: get('egress.cells') },
    ingress: { ...header.ingress, subjectBlockOf: get('ingress.subjectBlockOf'), atomBlockOf: get('ingress.atomBlockOf'), cells: get('ingress.cells') },
  };
}
