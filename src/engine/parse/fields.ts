// Typed reads of untrusted JSON values. Each reader returns `undefined` when the field is absent
// (missing or null) or has the wrong type; a wrong type or a missing required field is reported
// as a fatal diagnostic at the exact field path, so callers only handle the happy path.

import { fatal, type Decoder } from './diagnostics.js';

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function typeError(d: Decoder, path: string, expected: string, value: unknown): undefined {
  fatal(d, 'object.field.type', path, `expected ${expected}, got ${describeValue(value)}`);
  return undefined;
}

export function required(d: Decoder, path: string): undefined {
  fatal(d, 'object.field.required', path, 'required field is missing');
  return undefined;
}

export function child(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function at(path: string, index: number): string {
  return `${path}[${index}]`;
}

export function readRecord(d: Decoder, value: unknown, path: string): JsonRecord | undefined {
  if (isAbsent(value)) return undefined;
  return isRecord(value) ? value : typeError(d, path, 'an object', value);
}

export function readArray(d: Decoder, value: unknown, path: string): unknown[] | undefined {
  if (isAbsent(value)) return undefined;
  return Array.isArray(value) ? value : typeError(d, path, 'a list', value);
}

export function readString(d: Decoder, value: unknown, path: string): string | undefined {
  if (isAbsent(value)) return undefined;
  return typeof value === 'string' ? value : typeError(d, path, 'a string', value);
}

export function readBoolean(d: Decoder, value: unknown, path: string): boolean | undefined {
  if (isAbsent(value)) return undefined;
  return typeof value === 'boolean' ? value : typeError(d, path, 'a boolean', value);
}

export function readInteger(d: Decoder, value: unknown, path: string): number | undefined {
  if (isAbsent(value)) return undefined;
  return typeof value === 'number' && Number.isInteger(value) ? value : typeError(d, path, 'an integer', value);
}

export function requireRecord(d: Decoder, value: unknown, path: string): JsonRecord | undefined {
  return isAbsent(value) ? required(d, path) : readRecord(d, value, path);
}

export function requireString(d: Decoder, value: unknown, path: string): string | undefined {
  if (isAbsent(value) || value === '') return required(d, path);
  return readString(d, value, path);
}

export function requireInteger(d: Decoder, value: unknown, path: string): number | undefined {
  return isAbsent(value) ? required(d, path) : readInteger(d, value, path);
}

/** A non-empty list (Kubernetes `MinItems=1`). */
export function requireNonEmptyArray(d: Decoder, value: unknown, path: string): unknown[] | undefined {
  const list = isAbsent(value) ? required(d, path) : readArray(d, value, path);
  if (list && list.length === 0) {
    fatal(d, 'object.field.required', path, 'must contain at least one entry');
    return undefined;
  }
  return list;
}

/** A map of strings such as labels or a Service selector. */
export function readStringMap(d: Decoder, value: unknown, path: string): Record<string, string> | undefined {
  const record = readRecord(d, value, path);
  if (!record) return undefined;
  for (const key in record) {
    if (typeof record[key] !== 'string') {
      typeError(d, child(path, key), 'a string', record[key]);
      return undefined;
    }
  }
  return record as Record<string, string>;
}

export function readStringList(d: Decoder, value: unknown, path: string): string[] | undefined {
  const list = readArray(d, value, path);
  if (!list) return undefined;
  for (let i = 0; i < list.length; i++) {
    if (typeof list[i] !== 'string') {
      typeError(d, at(path, i), 'a string', list[i]);
      return undefined;
    }
  }
  return list as string[];
}

/** Exactly one of `keys` must be set (Kubernetes `MinProperties=1,MaxProperties=1` unions). */
export function oneOf<K extends string>(d: Decoder, record: JsonRecord, keys: readonly K[], path: string): K | undefined {
  const present = keys.filter((key) => !isAbsent(record[key]));
  if (present.length === 1) return present[0];
  const others = Object.keys(record).filter((key) => !isAbsent(record[key]));
  const detail =
    present.length === 0
      ? `exactly one of ${keys.join(', ')} must be set${others.length ? ` (found unsupported ${others.join(', ')})` : ''}`
      : `only one of ${present.join(', ')} may be set`;
  fatal(d, present.length === 0 ? 'object.field.required' : 'object.field.exclusive', path, detail);
  return undefined;
}
