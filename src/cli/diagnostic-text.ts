// Diagnostics as one line each, `path: document N: field.path: message`, so editors and CI logs
// can point at the spot. Document and item numbers are the 0-based indexes of the diagnostic.

import type { Diagnostic } from '../engine/index.js';

export function diagnosticText(d: Diagnostic): string {
  // Some messages (YAML syntax errors) already start with their location, line included: the
  // prefix would only repeat it.
  if (d.file !== undefined && d.message.startsWith(`${d.file}:`)) return d.message;
  const where: string[] = [];
  if (d.file !== undefined) where.push(d.file);
  if (d.document !== undefined) where.push(`document ${d.document}`);
  if (d.item !== undefined) where.push(`item ${d.item}`);
  if (d.object !== undefined && d.file === undefined) where.push(d.object);
  // Parser messages start with their field path already.
  if (d.path !== undefined && d.path !== '' && !d.message.startsWith(`${d.path}: `)) where.push(d.path);
  return [...where, d.message].join(': ');
}

/** Fatal diagnostics as they are, warnings prefixed; info diagnostics are not printed. */
export function diagnosticLines(diagnostics: readonly Diagnostic[]): string[] {
  const out: string[] = [];
  for (const d of diagnostics) {
    if (d.severity === 'fatal') out.push(`${diagnosticText(d)}\n`);
    else if (d.severity === 'warning') out.push(`warning: ${diagnosticText(d)}\n`);
  }
  return out;
}
