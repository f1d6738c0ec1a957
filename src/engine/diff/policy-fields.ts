// Field-level diff of a modified policy: the user-written part of both objects (see
// `comparablePart`) compared structurally by microdiff. Lists are compared index by index, as
// Kubernetes stores them: a rule inserted at the top shows as every later rule changed, never as
// a move. Object keys are compared whatever their order; the output is sorted by path.

import microdiff, { type Difference } from 'microdiff';
import type { FieldChange } from '../result.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `spec.ingress[0].ports[0].port`; a key that is not an identifier is quoted: `metadata.labels["app.kubernetes.io/name"]`. */
export function fieldPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Array indices in number order, keys in code-unit order. */
function comparePaths(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    const sx = String(x);
    const sy = String(y);
    return sx < sy ? -1 : sx > sy ? 1 : 0;
  }
  return a.length - b.length;
}

function fieldChange(d: Difference): FieldChange {
  const path = fieldPath(d.path);
  switch (d.type) {
    case 'CREATE':
      return { path, type: 'added', after: d.value };
    case 'REMOVE':
      return { path, type: 'removed', before: d.oldValue };
    case 'CHANGE':
      return { path, type: 'changed', before: d.oldValue, after: d.value };
  }
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

/** Every field that differs between two policy objects (already reduced to what a user wrote). */
export function policyFieldChanges(before: unknown, after: unknown): FieldChange[] {
  if (!isContainer(before) || !isContainer(after)) {
    return before === after ? [] : [{ path: '', type: 'changed', before, after }];
  }
  return microdiff(before, after)
    .sort((a, b) => comparePaths(a.path, b.path))
    .map(fieldChange);
}

/** `spec.ingress[0].ports[0].port: 80 → 8080`, `spec.ingress[0].from[1] added: {...}`. */
export function fieldChangeText(change: FieldChange): string {
  const value = (v: unknown) => JSON.stringify(v) ?? 'undefined';
  switch (change.type) {
    case 'added':
      return `${change.path} added: ${value(change.after)}`;
    case 'removed':
      return `${change.path} removed (was ${value(change.before)})`;
    case 'changed':
      return `${change.path}: ${value(change.before)} → ${value(change.after)}`;
  }
}
