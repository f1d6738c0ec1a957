// Large JSON lists read item by item (parseDocuments with keepRaw: false) must give exactly what
// reading the whole text gives: same snapshot, objects (but `raw`) and diagnostics, in the same
// order; and any text the splitter is not sure of is read as a whole.
import { parseDocuments, type ParseOptions } from '../../../src/engine/parse/index.js';
import { splitJsonList } from '../../../src/engine/parse/read-documents.js';
import type { ParseResult, SourceDocument } from '../../../src/engine/model.js';
import { netpol, ns, pod } from './helpers.js';

/** Enough pods to pass the 1 MB below which JSON is always parsed whole. */
function manyPods(count: number): object[] {
  return Array.from({ length: count }, (_, i) =>
    pod(`p-${i}`, { namespace: `ns-${i % 7}`, labels: { app: `a${i % 13}` }, status: { phase: 'Running', podIP: `10.0.${Math.floor(i / 250)}.${i % 250}`, message: 'quote"and\\backslash]}' } }),
  );
}

const BIG = 4000;

function withoutRaw(result: ParseResult): ParseResult {
  return { ...result, objects: result.objects.map((object) => ({ ...object, raw: null })) };
}

/** Item by item (keepRaw false) against the whole text (keepRaw true, raw dropped afterwards). */
function expectSameReading(docs: SourceDocument[], options: ParseOptions = {}): ParseResult {
  const split = parseDocuments(docs, { ...options, keepRaw: false });
  const whole = withoutRaw(parseDocuments(docs, { ...options, keepRaw: true }));
  expect(split).toEqual(whole);
  return split;
}

describe('large JSON lists, item by item', () => {
  it('reads a kubectl-style List (kind after items) as the whole text does', () => {
    // kubectl prints apiVersion, items, kind, metadata: the kind is known only after the items.
    const text = `{\n  "apiVersion": "v1",\n  "items": ${JSON.stringify([ns('ns-0'), ...manyPods(BIG), netpol('deny', { podSelector: {} }, 'ns-1')], null, 1)},\n  "kind": "List",\n  "metadata": {"resourceVersion": ""}\n}\n`;
    expect(text.length).toBeGreaterThan(1 << 20);
    expect(splitJsonList(text)?.itemStart).toHaveLength(BIG + 2);
    const result = expectSameReading([{ name: 'big.json', content: text }]);
    expect(result.fatal).toBe(false);
    expect(result.snapshot.pods).toHaveLength(BIG);
    expect(result.objects[BIG].item).toBe(BIG);
  });

  it('gives PodList items their kind and flattens nested lists', () => {
    const items = manyPods(BIG).map((p, i) => (i === 5 ? { apiVersion: 'v1', kind: 'List', items: [ns('inner')] } : { ...p, kind: undefined, apiVersion: undefined }));
    const text = JSON.stringify({ kind: 'PodList', apiVersion: 'v1', items });
    const result = expectSameReading([{ name: 'pods.json', content: text }]);
    expect(result.snapshot.pods).toHaveLength(BIG - 1);
    expect(result.snapshot.namespaces.map((n) => n.name)).toContain('inner');
  });

  it('keeps diagnostics and their order: reading problems first, then each object in turn', () => {
    const items: unknown[] = manyPods(BIG);
    items[10] = 'not an object';
    items[20] = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad', namespace: 'x' }, spec: { containers: 'oops' } };
    items[30] = { kind: 'Widget', apiVersion: 'example.com/v1', metadata: { name: 'w' } };
    const docs = [
      { name: 'big.json', content: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) },
      { name: 'second.yaml', content: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: later\n---\n- 1\n' },
    ];
    const result = expectSameReading(docs, { validation: 'warn' });
    const codes = result.diagnostics.map((d) => d.code);
    expect(codes.indexOf('document.not-object')).toBeLessThan(codes.indexOf('object.field.type'));
    expect(result.diagnostics.find((d) => d.code === 'document.not-object')).toMatchObject({ file: 'big.json', item: 10 });
  });

  it('stops at the object limit as the whole reading does', () => {
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manyPods(BIG) });
    const result = expectSameReading([{ name: 'big.json', content: text }], { maxObjects: 100 });
    expect(result.diagnostics.map((d) => d.code)).toContain('limit.objects');
  });

  it('reads again as a whole when an item is not JSON (a YAML flow mapping), with the same result', () => {
    const good = JSON.stringify(manyPods(BIG)).slice(1, -1);
    const text = `{"apiVersion": "v1", "kind": "List", "items": [${good}, {apiVersion: v1, kind: Namespace, metadata: {name: flow}}]}`;
    // The glue is JSON, so the items are cut; the last one fails only when it is parsed.
    expect(splitJsonList(text)?.itemStart).toHaveLength(BIG + 1);
    const result = expectSameReading([{ name: 'mixed.json', content: text }]);
    expect(result.fatal).toBe(false);
    expect(result.snapshot.namespaces.map((n) => n.name)).toContain('flow');
  });

  it('reports a broken large JSON file as the whole reading does', () => {
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manyPods(BIG) }).replace('"p-17"', '"p-17');
    const result = expectSameReading([{ name: 'broken.json', content: text }]);
    expect(result.fatal).toBe(true);
  });
});

describe('splitJsonList', () => {
  it('cuts items at their own brackets, whatever their strings hold', () => {
    const items = [{ a: 'x]}"\\' }, [1, [2]], 'text', 3.5e2, null, true, { b: { c: ['}'] } }];
    const text = '\uFEFF' + JSON.stringify({ kind: 'List', apiVersion: 'v1', items, metadata: { x: 1 } }, null, 2);
    const parts = splitJsonList(text);
    expect(parts?.head).toEqual({ kind: 'List', apiVersion: 'v1', metadata: { x: 1 } });
    expect(parts?.itemStart.map((start, i) => JSON.parse(text.slice(start, parts.itemEnd[i])))).toEqual(items);
  });

  it('reads an empty list', () => {
    expect(splitJsonList('{"kind":"List","items":[ ]}')).toEqual({ head: { kind: 'List' }, itemStart: [], itemEnd: [] });
  });

  it.each([
    ['not an object', '[{"kind":"List","items":[]}]'],
    ['no items', '{"kind":"List"}'],
    ['items not a list', '{"kind":"List","items":{}}'],
    ['not a list kind', '{"kind":"Pod","items":[]}'],
    ['items twice', '{"kind":"List","items":[],"items":[{}]}'],
    ['__proto__ key', '{"kind":"List","__proto__":{},"items":[]}'],
    ['text after the object', '{"kind":"List","items":[]} x'],
    ['a missing comma', '{"kind":"List" "items":[]}'],
    ['an unclosed item', '{"kind":"List","items":[{"a":1]}'],
    ['a bad head value', '{"kind":"List","metadata":{a:1},"items":[]}'],
    ['an unquoted key', '{kind:"List","items":[]}'],
  ])('declines %s', (_what, text) => {
    expect(splitJsonList(text)).toBeUndefined();
  });
});
