// Which policy objects were added, removed or modified between two inputs. "Modified" compares
// the raw objects without what the API server writes by itself (resourceVersion, uid, status...),
// so re-exporting an unchanged cluster reports nothing.

import type { RawObject } from '../model.js';
import type { DiffResult } from '../result.js';
import { policyFieldChanges } from './policy-fields.js';

const POLICY_KINDS: ReadonlySet<string> = new Set([
  'NetworkPolicy',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterNetworkPolicy',
]);

/** Metadata set by the API server or by kubectl, and identity already in the name. */
const VOLATILE_METADATA = [
  'resourceVersion',
  'uid',
  'generation',
  'managedFields',
  'creationTimestamp',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'name',
  'namespace',
];
const VOLATILE_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted at every level, so that key order does not count as a change. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function withoutKeys(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const copy = { ...value };
  for (const k of keys) delete copy[k];
  return copy;
}

/** The part of a raw object that a user wrote. */
export function comparablePart(raw: unknown): unknown {
  if (!isPlainObject(raw)) return raw;
  const object = withoutKeys(raw, ['status']);
  if (isPlainObject(object.metadata)) {
    const metadata = withoutKeys(object.metadata, VOLATILE_METADATA);
    if (isPlainObject(metadata.annotations)) metadata.annotations = withoutKeys(metadata.annotations, VOLATILE_ANNOTATIONS);
    for (const k of ['labels', 'annotations']) {
      if (isPlainObject(metadata[k]) && Object.keys(metadata[k]).length === 0) delete metadata[k];
    }
    object.metadata = metadata;
  }
  return object;
}

export function policyName(o: RawObject): string {
  return o.namespace === null || o.namespace === '' ? `${o.kind} ${o.name}` : `${o.kind} ${o.namespace}/${o.name}`;
}

interface ComparablePolicy {
  /** Canonical JSON of `part`: equal texts, unchanged policy. */
  text: string;
  part: unknown;
}

function policiesByName(objects: readonly RawObject[]): Map<string, ComparablePolicy> {
  const out = new Map<string, ComparablePolicy>();
  for (const o of objects) {
    if (!POLICY_KINDS.has(o.kind)) continue;
    // Keys sorted at every level: field changes quote values the same whatever order the source
    // wrote them in (PostgreSQL's jsonb, for one, reorders keys).
    const text = canonicalJson(comparablePart(o.raw));
    out.set(policyName(o), { text, part: JSON.parse(text) as unknown });
  }
  return out;
}

function sortedStrings(values: Iterable<string>): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function policyChanges(before: readonly RawObject[], after: readonly RawObject[]): DiffResult['policies'] {
  const a = policiesByName(before);
  const b = policiesByName(after);
  const modified = sortedStrings([...b.keys()].filter((name) => a.has(name) && a.get(name)?.text !== b.get(name)?.text));
  return {
    added: sortedStrings([...b.keys()].filter((name) => !a.has(name))),
    removed: sortedStrings([...a.keys()].filter((name) => !b.has(name))),
    modified,
    fieldChanges: modified.map((policy) => ({
      policy,
      fields: policyFieldChanges(a.get(policy)?.part, b.get(policy)?.part),
    })),
  };
}
