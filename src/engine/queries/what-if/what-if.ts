// What-if: a snapshot with proposed manifests added (or replacing the objects of the same kind,
// namespace and name) and named objects removed, analysed with the same options and compared
// with the snapshot as it is: the connectivity diff with causes, the exposure delta, new and
// resolved findings, and how each intent's violations change. Nothing is stored: the result is
// plain data. The change is applied to the snapshot model, so a proposed workload's pods are the
// ones built from its template (live pods of a replaced workload are dropped).

import { analyze, connectivity } from '../../analysis/index.js';
import { stateOf, type Analysis } from '../../analysis/state.js';
import { diffAnalyses } from '../../diff/index.js';
import type { Diagnostic, PodModel, RawObject, SnapshotModel, SourceDocument } from '../../model.js';
import { parseDocuments } from '../../parse/index.js';
import type { ConnectionChange, ConnectivityResult, DiffResult, Endpoint, Granularity } from '../../result.js';
import { endpointText } from '../../render/endpoint-text.js';
import type { FindingsDelta, IntentDelta } from '../../diff/risk-deltas.js';
import type { Intent } from '../intents/format.js';
import { internetExposure } from '../internet.js';

export const POLICY_KINDS: readonly string[] = ['NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'];
const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy']);

export interface WhatIfArgs {
  /** Proposed manifests (YAML or JSON), each object adding to or replacing the snapshot's of the same kind, namespace and name. */
  documents: SourceDocument[];
  /** Objects to take out: `Kind namespace/name`, or `Kind name` for cluster-scoped kinds. */
  remove?: string[];
  /** The snapshot's policy objects as stored (for field-by-field policy changes); optional. */
  policies?: RawObject[];
  /** Intents to compare before and after (the cluster's, in the service). */
  intents?: Intent[];
  /** Default `workload`. */
  granularity?: Granularity;
}

export interface WhatIfError {
  error: string;
  reason: 'invalid' | 'unknown';
  argument: 'documents' | 'remove' | 'granularity';
  /** The proposed documents' fatal problems (document name and index, field path). */
  diagnostics: Diagnostic[];
}

export interface WhatIfResult {
  granularity: Granularity;
  /** What the proposal changes: objects added, replaced and removed, as `Kind ns/name`. */
  applied: { added: string[]; replaced: string[]; removed: string[] };
  changes: ConnectionChange[];
  policies: DiffResult['policies'];
  exposure: DiffResult['exposure'] & { newlyInternetExposed: Endpoint[]; noLongerInternetExposed: Endpoint[] };
  findings: FindingsDelta;
  /** Per intent (when intents were given), in their order. */
  intents: IntentDelta[];
  unexplainedChanges: number;
  /** Warnings about the proposed documents. */
  diagnostics: Diagnostic[];
}

function keyOf(kind: string, namespace: string | null, name: string): string {
  return CLUSTER_SCOPED.has(kind) || !namespace ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
}

const REMOVAL = /^([A-Za-z]+)\s+(?:([^/\s]+)\/)?([^/\s]+)$/;

/** The connectivity of the unchanged snapshot, once per analysis and granularity. */
const baseConnectivity = new WeakMap<Analysis, Partial<Record<Granularity, ConnectivityResult>>>();

function connectivityOf(analysis: Analysis, granularity: Granularity, name: string): ConnectivityResult {
  const cached = baseConnectivity.get(analysis)?.[granularity];
  if (cached) return cached;
  const result = connectivity(analysis, granularity, name);
  baseConnectivity.set(analysis, { ...baseConnectivity.get(analysis), [granularity]: result });
  return result;
}

/** Base objects present, by key, from the model (the snapshot's raw objects are not kept with an analysis). */
function modelKeys(s: SnapshotModel): Set<string> {
  const keys = new Set<string>();
  for (const n of s.namespaces) if (!n.assumed) keys.add(keyOf('Namespace', null, n.name));
  for (const n of s.nodes) keys.add(keyOf('Node', null, n.name));
  for (const p of s.pods) {
    if (!p.representative) keys.add(keyOf('Pod', p.namespace, p.name));
    keys.add(keyOf(p.workload.kind, p.workload.namespace, p.workload.name));
  }
  for (const x of s.services) keys.add(keyOf('Service', x.namespace, x.name));
  for (const r of s.ingressRoutes) keys.add(keyOf(r.source.kind, r.source.namespace, r.source.name));
  for (const p of s.networkPolicies) keys.add(keyOf('NetworkPolicy', p.namespace, p.name));
  for (const p of s.adminPolicies) keys.add(keyOf(p.kind, null, p.name));
  return keys;
}

function podGone(p: PodModel, gone: Set<string>): boolean {
  return gone.has(keyOf('Pod', p.namespace, p.name)) || gone.has(keyOf(p.workload.kind, p.workload.namespace, p.workload.name));
}

