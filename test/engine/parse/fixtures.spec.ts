import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocuments, type ValidationMode } from '../../../src/engine/parse/index.js';
import type { Diagnostic } from '../../../src/engine/model.js';

// One folder per bad (or tricky) input: `input.yaml` or `input.json`, and `expected.json` listing
// every diagnostic expected, in order, by the fields it pins (and optionally `validation`, the mode).
const root = fileURLToPath(new URL('../../fixtures/parse/', import.meta.url));
const PINNED = ['severity', 'code', 'document', 'item', 'path', 'object'] as const;

interface Expected {
  fatal: boolean;
  diagnostics: Partial<Diagnostic>[];
  /** The validation mode to read the input with (default: the parser's, strict). */
  validation?: ValidationMode;
}

function pin(diagnostic: Diagnostic, keys: readonly string[]): Partial<Diagnostic> {
  const pinned: Record<string, unknown> = {};
  for (const key of PINNED) if (keys.includes(key) || (key !== 'object' && diagnostic[key] !== undefined)) pinned[key] = diagnostic[key];
  return pinned as Partial<Diagnostic>;
}

const cases = readdirSync(root).filter((name) => existsSync(join(root, name, 'expected.json')));

describe('parse fixtures', () => {
  it('has fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases)('%s', (name) => {
    const inputName = ['input.yaml', 'input.json'].find((file) => existsSync(join(root, name, file)));
    expect(inputName).toBeDefined();
    const content = readFileSync(join(root, name, inputName as string), 'utf8');
    const expected = JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as Expected;
    const result = parseDocuments([{ name: inputName as string, content }], expected.validation ? { validation: expected.validation } : {});
    const actual = result.diagnostics.map((d, i) => pin(d, Object.keys(expected.diagnostics[i] ?? {})));
    expect(actual).toEqual(expected.diagnostics);
    expect(result.fatal).toBe(expected.fatal);
    for (const diagnostic of result.diagnostics) expect(diagnostic.file).toBe(inputName);
  });
});
