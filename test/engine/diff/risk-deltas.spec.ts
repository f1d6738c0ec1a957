import { readFileSync } from 'node:fs';
import { analyze, diffAnalyses, parseDocuments, renderDiff, type DiffInput } from '../../../src/engine/index.js';
import type { Intent } from '../../../src/engine/queries/intents/format.js';

// A diff of two analyses carries the review delta (issue 10): findings new and resolved, and per
// intent whether it holds before and after with the offending pairs that appear or go away. The
// expectations come from the manifests: db is open to every pod before (no ingress isolation, and
// web is not the only one reaching it) and closed to all but web after.

const BASE = readFileSync('test/fixtures/shop-db/base.yaml', 'utf8');

const DB_ONLY_FROM_WEB = `\n---\n${readFileSync('test/fixtures/shop-db/db-only-from-web.yaml', 'utf8')}`;

const INTENTS: Intent[] = [
  { name: 'only-web-reaches-db', type: 'only-may-reach', from: { labels: { app: 'web' } }, to: { labels: { app: 'db' } } },
  { name: 'web-reaches-db', type: 'must-reach', from: { labels: { app: 'web' } }, to: { labels: { app: 'db' } }, ports: ['5432/TCP'] },
];

function input(name: string, yaml: string): DiffInput {
  const parsed = parseDocuments([{ name, content: yaml }]);
  return { analysis: analyze(parsed.snapshot), objects: parsed.objects, side: { snapshot: name } };
}

describe('diff review delta: findings and intents', () => {
  const open = input('open', BASE);
  const closed = input('closed', BASE + DB_ONLY_FROM_WEB);

  it('closing db resolves its missing-isolation finding and makes the only-may-reach intent hold', () => {
    const diff = diffAnalyses(open, closed, 'workload', { intents: INTENTS });
    const resolvedAboutDb = diff.findings!.resolved.filter((f) => f.objects.some((o) => o.name === 'db'));
    expect(resolvedAboutDb.length).toBeGreaterThan(0);
    expect(diff.findings!.new.filter((f) => f.objects.some((o) => o.name === 'db' && o.kind === 'Pod'))).toEqual([]);
    const [only, must] = diff.intents!;
    // before: batch reaches db (and web does); after: only web does
    expect(only).toMatchObject({ name: 'only-web-reaches-db', holdsBefore: false, holdsAfter: true, violationsAfter: 0, newViolations: [] });
    expect(only!.violationsBefore).toBeGreaterThan(0);
    expect(only!.resolvedViolations.map((v) => (v.from as { name?: string }).name)).toContain('batch');
    expect(must).toMatchObject({ name: 'web-reaches-db', holdsBefore: true, holdsAfter: true, newViolations: [], resolvedViolations: [] });
    // db was exposed because nothing isolated its ingress; closing it removes that path.
    expect(diff.exposure.noLongerExposed.map((e) => (e as { name: string }).name)).toEqual(['db']);
    expect(diff.exposure.paths).toEqual([
      { endpoint: diff.exposure.noLongerExposed[0], change: 'no longer exposed', internet: true, reasons: [expect.objectContaining({ code: 'no-ingress-isolation' })] },
    ]);
    expect(renderDiff(diff, 'md')).toMatch(/\*\*Exposure paths\*\*[\s\S]*shop\/db\[Pod\] no longer exposed \(internet\): no-ingress-isolation/);
  });

  it('the reverse change reads the other way round, and the renderers say so', () => {
    const diff = diffAnalyses(closed, open, 'workload', { intents: INTENTS });
    const forward = diffAnalyses(open, closed, 'workload', { intents: INTENTS });
    expect(diff.findings!.new).toEqual(forward.findings!.resolved);
    expect(diff.findings!.resolved).toEqual(forward.findings!.new);
    expect(diff.intents![0]).toMatchObject({ holdsBefore: true, holdsAfter: false });
    const md = renderDiff(diff, 'md');
    expect(md).toContain('intents: 1 now violated, 0 now holding');
    expect(md).toContain('### Intents');
    expect(md).toContain('only-web-reaches-db: now VIOLATED');
    expect(md).toContain('**New findings**');
    const txt = renderDiff(diff, 'txt');
    expect(txt).toMatch(/^new finding: /m);
    expect(txt).toContain('intent only-web-reaches-db: now VIOLATED');
  });

  it('without intents there is no intents delta; an unchanged snapshot has an empty findings delta', () => {
    const same = diffAnalyses(open, input('open-again', BASE), 'workload');
    expect(same.intents).toBeUndefined();
    expect(same.findings).toEqual({ new: [], resolved: [] });
    expect(renderDiff(same, 'md')).not.toContain('### Findings');
  });
});
