import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { stringify } from 'yaml';
import { DiagnosticSink } from '../../../src/engine/parse/diagnostics.js';
import { loadYamlFast } from '../../../src/engine/parse/fast-yaml.js';
import { resolveLimits, type ParseLimits } from '../../../src/engine/parse/limits.js';
import { readSource, type RawEntry, type ReadState } from '../../../src/engine/parse/read-documents.js';
import { mayNeedFullYaml, splitYamlDocuments } from '../../../src/engine/parse/yaml-screens.js';
import { conformanceRoot } from '../../support/engine/conformance-data.js';
import { codes, fatalOnes, parseText } from './helpers.js';

// parseDocuments decodes exactly the entries and diagnostics readSource produces, so equal
// readings mean equal snapshots.
function read(content: string, yamlFastPath: boolean, limits?: Partial<ParseLimits>) {
  const state: ReadState = { limits: resolveLimits(limits), sink: new DiagnosticSink(), totalBytes: 0, objectCount: 0, stopped: false };
  const entries: RawEntry[] = [];
  readSource({ name: 'input.yaml', content }, state, entries, { yamlFastPath });
  return { entries, diagnostics: state.sink.diagnostics };
}

/** The fast reading, after checking that it equals the `yaml` package's reading. */
function readChecked(content: string, limits?: Partial<ParseLimits>) {
  const fast = read(content, true, limits);
  expect(fast).toEqual(read(content, false, limits));
  return fast;
}

const valuesOf = (content: string) => readChecked(content).entries.map((entry) => entry.value);

/** How many documents js-yaml read (the rest went to the `yaml` package). */
function fastCount(content: string): number {
  return (loadYamlFast(content) ?? []).filter((document) => document.kind === 'value').length;
}

const aliasBomb = (() => {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x}', 'data:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const previous = String.fromCharCode(96 + i);
    const current = String.fromCharCode(97 + i);
    lines.push(`  ${current}: &${current} [*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous}]`);
  }
  return lines.join('\n') + '\n';
})();

const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

