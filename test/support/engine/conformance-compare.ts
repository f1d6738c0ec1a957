// Comparing engine results with the conformance expectations: pod truth tables (k8s-e2e),
// workload connectivity lists and diffs (np-guard).

import {
  type ConnectivityResult,
  type Connection,
  type DiffResult,
  type Diagnostic,
  type ParseResult,
  PortSet,
  parseDocuments,
} from '../../../src/engine/index.js';
import { readSource } from './conformance-data.js';
import type { NpGuardDiffEntry, NpGuardEdge, PodTruthTable } from './conformance-data.js';
import { type Row, type ValueKind, parseNpGuardEndpoint, parseOurEndpoint, podText } from './np-guard-format.js';

/**
 * Read as np-guard and the Kubernetes e2e tests read their inputs: leniently (`warn`), since one
 * np-guard input has a mis-cased `containerport` (as upstream wrote it), and its golden output ignores that port.
 */
export function parseFiles(files: readonly string[]): ParseResult {
  return parseDocuments(files.map(readSource), { validation: 'warn' });
}

/** Fatal diagnostics as short lines, for an assertion that names them. */
export function fatalDiagnostics(result: ParseResult): string[] {
  return result.diagnostics.filter((d: Diagnostic) => d.severity === 'fatal').map(describeDiagnostic);
}

export function describeDiagnostic(d: Diagnostic): string {
  return `${d.severity} ${d.code}${d.object ? ` ${d.object}` : ''}${d.path ? ` ${d.path}` : ''}: ${d.message}`;
}

export function connectionPorts(connection: Pick<Connection, 'allPorts' | 'ports'>): PortSet {
  return connection.allPorts ? PortSet.ALL : PortSet.fromEntries(connection.ports);
}

// ---------------------------------------------------------------- k8s-e2e truth tables

/** `src dst PROTO/port: expected …, engine …` for every probe tuple on which the engine disagrees. */
export function truthTableMismatches(result: ConnectivityResult, table: PodTruthTable): string[] {
  const reported = new Map<string, PortSet>();
  for (const connection of result.connections) {
    const src = podText(connection.src);
    const dst = podText(connection.dst);
    if (src && dst) reported.set(`${src} ${dst}`, connectionPorts(connection));
  }
  const expectedAllowed = new Set(table.allowed.map(([src, dst, protocol, port]) => `${src} ${dst} ${protocol}/${port}`));
  const mismatches: string[] = [];
  for (const probe of table.probes) {
    for (const src of table.pods) {
      for (const dst of table.pods) {
        if (src === dst) continue;
        const tuple = `${src} ${dst} ${probe.protocol}/${probe.port}`;
        const expected = expectedAllowed.has(tuple);
        const actual = reported.get(`${src} ${dst}`)?.has(probe.protocol, probe.port) ?? false;
        if (expected !== actual) {
          mismatches.push(`${tuple}: expected ${expected ? 'allowed' : 'denied'}, engine ${actual ? 'allowed' : 'denied'}`);
        }
      }
    }
  }
  return mismatches;
}

// ---------------------------------------------------------------- np-guard connectivity lists

export const PORT_SET_VALUE: ValueKind<PortSet> = {
  equals: (a, b) => a.equals(b),
  show: (v) => `"${v.toString()}"`,
  absent: PortSet.EMPTY,
};

export function npGuardRows(edges: readonly NpGuardEdge[]): Row<PortSet>[] {
  return edges.map((edge) => ({
    src: parseNpGuardEndpoint(edge.src),
    dst: parseNpGuardEndpoint(edge.dst),
    value: PortSet.parse(edge.conn),
  }));
}

export function engineRows(result: ConnectivityResult): Row<PortSet>[] {
  return result.connections.map((connection) => ({
    src: parseOurEndpoint(connection.src),
    dst: parseOurEndpoint(connection.dst),
    value: connectionPorts(connection),
  }));
}

// ---------------------------------------------------------------- np-guard diffs

export type ChangeNote = 'workload added' | 'workload removed' | null;

export interface ChangeValue {
  type: 'added' | 'removed' | 'changed' | 'unchanged';
  before: PortSet;
  after: PortSet;
  note: ChangeNote;
}

export const CHANGE_VALUE: ValueKind<ChangeValue> = {
  equals: (a, b) => a.type === b.type && a.before.equals(b.before) && a.after.equals(b.after) && a.note === b.note,
  show: (v) =>
    v.type === 'unchanged'
      ? 'no change'
      : `${v.type} "${v.before.toString()}" -> "${v.after.toString()}"${v.note ? ` (${v.note})` : ''}`,
  absent: { type: 'unchanged', before: PortSet.EMPTY, after: PortSet.EMPTY, note: null },
};

/** np-guard's "workload x added" / "workload x and y removed" → our note. */
export function noteFromWorkloadsInfo(info: string | undefined): ChangeNote {
  if (!info) return null;
  if (/\badded$/.test(info)) return 'workload added';
  if (/\bremoved$/.test(info)) return 'workload removed';
  throw new Error(`unknown workloads_diff_info: ${info}`);
}

export function npGuardDiffRows(entries: readonly NpGuardDiffEntry[]): Row<ChangeValue>[] {
  return entries.map((entry) => ({
    src: parseNpGuardEndpoint(entry.src),
    dst: parseNpGuardEndpoint(entry.dst),
    value: {
      type: entry.diff_type,
      before: PortSet.parse(entry.before_conn),
      after: PortSet.parse(entry.after_conn),
      note: noteFromWorkloadsInfo(entry.workloads_diff_info),
    },
  }));
}

export function engineDiffRows(diff: DiffResult): Row<ChangeValue>[] {
  return diff.changes.map((change) => ({
    src: parseOurEndpoint(change.src),
    dst: parseOurEndpoint(change.dst),
    value: {
      type: change.type,
      before: change.before ? connectionPorts(change.before) : PortSet.EMPTY,
      after: change.after ? connectionPorts(change.after) : PortSet.EMPTY,
      note: change.note,
    },
  }));
}
