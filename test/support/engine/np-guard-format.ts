// Translating np-guard/netpol-analyzer's golden output into something comparable with ours.
// Their lists and ours name workloads the same way (`ns/name[Kind]`, `{ingress-controller}`), but
// they write external addresses as inclusive ranges split at every CIDR boundary of the input,
// while we report maximal blocks as CIDR covers. So rows are compared per (non-external side,
// address atom): both sides' ranges are cut into common atoms and each atom's value is compared.

import type { Endpoint } from '../../../src/engine/index.js';
import {
  type AddressRange,
  type Family,
  atomsOf,
  cidrRange,
  formatRange,
  parseRangeText,
  rangeCovers,
} from './address-ranges.js';

export const INGRESS_CONTROLLER = '{ingress-controller}';

export type ParsedEndpoint = { kind: 'external'; ranges: AddressRange[] } | { kind: 'named'; name: string };

const EXTERNAL_SUFFIX = '[External]';

/** `ns/name[Kind]`, `{ingress-controller}`, or `A.B.C.D-E.F.G.H[External]` (several comma-separated allowed in overrides). */
export function parseNpGuardEndpoint(text: string): ParsedEndpoint {
  if (text.endsWith(EXTERNAL_SUFFIX)) {
    const body = text.slice(0, -EXTERNAL_SUFFIX.length);
    return { kind: 'external', ranges: body.split(',').map((part) => parseRangeText(part.trim())) };
  }
  return { kind: 'named', name: text };
}

/** Our endpoint in np-guard's naming (externals as address ranges). */
export function parseOurEndpoint(endpoint: Endpoint): ParsedEndpoint {
  switch (endpoint.kind) {
    case 'External':
      return { kind: 'external', ranges: (endpoint as { cidrs: string[] }).cidrs.map(cidrRange) };
    case 'IngressController':
      return { kind: 'named', name: INGRESS_CONTROLLER };
    case 'Namespace':
      return { kind: 'named', name: `${(endpoint as { name: string }).name}[Namespace]` };
    case 'Pod': {
      const pod = endpoint as { namespace: string; name: string };
      return { kind: 'named', name: `${pod.namespace}/${pod.name}[Pod]` };
    }
    default: {
      const workload = endpoint as { kind: string; namespace: string; name: string };
      return { kind: 'named', name: `${workload.namespace}/${workload.name}[${workload.kind}]` };
    }
  }
}

/** Pod text form `ns/name` (pod granularity). */
export function podText(endpoint: Endpoint): string | null {
  if (endpoint.kind !== 'Pod') return null;
  const pod = endpoint as { namespace: string; name: string };
  return `${pod.namespace}/${pod.name}`;
}

export interface Row<V> {
  src: ParsedEndpoint;
  dst: ParsedEndpoint;
  value: V;
}

export interface ValueKind<V> {
  equals(a: V, b: V): boolean;
  show(v: V): string;
  /** The value of a pair that is absent from a list (e.g. no connection, or no change). */
  absent: V;
}

export interface CompareScope {
  /** Address families compared; np-guard models IPv4 only. */
  families: readonly Family[];
}

interface KeyedRanges<V> {
  named: Map<string, V[]>;
  /** key `ext=>name` or `name=>ext` → list of (range, value). */
  external: Map<string, { range: AddressRange; value: V }[]>;
}

function index<V>(rows: readonly Row<V>[], problems: string[], label: string): KeyedRanges<V> {
  const named = new Map<string, V[]>();
  const external = new Map<string, { range: AddressRange; value: V }[]>();
  for (const row of rows) {
    const { src, dst } = row;
    if (src.kind === 'named' && dst.kind === 'named') {
      const key = `${src.name} => ${dst.name}`;
      named.set(key, [...(named.get(key) ?? []), row.value]);
    } else if (src.kind === 'external' && dst.kind === 'named') {
      const key = `<external> => ${dst.name}`;
      external.set(key, [...(external.get(key) ?? []), ...src.ranges.map((range) => ({ range, value: row.value }))]);
    } else if (src.kind === 'named' && dst.kind === 'external') {
      const key = `${src.name} => <external>`;
      external.set(key, [...(external.get(key) ?? []), ...dst.ranges.map((range) => ({ range, value: row.value }))]);
    } else {
      problems.push(`${label}: external-to-external row`);
    }
  }
  for (const [key, values] of named) if (values.length > 1) problems.push(`${label}: ${values.length} rows for ${key}`);
  return { named, external };
}

/**
 * Compares two row lists; returns human-readable differences (empty when equal). Externals are
 * compared per address atom within the scope's families, adjacent atoms with the same verdicts
 * merged for display.
 */
export function compareRows<V>(
  expected: readonly Row<V>[],
  actual: readonly Row<V>[],
  kind: ValueKind<V>,
  scope: CompareScope,
): string[] {
  const problems: string[] = [];
  const exp = index(expected, problems, 'expected');
  const act = index(actual, problems, 'engine');
  const describe = (v: V | undefined): string => kind.show(v ?? kind.absent);

  const namedKeys = [...new Set([...exp.named.keys(), ...act.named.keys()])].sort();
  for (const key of namedKeys) {
    const e = exp.named.get(key)?.[0] ?? kind.absent;
    const a = act.named.get(key)?.[0] ?? kind.absent;
    if (!kind.equals(e, a)) problems.push(`${key} : expected ${describe(e)}, engine ${describe(a)}`);
  }

  const externalKeys = [...new Set([...exp.external.keys(), ...act.external.keys()])].sort();
  for (const key of externalKeys) {
    const inScope = (entry: { range: AddressRange }): boolean => scope.families.includes(entry.range.family);
    const e = (exp.external.get(key) ?? []).filter(inScope);
    const a = (act.external.get(key) ?? []).filter(inScope);
    const valueAt = (entries: typeof e, atom: AddressRange, label: string): V => {
      const covering = entries.filter((entry) => rangeCovers(entry.range, atom));
      if (covering.length > 1) problems.push(`${label}: overlapping external blocks at ${formatRange(atom)} for ${key}`);
      return covering[0]?.value ?? kind.absent;
    };
    let pending: { atom: AddressRange; e: V; a: V } | null = null;
    const flush = (): void => {
      if (pending) {
        const text = key.replace('<external>', `${formatRange(pending.atom)}[External]`);
        problems.push(`${text} : expected ${describe(pending.e)}, engine ${describe(pending.a)}`);
      }
      pending = null;
    };
    for (const atom of atomsOf([...e, ...a].map((entry) => entry.range))) {
      const ev = valueAt(e, atom, 'expected');
      const av = valueAt(a, atom, 'engine');
      if (kind.equals(ev, av)) {
        flush();
        continue;
      }
      const current = pending as { atom: AddressRange; e: V; a: V } | null;
      if (
        current &&
        current.atom.family === atom.family &&
        current.atom.hi + 1n === atom.lo &&
        kind.equals(current.e, ev) &&
        kind.equals(current.a, av)
      ) {
        current.atom = { ...current.atom, hi: atom.hi };
      } else {
        flush();
        pending = { atom, e: ev, a: av };
      }
    }
    flush();
  }
  return problems;
}

/** At most `limit` lines plus a count of the rest, for failure messages. */
export function firstLines(lines: readonly string[], limit = 25): string[] {
  return lines.length <= limit ? [...lines] : [...lines.slice(0, limit), `… and ${lines.length - limit} more`];
}
