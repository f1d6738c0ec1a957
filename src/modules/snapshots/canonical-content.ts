import { createHash } from 'node:crypto';
import type { RawObject } from '../../engine/index.js';

/** JSON with object keys sorted, so that the same objects always give the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * sha256 of a snapshot's content: its objects in a fixed order with sorted keys. The same cluster
 * state uploaded as YAML or JSON, in any document order, hashes the same.
 */
export function contentSha256(objects: readonly RawObject[]): string {
  const keyed = objects.map((o) => ({ key: `${o.kind}\u0000${o.apiVersion}\u0000${o.namespace ?? ''}\u0000${o.name}`, text: canonicalJson(o.raw) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const hash = createHash('sha256');
  for (const k of keyed) hash.update(k.text).update('\n');
  return hash.digest('hex');
}
