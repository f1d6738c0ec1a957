// Per-case overrides of np-guard expectations (test/conformance/overrides/<case>.json). np-guard's
// golden files are a model of Kubernetes with known simplifications; where our engine is right
// per Kubernetes semantics and np-guard is not (or models less), the override states why, patches
// the upstream expectation, and pins our own answers with explicit checks, so the difference is
// explained in the test, never hidden.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Analysis, type Protocol, type SnapshotModel, explain } from '../../../src/engine/index.js';
import type { Family } from './address-ranges.js';
import { readJson } from './conformance-data.js';

export interface OverrideCheck {
  /** Diff cases: which input the check runs on (default `after`). */
  input?: 'before' | 'after';
  from: string;
  to: string;
  port: number;
  protocol: Protocol;
  allowed: boolean;
  /** Why this is the right answer per Kubernetes semantics and our documented options. */
  why: string;
}

export interface CaseOverride {
  /** Why our expectation differs from np-guard's. */
  reason: string;
  /** Address families compared (default IPv4 only, which is all np-guard models). */
  families?: Family[];
  /**
   * np-guard treats hostNetwork pods as ordinary pod-network pods; we follow the documented
   * `hostNetwork: 'node'` option (not policy subjects, matched only by addresses of their node).
   * With this flag the upstream list is compared under np-guard's model (the snapshot's
   * hostNetwork flags cleared), and `checks` pin our model's answers on the real snapshot.
   */
  hostNetworkAsPodNetwork?: boolean;
  /** Upstream rows (matched by exact src and dst text) that do not hold per Kubernetes semantics. */
  dropExpected?: { src: string; dst: string }[];
  /** Rows our richer model adds (same shape as the upstream rows). */
  addExpected?: Record<string, string>[];
  /** Diagnostic codes our engine must report for the input(s). */
  diagnosticCodes?: { input?: 'before' | 'after'; codes: string[] }[];
  checks?: OverrideCheck[];
}

export function overridesFolder(): string {
  return path.resolve(process.cwd(), 'test/conformance/overrides');
}

export function readOverride(caseName: string): CaseOverride | null {
  const file = path.join(overridesFolder(), `${caseName}.json`);
  return existsSync(file) ? readJson<CaseOverride>(file) : null;
}

/** The upstream rows with the override's drops and additions applied. */
export function patchExpected<R extends { src: string; dst: string }>(rows: readonly R[], override: CaseOverride | null): R[] {
  if (!override) return [...rows];
  const dropped = (row: R): boolean => (override.dropExpected ?? []).some((d) => d.src === row.src && d.dst === row.dst);
  return [...rows.filter((row) => !dropped(row)), ...((override.addExpected ?? []) as unknown as R[])];
}

/** np-guard's model of hostNetwork pods: ordinary pods on the pod network. */
export function asPodNetwork(snapshot: SnapshotModel): SnapshotModel {
  return { ...snapshot, pods: snapshot.pods.map((pod) => (pod.hostNetwork ? { ...pod, hostNetwork: false } : pod)) };
}

/** Checks whose engine answer differs from the override's, as readable lines. */
export function failedChecks(checks: readonly OverrideCheck[], analysisOf: (input: 'before' | 'after') => Analysis): string[] {
  return checks.flatMap((check) => {
    const result = explain(analysisOf(check.input ?? 'after'), check.from, check.to, check.port, check.protocol);
    const label = `${check.from} => ${check.to} ${check.protocol}/${check.port}`;
    if ('error' in result) return [`${label}: explain failed: ${result.error}`];
    return result.allowed === check.allowed ? [] : [`${label}: expected ${check.allowed ? 'allowed' : 'denied'} (${check.why}), engine ${result.allowed ? 'allowed' : 'denied'}`];
  });
}
