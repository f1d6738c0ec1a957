// Semantic diff of two connectivity results (never of two YAML trees): which pairs gained, lost
// or changed connections, which policy objects changed, and which endpoints became reachable
// from, or unreachable to, the outside. With both analyses (`diffAnalyses`), each change also
// says what caused it (./causes.ts).

import { connectivity } from '../analysis/index.js';
import { stateOf, type Analysis } from '../analysis/state.js';
import type { RawObject } from '../model.js';
import type { IpInterval } from '../sets/ip-set.js';
import { PortSet } from '../sets/port-set.js';
import type { Connection, ConnectionChange, ConnectivityResult, DiffResult, DiffSide, Endpoint, ExposurePathChange, Granularity } from '../result.js';
import { endpointText, externalAddresses, isExternal, isOutside, portSetOf } from '../render/endpoint-text.js';
import { sortedChanges } from '../render/diff-order.js';
import { atomKey, buildAtomIndex, mergeAtoms, type AtomIndex } from './external-atoms.js';
import { policyChanges } from './policy-changes.js';
import { exposureChanges } from './exposure.js';
import { explainChanges } from './causes.js';
import { findings } from '../queries/findings.js';
import { evaluateIntents } from '../queries/intents/evaluate.js';
import type { Intent } from '../queries/intents/format.js';
import { findingsDelta, intentDeltas } from './risk-deltas.js';
import { exposureWithReasons } from '../queries/exposure-reasons.js';

/** One side of a connection after cutting external blocks into atoms. */
interface Side {
  key: string;
  endpoint: Endpoint;
  /** Set when the side is one atom of an external block. */
  atom?: IpInterval;
}

interface AtomicConnection {
  src: Side;
  dst: Side;
  ports: PortSet;
}

function sidesOf(e: Endpoint, atoms: AtomIndex, g: Granularity): Side[] {
  if (!isExternal(e)) return [{ key: endpointText(e, g), endpoint: e }];
  return atoms.atomsOf(externalAddresses(e)).map((atom) => ({ key: `@${atomKey(atom)}`, endpoint: e, atom }));
}

/** Connections keyed by (src, dst) with external sides cut into atoms; repeated pairs are united. */
function atomicConnections(result: ConnectivityResult, atoms: AtomIndex, g: Granularity): Map<string, AtomicConnection> {
  const out = new Map<string, AtomicConnection>();
  for (const c of result.connections) {
    const ports = portSetOf(c.allPorts, c.ports);
    if (ports.isEmpty()) continue;
    for (const src of sidesOf(c.src, atoms, g)) {
      for (const dst of sidesOf(c.dst, atoms, g)) {
        const key = `${src.key}\u0000${dst.key}`;
        const existing = out.get(key);
        out.set(key, { src, dst, ports: existing === undefined ? ports : existing.ports.union(ports) });
      }
    }
  }
  return out;
}

function conns(ports: PortSet | null): ConnectionChange['before'] {
  if (ports === null) return null;
  return ports.isAll() ? { allPorts: true, ports: [] } : { allPorts: false, ports: ports.toEntries() };
}

/** Texts of every pod / workload / namespace the result knows of. */
function knownEndpoints(result: ConnectivityResult, g: Granularity): Set<string> {
  const known = new Set<string>();
  for (const e of result.endpoints ?? []) known.add(endpointText(e, g));
  for (const c of result.connections) {
    for (const e of [c.src, c.dst]) if (!isOutside(e)) known.add(endpointText(e, g));
  }
  return known;
}

interface AtomicChange {
  type: ConnectionChange['type'];
  src: Side;
  dst: Side;
  before: PortSet | null;
  after: PortSet | null;
}

function atomicChanges(before: Map<string, AtomicConnection>, after: Map<string, AtomicConnection>): AtomicChange[] {
  const out: AtomicChange[] = [];
  for (const [key, b] of before) {
    const a = after.get(key);
    if (a === undefined) out.push({ type: 'removed', src: b.src, dst: b.dst, before: b.ports, after: null });
    else if (!a.ports.equals(b.ports)) out.push({ type: 'changed', src: a.src, dst: a.dst, before: b.ports, after: a.ports });
  }
  for (const [key, a] of after) {
    if (!before.has(key)) out.push({ type: 'added', src: a.src, dst: a.dst, before: null, after: a.ports });
  }
  return out;
}

interface BlockChange {
  type: ConnectionChange['type'];
  src: Endpoint;
  dst: Endpoint;
  before: PortSet | null;
  after: PortSet | null;
}

/** Which side of a change is one external atom; null when none is, or (never from the analysis) both are. */
function externalSideOf(change: AtomicChange): 'src' | 'dst' | null {
  const srcIsAtom = change.src.atom !== undefined;
  const dstIsAtom = change.dst.atom !== undefined;
  if (srcIsAtom === dstIsAtom) return null;
  return srcIsAtom ? 'src' : 'dst';
}

