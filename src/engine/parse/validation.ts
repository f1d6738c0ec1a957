// How strictly manifests are read, and the two kinds of problem the mode governs: fields the API
// does not define, and values outside an API enum. Everything else the parser checks (types,
// ranges, CIDRs, selectors' shape) is fatal whatever the mode, as the API server would reject it.

import { fatal, warn, type Decoder } from './diagnostics.js';
import { closest } from './suggest.js';

/** The modes a user chooses, as `kubectl apply --validate=strict|warn|ignore` and the API server's `fieldValidation`. */
export const VALIDATION_MODES = ['strict', 'warn', 'ignore'] as const;

/**
 * `strict` (the default, as the API server): an unknown field or an invalid enum value is fatal.
 * `warn`: an unknown field is a warning and the field is ignored (what the API server does with
 * `fieldValidation=Warn`); an object with an invalid enum value is left out with a warning (the
 * API server would reject it, so the cluster would not have it). `ignore`: unknown fields are
 * dropped silently; invalid enum values as in `warn`. `capture`: objects read from a live API
 * server, which accepted them: what the engine does not know comes from a newer API, so it is a
 * warning saying the verdicts may miss its effect.
 */
export type ValidationMode = (typeof VALIDATION_MODES)[number] | 'capture';

export const DEFAULT_VALIDATION: ValidationMode = 'strict';

const NEWER_API = 'the API server accepted it, so its API is newer than PolicyScope knows';

/** `; did you mean …?` with the nearest of `known`, or '' when none is near. */
function nearest(word: string, known: readonly string[]): string {
  const near = closest(word, known);
  return near === undefined ? '' : `; did you mean \`${near}\`?`;
}

/** When none is near: the fields of a small level, listed. */
function listed(known: readonly string[]): string {
  return known.length <= 8 ? `; known fields here: ${known.join(', ')}` : '';
}

/** For a field no known one is near, in a kind whose schema grows with each Kubernetes release. */
const NEWER_FIELD_HINT = '; a field of a Kubernetes release newer than 1.34 is read with validation `warn`';

/**
 * A key the schema of its object does not define, at `path` (the key's own path). `mayBeNewer`:
 * the kind is a built-in one that gains fields with each release (Pod, workloads, Service…).
 */
export function unknownField(d: Decoder, path: string, key: string, known: readonly string[], mayBeNewer = false): void {
  switch (d.sink.validation) {
    case 'ignore':
      return;
    case 'capture':
      warn(d, 'object.field.unknown', path, `unknown field \`${key}\`: ${NEWER_API}; the verdicts may miss its effect`);
      return;
    case 'warn':
      warn(d, 'object.field.unknown', path, `unknown field \`${key}\` (ignored)${nearest(key, known) || listed(known)}`);
      return;
    case 'strict':
      fatal(d, 'object.field.unknown', path, `unknown field \`${key}\`${nearest(key, known) || `${listed(known)}${mayBeNewer ? NEWER_FIELD_HINT : ''}`}`);
  }
}

/**
 * A value outside an API enum. `what` names it (`protocol`, `policy type`); `code` is the
 * diagnostic code. Fatal in strict mode; otherwise the object is left out with a warning.
 */
export function invalidEnumValue(d: Decoder, code: string, path: string, what: string, value: string, allowed: readonly string[]): void {
  const object = d.at.object ?? 'the object';
  const base = `unsupported ${what} ${JSON.stringify(value)} (${allowed.join(', ')})`;
  switch (d.sink.validation) {
    case 'strict':
      fatal(d, code, path, `${base}${nearest(value, allowed)}`);
      return;
    case 'capture':
      warn(d, code, path, `${base}: ${NEWER_API}; ${object} is left out and the verdicts may miss its effect`);
      break;
    default:
      warn(d, code, path, `${base}${nearest(value, allowed)}; the API server would reject ${object}, so it is left out`);
  }
  d.sink.failed = true;
}
