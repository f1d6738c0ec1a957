// Semantic diff of two connectivity results (never of two YAML trees): which pairs gained, lost
// or changed connections, which policy objects changed, and which endpoints became reachable
// from, or unreachable to, the outside.

import type { RawObject } from '../model.js';
import type { IpInterval } from '../sets/ip-set.js';
import { PortSet } from '../sets/port-set.js';
import type { ConnectionChange, ConnectivityResult, DiffResult, Endpoint, Granularity } from '../result.js';
import { endpointText, externalAddresses, isExternal, isOutside, portSetOf } from '../render/endpoint-text.js';
import { sortedChanges } from '../render/diff-order.js';
import { atomKey, buildAtomIndex, mergeAtoms, type AtomIndex } from './external-atoms.js';
import { policyChanges } from './policy-changes.js';
import { exposureChanges } from './exposure.js';

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

export function diffConnectivity(
  before: ConnectivityResult,
  after: ConnectivityResult,
  policies?: { before: readonly RawObject[]; after: readonly RawObject[] },
): DiffResult {
  // Results of two granularities cannot be compared pair by pair; callers pass equal ones, and
  // the `before` granularity names the keys.
  const g = before.granularity;
  const atoms = buildAtomIndex(
    [...before.connections, ...after.connections].flatMap((c) => [c.src, c.dst]),
  );
  const knownBefore = knownEndpoints(before, g);
  const knownAfter = knownEndpoints(after, g);
  const changes: ConnectionChange[] = mergeExternalAtoms(
    atomicChanges(atomicConnections(before, atoms, g), atomicConnections(after, atoms, g)),
  ).map((c) => ({
    type: c.type,
    src: c.src,
    dst: c.dst,
    before: conns(c.before),
    after: conns(c.after),
    note: noteFor(c.type, c.src, c.dst, knownBefore, knownAfter, g),
  }));
  return {
    from: before.snapshot,
    to: after.snapshot,
    granularity: g,
    changes: sortedChanges(changes, g),
    policies:
      policies === undefined ? { added: [], removed: [], modified: [] } : policyChanges(policies.before, policies.after),
    exposure: exposureChanges(before, after, g),
  };
}