function sideEndpoint(side: Side): Endpoint {
  return side.atom === undefined ? side.endpoint : mergeAtoms([side.atom])[0];
}

/** Atoms with the same change towards the same peer become maximal contiguous blocks again. */
function mergeExternalAtoms(changes: readonly AtomicChange[]): BlockChange[] {
  const groups = new Map<string, { change: AtomicChange; side: 'src' | 'dst' | null; atoms: IpInterval[] }>();
  for (const change of changes) {
    const side = externalSideOf(change);
    const groupKey = [
      change.type,
      side === 'src' ? '@' : change.src.key,
      side === 'dst' ? '@' : change.dst.key,
      change.before?.key() ?? '-',
      change.after?.key() ?? '-',
    ].join('\u0000');
    const group = groups.get(groupKey) ?? { change, side, atoms: [] };
    if (side !== null) group.atoms.push(change[side].atom as IpInterval);
    groups.set(groupKey, group);
  }
  const out: BlockChange[] = [];
  for (const { change, side, atoms } of groups.values()) {
    const base = { type: change.type, before: change.before, after: change.after };
    if (side === null) {
      out.push({ ...base, src: sideEndpoint(change.src), dst: sideEndpoint(change.dst) });
      continue;
    }
    for (const block of mergeAtoms(atoms)) {
      out.push({
        ...base,
        src: side === 'src' ? block : change.src.endpoint,
        dst: side === 'dst' ? block : change.dst.endpoint,
      });
    }
  }
  return out;
}

function noteFor(
  type: ConnectionChange['type'],
  src: Endpoint,
  dst: Endpoint,
  knownBefore: Set<string>,
  knownAfter: Set<string>,
  g: Granularity,
): ConnectionChange['note'] {
  const absentFrom = (known: Set<string>) =>
    [src, dst].some((e) => !isOutside(e) && !known.has(endpointText(e, g)));
  if (type === 'added' && absentFrom(knownBefore)) return 'workload added';
  if (type === 'removed' && absentFrom(knownAfter)) return 'workload removed';
  return null;
}

/** The internal side and direction of a connection with exactly one external side, else null. */
function externalGroupKey(c: Connection, g: Granularity): string | null {
  const srcExternal = isExternal(c.src);
  if (srcExternal === isExternal(c.dst)) return null;
  return srcExternal ? `from outside\u0000${endpointText(c.dst, g)}` : `to outside\u0000${endpointText(c.src, g)}`;
}

/** Per external group, its blocks and ports as one comparable text. */
function externalSignatures(result: ConnectivityResult, g: Granularity): Map<string, string> {
  const parts = new Map<string, string[]>();
  for (const c of result.connections) {
    const key = externalGroupKey(c, g);
    if (key === null) continue;
    const external = (isExternal(c.src) ? c.src : c.dst) as Parameters<typeof externalAddresses>[0];
    const text = `${externalAddresses(external).key()}=${portSetOf(c.allPorts, c.ports).key()}`;
    const list = parts.get(key);
    if (list === undefined) parts.set(key, [text]);
    else list.push(text);
  }
  return new Map([...parts].map(([key, texts]) => [key, texts.sort().join('\u0001')]));
}

/**
 * Both results without the external connections of the groups (an endpoint's connections to,
 * or from, the outside) that are the same in both: they cannot change, and cutting them into
 * address atoms was most of the work of diffing two large snapshots.
 */
function withoutUnchangedExternal(before: ConnectivityResult, after: ConnectivityResult, g: Granularity): [ConnectivityResult, ConnectivityResult] {
  const a = externalSignatures(before, g);
  const b = externalSignatures(after, g);
  const unchanged = new Set([...a].filter(([key, text]) => b.get(key) === text).map(([key]) => key));
  const keep = (r: ConnectivityResult): ConnectivityResult => ({
    ...r,
    connections: r.connections.filter((c) => {
      const key = externalGroupKey(c, g);
      return key === null || !unchanged.has(key);
    }),
  });
  return [keep(before), keep(after)];
}

/**
 * A diff told about other sides: what two contents' analyses differ in does not depend on which
 * snapshots carry them, so a diff kept per pair of contents is served for any pair of snapshots
 * with those contents by describing its sides anew.
 */
export function withSides(diff: DiffResult, sides: DiffResult['sides']): DiffResult {
  return { ...diff, from: sides.from.snapshot, to: sides.to.snapshot, sides, crossCluster: isCrossCluster(sides) };
}

/** Both clusters are known and differ. */
function isCrossCluster(sides: DiffResult['sides']): boolean {
  return sides.from.cluster !== undefined && sides.to.cluster !== undefined && sides.from.cluster !== sides.to.cluster;
}

