import { selectorMatches, selectorKey } from '../../../src/engine/policy/selectors.js';
import type { LabelSelectorRequirement } from '../../../src/engine/model.js';

const sel = (matchLabels: Record<string, string> = {}, matchExpressions: LabelSelectorRequirement[] = []) => ({ matchLabels, matchExpressions });

describe('label selectors', () => {
  it('an empty selector selects everything, even no labels', () => {
    expect(selectorMatches(sel(), {})).toBe(true);
    expect(selectorMatches(sel(), { app: 'x' })).toBe(true);
  });

  it('matchLabels needs every label with the same value', () => {
    const s = sel({ app: 'web', tier: 'front' });
    expect(selectorMatches(s, { app: 'web', tier: 'front', extra: '1' })).toBe(true);
    expect(selectorMatches(s, { app: 'web' })).toBe(false);
    expect(selectorMatches(s, { app: 'web', tier: 'back' })).toBe(false);
  });

  it('In needs the key present with one of the values', () => {
    const s = sel({}, [{ key: 'env', operator: 'In', values: ['prod', 'stage'] }]);
    expect(selectorMatches(s, { env: 'stage' })).toBe(true);
    expect(selectorMatches(s, { env: 'dev' })).toBe(false);
    expect(selectorMatches(s, {})).toBe(false);
  });

  it('NotIn matches when the key is absent or has another value', () => {
    const s = sel({}, [{ key: 'env', operator: 'NotIn', values: ['prod'] }]);
    expect(selectorMatches(s, {})).toBe(true);
    expect(selectorMatches(s, { env: 'dev' })).toBe(true);
    expect(selectorMatches(s, { env: 'prod' })).toBe(false);
  });

  it('Exists and DoesNotExist look only at the key', () => {
    const exists = sel({}, [{ key: 'team', operator: 'Exists', values: [] }]);
    const absent = sel({}, [{ key: 'team', operator: 'DoesNotExist', values: [] }]);
    expect(selectorMatches(exists, { team: '' })).toBe(true);
    expect(selectorMatches(exists, {})).toBe(false);
    expect(selectorMatches(absent, {})).toBe(true);
    expect(selectorMatches(absent, { team: 'a' })).toBe(false);
  });

  it('matchLabels and matchExpressions are ANDed', () => {
    const s = sel({ app: 'web' }, [{ key: 'env', operator: 'In', values: ['prod'] }]);
    expect(selectorMatches(s, { app: 'web', env: 'prod' })).toBe(true);
    expect(selectorMatches(s, { app: 'web', env: 'dev' })).toBe(false);
    expect(selectorMatches(s, { app: 'db', env: 'prod' })).toBe(false);
  });

  it('equal selectors written in another order share one key', () => {
    const a = sel({ a: '1', b: '2' }, [{ key: 'k', operator: 'In', values: ['y', 'x'] }]);
    const b = sel({ b: '2', a: '1' }, [{ key: 'k', operator: 'In', values: ['x', 'y'] }]);
    expect(selectorKey(a)).toBe(selectorKey(b));
    expect(selectorKey(a)).not.toBe(selectorKey(sel({ a: '1' })));
  });
});