function merge(base: SnapshotModel, proposal: SnapshotModel, gone: Set<string>): SnapshotModel {
  const namespaces = base.namespaces.filter((n) => !gone.has(keyOf('Namespace', null, n.name)));
  const known = new Set(namespaces.map((n) => n.name));
  for (const n of proposal.namespaces) {
    if (n.assumed && known.has(n.name)) continue;
    const i = namespaces.findIndex((m) => m.name === n.name);
    if (i >= 0) namespaces.splice(i, 1);
    namespaces.push(n);
  }
  return {
    ...base,
    namespaces,
    nodes: [...base.nodes.filter((n) => !gone.has(keyOf('Node', null, n.name))), ...proposal.nodes],
    pods: [...base.pods.filter((p) => !podGone(p, gone)), ...proposal.pods],
    services: [...base.services.filter((x) => !gone.has(keyOf('Service', x.namespace, x.name))), ...proposal.services],
    ingressRoutes: [...base.ingressRoutes.filter((r) => !gone.has(keyOf(r.source.kind, r.source.namespace, r.source.name))), ...proposal.ingressRoutes],
    networkPolicies: [...base.networkPolicies.filter((p) => !gone.has(keyOf('NetworkPolicy', p.namespace, p.name))), ...proposal.networkPolicies],
    adminPolicies: [...base.adminPolicies.filter((p) => !gone.has(keyOf(p.kind, null, p.name))), ...proposal.adminPolicies],
  };
}

function internetDelta(before: ConnectivityResult, after: ConnectivityResult): { newlyInternetExposed: Endpoint[]; noLongerInternetExposed: Endpoint[] } {
  const g = before.granularity;
  const was = internetExposure(before).map((e) => e.endpoint);
  const is = internetExposure(after).map((e) => e.endpoint);
  const wasKeys = new Set(was.map((e) => endpointText(e, g)));
  const isKeys = new Set(is.map((e) => endpointText(e, g)));
  return { newlyInternetExposed: is.filter((e) => !wasKeys.has(endpointText(e, g))), noLongerInternetExposed: was.filter((e) => !isKeys.has(endpointText(e, g))) };
}

/** The proposal applied to the analysed snapshot, compared with it; an error when the proposal is malformed. */
export function whatIf(analysis: Analysis, args: WhatIfArgs): WhatIfResult | WhatIfError {
  const state = stateOf(analysis);
  const granularity = args.granularity ?? 'workload';
  if (!['pod', 'workload', 'namespace'].includes(granularity)) return { error: 'granularity must be pod, workload or namespace', reason: 'invalid', argument: 'granularity', diagnostics: [] };
  const parsed = parseDocuments(args.documents ?? [], { validation: 'strict' });
  if (parsed.fatal) {
    const fatal = parsed.diagnostics.filter((d) => d.severity === 'fatal');
    const first = fatal[0];
    const where = first ? `${first.file ?? 'document'}${first.document !== undefined ? ` document ${first.document}` : ''}${first.path ? ` field ${first.path}` : ''}` : '';
    return { error: `the proposed manifests are not valid: ${where}: ${first?.message ?? 'unreadable'}`, reason: 'invalid', argument: 'documents', diagnostics: fatal };
  }
  const base = state.parts.intended?.parts.snapshot ?? state.parts.snapshot;
  const present = modelKeys(base);
  const removed: string[] = [];
  for (const [i, text] of (args.remove ?? []).entries()) {
    const m = REMOVAL.exec(text.trim());
    if (m === null) return { error: `remove[${i}] "${text}" is not "Kind namespace/name" or "Kind name"`, reason: 'invalid', argument: 'remove', diagnostics: [] };
    const key = keyOf(m[1], m[2] ?? null, m[3]);
    if (!present.has(key)) return { error: `remove[${i}]: no ${key} in the snapshot`, reason: 'unknown', argument: 'remove', diagnostics: [] };
    removed.push(key);
  }
  const proposedKeys = parsed.objects.map((o) => keyOf(o.kind, o.namespace, o.name));
  const replaced = proposedKeys.filter((k) => present.has(k));
  const added = proposedKeys.filter((k) => !present.has(k));
  const gone = new Set([...removed, ...replaced]);
  const merged = merge(base, parsed.snapshot, gone);
  const next = analyze(merged, { ...state.options, enforcement: state.network.enforcement.mode });

  const basePolicies = (args.policies ?? []).filter((o) => POLICY_KINDS.includes(o.kind));
  const nextPolicies = [...basePolicies.filter((o) => !gone.has(keyOf(o.kind, o.namespace, o.name))), ...parsed.objects.filter((o) => POLICY_KINDS.includes(o.kind))];
  const before = connectivityOf(analysis, granularity, 'current');
  const after = connectivity(next, granularity, 'proposed');
  // The diff's review delta (findings, intents) is the one a diff of two snapshots gives.
  const diff = diffAnalyses(
    { analysis, objects: basePolicies, side: { snapshot: 'current' }, connectivity: before },
    { analysis: next, objects: nextPolicies, side: { snapshot: 'proposed' }, connectivity: after },
    granularity,
    { intents: args.intents ?? [] },
  );
  return {
    granularity,
    applied: { added, replaced, removed },
    changes: diff.changes,
    policies: diff.policies,
    exposure: { ...diff.exposure, ...internetDelta(before, after) },
    findings: diff.findings ?? { new: [], resolved: [] },
    intents: diff.intents ?? [],
    unexplainedChanges: diff.unexplainedChanges,
    diagnostics: parsed.diagnostics.filter((d) => d.severity !== 'fatal'),
  };
}
