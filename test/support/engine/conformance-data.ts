// Reading the conformance data copied into the repository (test/conformance/data, see its README.md
// for where each case comes from and under which licence). The specs enumerate case folders at run
// time, so a new case costs no code. A missing folder is reported, never treated as "no cases".

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceDocument } from '../../../src/engine/index.js';

export type ConformanceSource = 'k8s-e2e' | 'np-guard';

/** The repository's own copy, found from this file, so the tests never depend on the working folder. */
export function conformanceRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../conformance/data');
}

/** Null when the folder is usable, otherwise a sentence saying what is missing. */
export function conformanceDataProblem(subfolder: string): string | null {
  const folder = path.join(conformanceRoot(), subfolder);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    return `conformance data folder ${folder} is missing: the conformance tests read it from test/conformance/data in the repository`;
  }
  if (listFolders(folder).length === 0) return `conformance data folder ${folder} holds no case folders`;
  return null;
}

function listFolders(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function caseNames(source: ConformanceSource): string[] {
  return listFolders(path.join(conformanceRoot(), 'cases', source));
}

export function diffCaseNames(): string[] {
  return listFolders(path.join(conformanceRoot(), 'diffs', 'np-guard'));
}

export function caseFolder(source: ConformanceSource, name: string): string {
  return path.join(conformanceRoot(), 'cases', source, name);
}

export function diffCaseFolder(name: string): string {
  return path.join(conformanceRoot(), 'diffs', 'np-guard', name);
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function readSource(file: string): SourceDocument {
  return { name: file, content: readFileSync(file, 'utf8') };
}

/**
 * A diff input path as written in diff.json. The README says "paths from this folder"; the data
 * writes them from the conformance root (`diffs/inputs/...`). Accept either, root first.
 */
export function resolveDiffInput(diffFolder: string, relative: string): string {
  const candidates = [path.resolve(conformanceRoot(), relative), path.resolve(diffFolder, relative)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`diff input ${relative} not found (tried ${candidates.join(', ')})`);
  return found;
}

// ---------------------------------------------------------------- expectation shapes

export interface Provenance {
  tags?: string[];
  depends_on_pod_ips?: boolean;
  notes?: string[];
}

export interface PodProbe {
  port: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

export interface PodTruthTable {
  granularity: 'pod';
  pods: string[];
  probes: PodProbe[];
  allowed: [string, string, PodProbe['protocol'], number][];
}

export interface NpGuardEdge {
  src: string;
  dst: string;
  conn: string;
}

export interface NpGuardExpectation {
  granularity: 'workload';
  edges: NpGuardEdge[];
  eval_checks?: NpGuardEdge[];
}

export interface NpGuardDiffEntry {
  diff_type: 'added' | 'removed' | 'changed';
  src: string;
  dst: string;
  before_conn: string;
  after_conn: string;
  workloads_diff_info?: string;
}

export interface NpGuardDiffCase {
  before: string;
  after: string;
  expected: { entries: NpGuardDiffEntry[] };
}