/**
 * The diff of two connectivity results. Without analyses it cannot say why a connection changed:
 * use `diffAnalyses` when both analyses are at hand. `sides` describe the two snapshots
 * (default: their names only).
 */
export function diffConnectivity(
  before: ConnectivityResult,
  after: ConnectivityResult,
  policies?: { before: readonly RawObject[]; after: readonly RawObject[] },
  sides?: DiffResult['sides'],
): DiffResult {
  // Results of two granularities cannot be compared pair by pair; callers pass equal ones, and
  // the `before` granularity names the keys.
  const g = before.granularity;
  const [compareBefore, compareAfter] = withoutUnchangedExternal(before, after, g);
  const atoms = buildAtomIndex(
    [...compareBefore.connections, ...compareAfter.connections].flatMap((c) => [c.src, c.dst]),
  );
  const knownBefore = knownEndpoints(before, g);
  const knownAfter = knownEndpoints(after, g);
  const changes: ConnectionChange[] = mergeExternalAtoms(
    atomicChanges(atomicConnections(compareBefore, atoms, g), atomicConnections(compareAfter, atoms, g)),
  ).map((c) => ({
    type: c.type,
    src: c.src,
    dst: c.dst,
    before: conns(c.before),
    after: conns(c.after),
    note: noteFor(c.type, c.src, c.dst, knownBefore, knownAfter, g),
  }));
  const described = sides ?? { from: { snapshot: before.snapshot }, to: { snapshot: after.snapshot } };
  return {
    from: before.snapshot,
    to: after.snapshot,
    sides: described,
    crossCluster: isCrossCluster(described),
    granularity: g,
    changes: sortedChanges(changes, g),
    policies:
      policies === undefined
        ? { added: [], removed: [], modified: [], fieldChanges: [] }
        : policyChanges(policies.before, policies.after),
    exposure: exposureChanges(before, after, g),
    unexplainedChanges: 0,
  };
}

/** One side of `diffAnalyses`. */
export interface DiffInput {
  analysis: Analysis;
  /** The snapshot's objects (only policies are read; the others may be left out). */
  objects: readonly RawObject[];
  side: DiffSide;
  /** The analysis's connectivity at the diff's granularity, when the caller already has it. */
  connectivity?: ConnectivityResult;
}

/**
 * The diff of two analysed snapshots: `diffConnectivity` plus, on each change, the policy,
 * workload, label, Service or option changes that caused it (riskiest `MAX_EXPLAINED_CHANGES`
 * changes; see ./causes.ts).
 */
export function diffAnalyses(before: DiffInput, after: DiffInput, granularity: Granularity, review: { intents?: readonly Intent[] } = {}): DiffResult {
  const resultOf = (input: DiffInput) =>
    input.connectivity?.granularity === granularity ? input.connectivity : connectivity(input.analysis, granularity, input.side.snapshot);
  const [beforeResult, afterResult] = [resultOf(before), resultOf(after)];
  const diff = diffConnectivity(beforeResult, afterResult, { before: before.objects, after: after.objects }, { from: before.side, to: after.side });
  const explained = explainChanges(diff, stateOf(before.analysis), stateOf(after.analysis));
  if (granularity === 'workload') {
    explained.exposure = { ...explained.exposure, paths: exposurePaths(explained, { analysis: before.analysis, workload: beforeResult }, { analysis: after.analysis, workload: afterResult }) };
  }
  const intents = review.intents?.length ? intentDeltas(evaluateIntents(before.analysis, review.intents), evaluateIntents(after.analysis, review.intents)) : undefined;
  return { ...explained, findings: findingsDelta(findings(before.analysis), findings(after.analysis)), ...(intents ? { intents } : {}) };
}

/** An analysis and its workload connectivity, as the diff already has it. */
interface AnalysedSide {
  analysis: Analysis;
  workload: ConnectivityResult;
}

/** The exposure paths of the workloads a workload diff newly exposes (the after side's) or no longer exposes (the before side's). */
function exposurePaths(diff: DiffResult, before: AnalysedSide, after: AnalysedSide): ExposurePathChange[] {
  const paths: ExposurePathChange[] = [];
  const add = (endpoints: readonly Endpoint[], side: AnalysedSide, change: ExposurePathChange['change']) => {
    if (endpoints.length === 0) return;
    const wanted = new Set(endpoints.map((e) => endpointText(e, 'workload')));
    // The side's workload connectivity is the diff's own: not computed again.
    for (const e of exposureWithReasons(side.analysis, side.workload)) {
      if (wanted.has(endpointText(e.endpoint, 'workload'))) paths.push({ endpoint: e.endpoint, change, internet: e.internet, reasons: e.reasons });
    }
  };
  add(diff.exposure.newlyExposed, after, 'newly exposed');
  add(diff.exposure.noLongerExposed, before, 'no longer exposed');
  return paths;
}