describe('YAML fast path (js-yaml) against the yaml package', () => {
  describe('conformance inputs', () => {
    const root = join(conformanceRoot(), 'cases');
    const files = readdirSync(root).flatMap((source) =>
      readdirSync(join(root, source))
        .map((name) => join(root, source, name, 'resources.yaml'))
        .filter((file) => existsSync(file)),
    );

    it('finds the inputs', () => {
      expect(files.length).toBeGreaterThan(50);
    });

    it.each(files)('%s reads the same, on the fast path', (file) => {
      const content = readFileSync(file, 'utf8');
      const fast = readChecked(content);
      expect(fast.entries.length).toBeGreaterThan(0);
      expect(fastCount(content)).toBe(splitYamlDocuments(content)?.length);
    });
  });

  it('reads generated manifests the same (differential property)', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('on', 'off', 'yes', 'no', 'y', 'null', '~', '', '0755', '0o755', '0x1F', '0b1', '+0x1', '1e3', '+.5', '-.5e-3', '.inf', '.NaN', '2024-01-01', '2024-01-01T00:00:00Z', '1_000', 'True', 'a && b', 'sh -c "x && y"', '*.example.com', 'if ! x; then y; fi', '${A}:${B}', '{"a":[1]}', 'a #b', 'line\nnext', ' lead', '---', '...', '%x', '? q', '&a', '*a', '!t'),
    );
    const key = fc.constantFrom('app', 'on', 'yes', 'null', '1', 'a b', 'k:{"type":"Ready"}', '.', '<<', '*', '[x]', 'f:metadata');
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 3 })),
    })).node;
    const manifest = fc.record({ apiVersion: fc.constant('v1'), kind: fc.constantFrom('Pod', 'ConfigMap'), metadata: fc.record({ name: text, labels: fc.dictionary(key, text, { maxKeys: 3 }) }), data: value });
    const emitters: ((value: unknown) => string)[] = [
      (v) => stringify(v),
      (v) => stringify(v, { collectionStyle: 'flow' }),
      (v) => stringify(v, { lineWidth: 20, minContentWidth: 0, defaultStringType: 'QUOTE_DOUBLE' }),
      (v) => dump(v, { lineWidth: 20 }),
      (v) => dump(v, { noArrayIndent: true }),
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(manifest, fc.nat(emitters.length - 1)), { minLength: 1, maxLength: 3 }), (documents) => {
        const content = documents.map(([object, emitter]) => emitters[emitter](object)).join('---\n');
        expect(read(content, true)).toEqual(read(content, false));
      }),
      { numRuns: 300 },
    );
  });

  it('gives line-less structure the same reading on hand-made streams (differential property)', () => {
    const word = fc.constantFrom('a', 'on', '1', '"q"', "'s'", '[]', '{}', '[a, b]', '|', '>-', '&x', '*x', '!!str', '#c', 'x: y', '"', '-', '?', ':', '---', '...', '%');
    const line = fc
      .tuple(fc.nat(5), fc.constantFrom('k: ', 'k:', '- ', '- k: ', '', '? ', ': ', '- - ', '---', '#'), fc.array(word, { maxLength: 3 }))
      .map(([indent, head, words]) => ' '.repeat(indent) + head + words.join(' '));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.boolean(), (lines, crlf) => {
        const content = lines.join(crlf ? '\r\n' : '\n');
        expect(read(content, true)).toEqual(read(content, false));
      }),
      { numRuns: 500 },
    );
  });

  describe('YAML 1.2 core schema', () => {
    it('keeps on/yes/no/off/y and timestamps as strings, reads 0755 as decimal and 0o755 as octal', () => {
      const [value] = valuesOf('apiVersion: v1\nkind: ConfigMap\non: yes\nno: off\ny: n\nmode: 0755\noctal: 0o755\nhex: 0x1F\nwhen: 2024-01-01\nat: 2024-01-01T10:00:00Z\n');
      expect(value).toMatchObject({ on: 'yes', no: 'off', y: 'n', mode: 755, octal: 0o755, hex: 31, when: '2024-01-01', at: '2024-01-01T10:00:00Z' });
    });

    it('reads the core schema nulls, booleans and floats, and keeps the non-core forms as strings', () => {
      const [value] = valuesOf('kind: X\nn1: ~\nn2: Null\nn3:\nb1: True\nb2: FALSE\nf1: 1e3\nf2: .5\nf3: -.inf\nf4: +.5\nbin: 0b1\nsigned: +0x1\nscore: 1_000\nmerge: {<<: {a: 1}}\n');
      expect(value).toEqual({ kind: 'X', n1: null, n2: null, n3: null, b1: true, b2: false, f1: 1000, f2: 0.5, f3: -Infinity, f4: 0.5, bin: '0b1', signed: '+0x1', score: '1_000', merge: { '<<': { a: 1 } } });
    });

    it('keeps quoted scalars strings', () => {
      const [value] = valuesOf('kind: X\na: "true"\nb: \'80\'\nc: "null"\n');
      expect(value).toEqual({ kind: 'X', a: 'true', b: '80', c: 'null' });
    });
  });

  describe('alias limit', () => {
    it('refuses an alias bomb with the yaml package diagnostic, without expanding it', () => {
      const content = `${namespace('a')}---\n${aliasBomb}`;
      expect(loadYamlFast(content)?.map((document) => document.kind)).toEqual(['value', 'declined']);
      const { diagnostics } = readChecked(content);
      expect(diagnostics).toEqual([expect.objectContaining({ severity: 'fatal', code: 'yaml.alias-limit', document: 1 })]);
      expect(codes(parseText(content), 'fatal')).toEqual(['yaml.alias-limit']);
    });

    it('still reads the other documents of the file', () => {
      const result = parseText(`${namespace('a')}---\n${aliasBomb}---\n${namespace('b')}`);
      expect(result.snapshot.namespaces.map((n) => n.name)).toEqual(['a', 'b']);
    });

    it('sends anchors and aliases in every position to the yaml package', () => {
      for (const text of ['a: &x 1\nb: *x\n', '- &x [1]\n- *x\n', '{a: &x 1, b: *x}\n', '[&x 1, *x]\n', '--- &x\n', 'a:\n  &x b: 1\n', '? &x a\n: *x\n']) {
        expect(mayNeedFullYaml(text)).toBe(true);
      }
    });

    it('keeps the fast path for & and * inside text (shell commands, wildcards, URLs)', () => {
      const content = 'kind: Pod\ncommand: ["sh", "-c", "a && b"]\nhosts: ["*.example.com", \'*\']\nurl: http://x?a=1&b=2\nrun: if ! x; then y; fi\n';
      expect(fastCount(content)).toBe(1);
      expect(valuesOf(content)).toHaveLength(1);
    });

    it('applies maxAliasCount as before to the aliases it allows', () => {
      const content = 'kind: X\nmetadata:\n  labels: &l {a: b}\n  annotations: *l\n';
      expect(readChecked(content, { maxAliasCount: 0 }).diagnostics.map((d) => d.code)).toEqual(['yaml.alias-limit']);
      expect(readChecked(content).entries[0].value).toMatchObject({ metadata: { labels: { a: 'b' }, annotations: { a: 'b' } } });
    });
  });

  describe('errors keep the yaml package diagnostics', () => {
    it('reports a duplicate key as fatal with its line, in the right document', () => {
      const content = `${namespace('a')}---\nkind: Pod\nmetadata:\n  name: x\n  name: y\n`;
      const { diagnostics } = readChecked(content);
      expect(diagnostics).toEqual([expect.objectContaining({ severity: 'fatal', code: 'yaml.syntax', document: 1 })]);
      expect(diagnostics[0].message).toMatch(/line 9/);
      expect(fatalOnes(parseText(content)).map((d) => d.code)).toEqual(['yaml.syntax']);
    });

    it('reports a syntax error in a late document with the line of the whole file', () => {
      const content = [namespace('a'), namespace('b'), 'kind: Pod\nmetadata: [unclosed\n', namespace('c')].join('---\n');
      const { diagnostics } = readChecked(content);
      expect(diagnostics.map((d) => [d.code, d.document])).toEqual([['yaml.syntax', 2]]);
      expect(diagnostics[0].message).toMatch(/line 1[0-9]/);
    });

    it.each([
      ['tab indentation', 'a: 1\n---\n\tyes\n'],
      ['empty nested sequence item', '- - \n- x\n'],
      ['indentation indicator', '|1\n- x\n'],
      ['comment glued to a quoted scalar', 'a: "b"#c\n'],
      ['comment glued to a flow collection', 'a: []#c\n'],
      ['quoted continuation not indented', '- k: "a\n b"\n'],
      ['compact mapping after an anchor', 'k: &a x: y\n'],
      ['anchor glued to a flow collection', 'k: &a[1]\n'],
    ])('%s: same diagnostics as the yaml package', (_name, content) => {
      const { diagnostics } = readChecked(content);
      expect(diagnostics.length).toBeGreaterThan(0);
    });
  });

  describe('document numbering', () => {
    it.each([
      ['comments before the first ---', `# header\n---\n${namespace('a')}---\n${namespace('b')}`],
      ['a leading --- and a trailing ---', `---\n${namespace('a')}---\n${namespace('b')}---\n`],
      ['empty documents between', `${namespace('a')}---\n---\n# only a comment\n---\n${namespace('b')}`],
      ['markers with comments and CRLF', `${namespace('a')}--- # next\r\n${namespace('b').replace(/\n/g, '\r\n')}`],
      ['a scalar document', `${namespace('a')}---\njust text\n`],
    ])('%s: same documents as the yaml package', (_name, content) => {
      const { entries } = readChecked(content);
      expect(entries.length).toBeGreaterThan(0);
      expect(fastCount(content)).toBeGreaterThan(0);
    });

    it.each([
      ['a %YAML 1.1 directive (1.1 booleans)', `%YAML 1.1\n---\nkind: X\non: yes\n`],
      ['a ... document end', `${namespace('a')}...\n---\n${namespace('b')}`],
      ['content on the --- line', `--- {kind: X}\n`],
      ['---x text', `kind: X\n---x: 1\n`],
      ['lone CR line breaks', 'kind: X\ra: 1\r'],
    ])('%s: the whole file goes to the yaml package', (_name, content) => {
      expect(loadYamlFast(content)).toBeUndefined();
      expect(read(content, true)).toEqual(read(content, false));
    });
  });

  describe('keys', () => {
    it.each([
      ['a null key', 'kind: X\n~: a\n'],
      ['a sequence key', 'kind: X\n[a, b]: c\n'],
      ['a one-item sequence key', 'kind: X\n[a]: c\n'],
      ['a mapping key', 'kind: X\n{a: 1}: c\n'],
      ['an explicit key', 'kind: X\n? a\n: c\n'],
      ['a tagged value', 'kind: X\na: !!str 1\n'],
    ])('%s: read by the yaml package', (_name, content) => {
      expect(fastCount(content)).toBe(0);
      expect(read(content, true)).toEqual(read(content, false));
    });

    it('reads managedFields keys on the fast path', () => {
      const content = 'kind: X\nf:\n  k:{"type":"Ready"}:\n    .: {}\n    f:status: {}\n';
      expect(fastCount(content)).toBe(1);
      expect(valuesOf(content)[0]).toEqual({ kind: 'X', f: { 'k:{"type":"Ready"}': { '.': {}, 'f:status': {} } } });
    });
  });
});
