import fc from 'fast-check';
import { parseDocuments } from '../../../src/engine/parse/index.js';
import { codes, fatalOnes, parseText } from './helpers.js';

const podYaml = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: x\nspec:\n  containers: []\n`;
const nsYaml = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n';

describe('reading documents', () => {
  it('reads every document of a multi-document YAML file', () => {
    const result = parseText([nsYaml, podYaml('a'), podYaml('b')].join('---\n'));
    expect(result.fatal).toBe(false);
    expect(result.snapshot.pods.map((p) => p.name)).toEqual(['a', 'b']);
    expect(result.objects.map((o) => o.document)).toEqual([0, 1, 2]);
  });

  it('ignores empty and null documents', () => {
    const result = parseText(`---\n# only a comment\n---\n${nsYaml}---\nnull\n---\n~\n---\n`);
    expect(result.diagnostics).toEqual([]);
    expect(result.snapshot.namespaces.map((n) => n.name)).toEqual(['x']);
  });

  it('reads a JSON object, a JSON array and a YAML top-level sequence', () => {
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } };
    const other = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'y' } };
    expect(parseText(JSON.stringify(namespace)).snapshot.namespaces.map((n) => n.name)).toEqual(['x']);
    const array = parseText(`  \n${JSON.stringify([namespace, other])}`);
    expect(array.snapshot.namespaces.map((n) => n.name)).toEqual(['x', 'y']);
    expect(array.objects.map((o) => o.item)).toEqual([0, 1]);
    const sequence = parseText('- apiVersion: v1\n  kind: Namespace\n  metadata: {name: x}\n');
    expect(sequence.snapshot.namespaces.map((n) => n.name)).toEqual(['x']);
  });

  it('flattens List, *List and nested List kinds, recording the item index', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } },
        { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'y' } }] },
        { apiVersion: 'v1', kind: 'NamespaceList', items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'z' } }] },
      ],
    };
    const result = parseText(JSON.stringify(list));
    expect(result.fatal).toBe(false);
    expect(result.snapshot.namespaces.map((n) => n.name)).toEqual(['x', 'y', 'z']);
    expect(result.objects[0].item).toBe(0);
  });

  it('gives items of a typed list without kind the list element kind (API server PodList)', () => {
    const list = { apiVersion: 'v1', kind: 'PodList', items: [{ metadata: { name: 'a', namespace: 'x' }, spec: { containers: [] } }] };
    const result = parseText(JSON.stringify(list));
    expect(result.fatal).toBe(false);
    expect(result.snapshot.pods.map((p) => p.name)).toEqual(['a']);
  });

  it('falls back to YAML when text starting with { is not JSON (flow mapping)', () => {
    const result = parseText('{apiVersion: v1, kind: Namespace, metadata: {name: x}}');
    expect(result.fatal).toBe(false);
    expect(result.snapshot.namespaces.map((n) => n.name)).toEqual(['x']);
  });

  it('reports a YAML syntax error as fatal with the document index and line', () => {
    const result = parseText(`${nsYaml}---\nkind: Pod\nmetadata: [unclosed\n`);
    const [error] = fatalOnes(result);
    expect(error.code).toBe('yaml.syntax');
    expect(error.document).toBe(1);
    expect(error.file).toBe('input.yaml');
    expect(error.message).toMatch(/line \d+/);
    expect(result.fatal).toBe(true);
  });

  it('rejects a scalar document', () => {
    const result = parseText(`${nsYaml}---\njust a string\n`);
    expect(fatalOnes(result)).toMatchObject([{ code: 'document.not-object', document: 1 }]);
  });

  it('stops alias expansion at maxAliasCount (billion laughs)', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`);
    }
    const result = parseText(lines.join('\n'));
    expect(codes(result, 'fatal')).toEqual(['yaml.alias-limit']);
  });

  it('allows a few aliases below the limit', () => {
    const result = parseText('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n  labels: &l {a: b}\n  annotations: *l\n');
    expect(result.fatal).toBe(false);
  });

  it('enforces the per-document and total size limits', () => {
    const big = parseText(nsYaml, { maxDocumentBytes: 10 });
    expect(codes(big, 'fatal')).toEqual(['limit.document-size']);
    const total = parseDocuments(
      [
        { name: 'a.yaml', content: nsYaml },
        { name: 'b.yaml', content: nsYaml },
      ],
      { maxTotalBytes: nsYaml.length + 5 },
    );
    expect(fatalOnes(total)).toMatchObject([{ code: 'limit.total-size', file: 'b.yaml' }]);
  });

  it('enforces the object count and nesting depth limits', () => {
    expect(codes(parseText([podYaml('a'), podYaml('b'), podYaml('c')].join('---\n'), { maxObjects: 2 }), 'fatal')).toEqual(['limit.objects']);
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = { n: deep };
    const result = parseText(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' }, deep }));
    expect(codes(result, 'fatal')).toEqual(['limit.depth']);
  });

  it('reports an object without kind or apiVersion as fatal', () => {
    const result = parseText('apiVersion: v1\nmetadata: {name: a}\n---\nkind: Pod\nmetadata: {name: b}\n');
    expect(fatalOnes(result)).toMatchObject([
      { code: 'object.kind.missing', document: 0 },
      { code: 'object.apiVersion.missing', document: 1 },
    ]);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const result = parseText(text);
        expect(result.fatal).toBe(result.diagnostics.some((d) => d.severity === 'fatal'));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const result = parseText(JSON.stringify(value));
        expect(Array.isArray(result.diagnostics)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
