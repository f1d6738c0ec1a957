// Where a problem was found, and the one place diagnostics are created, so every diagnostic of
// the parser carries the same location fields.

import type { Diagnostic, Severity } from '../model.js';
import type { ValidationMode } from './validation.js';

export interface Location {
  file: string;
  document: number;
  item?: number;
  /** `Kind ns/name` once known. */
  object?: string;
}

/**
 * Collects diagnostics; `failed` tells whether the object currently being decoded is left out (a
 * fatal diagnostic, or an invalid value that a lenient validation mode skips the object for).
 */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];
  failed = false;

  constructor(readonly validation: ValidationMode = 'strict') {}

  report(severity: Severity, code: string, message: string, at: Location | undefined, path?: string): void {
    const diagnostic: Diagnostic = { severity, code, message };
    if (at) {
      diagnostic.file = at.file;
      diagnostic.document = at.document;
      if (at.item !== undefined) diagnostic.item = at.item;
      if (at.object !== undefined) diagnostic.object = at.object;
    }
    if (path !== undefined && path !== '') diagnostic.path = path;
    if (severity === 'fatal') this.failed = true;
    this.diagnostics.push(diagnostic);
  }
}

/** The cursor used while decoding one object: the sink plus the object's location. */
export interface Decoder {
  sink: DiagnosticSink;
  at: Location;
}

export function fatal(d: Decoder, code: string, path: string, message: string): void {
  d.sink.report('fatal', code, `${path}: ${message}`, d.at, path);
}

export function warn(d: Decoder, code: string, path: string | undefined, message: string): void {
  d.sink.report('warning', code, path ? `${path}: ${message}` : message, d.at, path);
}
