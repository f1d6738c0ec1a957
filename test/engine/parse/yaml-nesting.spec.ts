import { parseDocuments } from '../../../src/engine/index.js';
import { findExcessiveNesting } from '../../../src/engine/parse/yaml-nesting.js';

// Hostile nesting must be refused before any YAML parser sees it: the `yaml` package overflows its
// stack on it, after which V8 can abort the whole process on a later parse. This file parses a valid
// document after each hostile one, in the same process: a regression kills the test worker.
const VALID = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: after}\n';

describe('YAML nesting guard', () => {
  it.each([
    ['flow sequences', '['.repeat(1000)],
    ['flow mappings', '{a: '.repeat(1000)],
    ['block sequences on one line', '- '.repeat(1000) + 'x'],
    ['complex keys on one line', '? '.repeat(1000) + 'x'],
    ['indentation', 'a:\n' + ' '.repeat(5000) + 'b: 1\n'],
  ])('refuses %s with limit.depth and keeps parsing afterwards', (_name, hostile) => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = parseDocuments([{ name: 'hostile.yaml', content: hostile }]);
      expect(result.fatal).toBe(true);
      expect(result.diagnostics[0]).toMatchObject({ severity: 'fatal', code: 'limit.depth', file: 'hostile.yaml', document: 0 });
    }
    const after = parseDocuments([{ name: 'ok.yaml', content: VALID }]);
    expect(after.fatal).toBe(false);
    expect(after.objects).toHaveLength(1);
  });

  it('counts nesting, not brackets inside quoted scalars or comments', () => {
    const quoted = `a: "${'['.repeat(200)}"\nb: '${'{'.repeat(200)}'\n# ${'['.repeat(200)}\n`;
    expect(findExcessiveNesting(quoted, 64)).toBeUndefined();
  });

  it('accepts nesting up to the limit and names the line where it is crossed', () => {
    expect(findExcessiveNesting('x: ' + '['.repeat(64) + ']'.repeat(64), 64)).toBeUndefined();
    expect(findExcessiveNesting('a: 1\nb: 2\nx: ' + '['.repeat(65) + ']'.repeat(65), 64)).toEqual({ line: 3, reason: 'flow collections nested deeper than 64' });
    expect(findExcessiveNesting('- '.repeat(64) + 'x', 64)).toBeUndefined();
  });

  it('leaves real manifests alone', () => {
    const deepButReal = 'spec:\n  template:\n    spec:\n      containers:\n      - name: c\n        ports:\n        - {containerPort: 80, name: "http[s]"}\n';
    expect(findExcessiveNesting(deepButReal, 64)).toBeUndefined();
  });
});
