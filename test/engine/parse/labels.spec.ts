import { fatalOnes, ns, parseObjects, pod } from './helpers.js';

describe('labels are read as the API server accepts them', () => {
  it('accepts the syntax Kubernetes allows: prefixed keys, empty values, 63 characters', () => {
    const labels = { 'app.kubernetes.io/name': 'web', tier: '', 'a-b_c.d': 'x'.repeat(63), 'example.com/Z9': 'A.b-c_D' };
    const result = parseObjects(ns('x', labels), pod('a', { namespace: 'x', labels }));
    expect(fatalOnes(result)).toEqual([]);
    expect(result.snapshot.pods[0]!.labels).toEqual(labels);
  });

  it.each([
    ['a 10 MB value', { big: 'x'.repeat(10 * 1024 * 1024) }, 'metadata.labels.big', /not a valid label value \(10485760 characters\)/],
    ['a 64-character value', { v: 'x'.repeat(64) }, 'metadata.labels.v', /label value/],
    ['a value with a space', { v: 'a b' }, 'metadata.labels.v', /label value/],
    ['a value ending in a dash', { v: 'a-' }, 'metadata.labels.v', /label value/],
    ['a key with a space', { 'a b': 'x' }, 'metadata.labels.a b', /label key/],
    ['an upper-case prefix', { 'Example.com/a': 'x' }, 'metadata.labels.Example.com/a', /label key/],
    ['an empty name after the prefix', { 'example.com/': 'x' }, 'metadata.labels.example.com/', /label key/],
  ])('refuses %s, naming document and path, without echoing the content', (_, labels, path, message) => {
    const result = parseObjects(ns('x'), pod('a', { namespace: 'x', labels }));
    expect(result.fatal).toBe(true);
    const [diagnostic, ...rest] = fatalOnes(result);
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ code: 'label.invalid', item: 1, path, object: 'Pod x/a' });
    expect(diagnostic!.message).toMatch(message);
    expect(diagnostic!.message.length).toBeLessThan(400);
  });

  it('shortens a hostile key in the path it reports', () => {
    const key = 'k'.repeat(100_000);
    const [diagnostic] = fatalOnes(parseObjects(ns('x', { [key]: 'v' })));
    expect(diagnostic!.path!.length).toBeLessThan(100);
    expect(diagnostic!.message).toContain('100000 characters');
  });
});
