import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeStoredResult, ENGINE_VERSION, parseDocuments, queryRows, StoredView, type SourceDocument } from '../../src/engine/index.js';
import { computeAnalysis } from '../../src/modules/analysis/analysis-computation.js';

// The ENGINE_VERSION bump rule (src/engine/version.ts), enforced: what the service stores for a set
// of inputs (connectivity at every granularity, pod classes, metrics, analysis diagnostics) is
// fingerprinted; when it changes, ENGINE_VERSION must change with it, or stored results of the old
// engine would be served as if they were new. After a deliberate change: bump ENGINE_VERSION, then
// run this test with UPDATE_ENGINE_FINGERPRINT=1 to record the new fingerprint.

const ROOT = process.cwd();
const RECORD = join(ROOT, 'test/fixtures/engine-version.json');
const INPUTS = [
  'examples/shop-v1',
  'examples/shop-v2',
  'test/fixtures/cli/basic',
  'test/fixtures/cli/changed',
  ...readdirSync(join(ROOT, 'test/conformance/data/cases/k8s-e2e'))
    .sort()
    .map((c) => `test/conformance/data/cases/k8s-e2e/${c}`),
];

function manifestFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return manifestFiles(path);
      return /\.(ya?ml)$/.test(name) ? [path] : [];
    });
}

/** What the service would store for one input folder, without the timings. */
function storedResults(folder: string): unknown {
  const documents: SourceDocument[] = manifestFiles(join(ROOT, folder)).map((path) => ({ name: path.slice(ROOT.length + 1), content: readFileSync(path, 'utf8') }));
  const parsed = parseDocuments(documents, { validation: 'ignore' });
  const results = computeAnalysis('fingerprint', JSON.stringify(parsed.objects.map((o) => o.raw)));
  const { analysis_ms: _timing, ...metrics } = results.metrics;
  // What every query reads: the stored result's rows at each granularity (not its bytes, which name the version).
  const stored = decodeStoredResult(results.stored);
  const connectivity = Object.fromEntries((['pod', 'workload', 'namespace'] as const).map((g) => [g, [...queryRows(new StoredView(stored, g))].map((r) => r.connection)]));
  return { connectivity, workloads: results.workloads, namespacePairs: results.namespacePairs, metrics, diagnostics: results.diagnostics };
}

describe('ENGINE_VERSION changes whenever stored results change', () => {
  it('fingerprints the stored results of the examples, CLI fixtures and k8s e2e cases', () => {
    expect(INPUTS.length).toBeGreaterThan(20);
    const hash = createHash('sha256');
    for (const folder of INPUTS) hash.update(folder).update(JSON.stringify(storedResults(folder)));
    const fingerprint = hash.digest('hex');
    if (process.env.UPDATE_ENGINE_FINGERPRINT === '1') {
      writeFileSync(RECORD, `${JSON.stringify({ engineVersion: ENGINE_VERSION, fingerprint }, null, 2)}\n`);
    }
    const recorded = JSON.parse(readFileSync(RECORD, 'utf8')) as { engineVersion: string; fingerprint: string };
    if (recorded.fingerprint !== fingerprint && recorded.engineVersion === ENGINE_VERSION) {
      throw new Error(
        `stored results changed but ENGINE_VERSION is still ${ENGINE_VERSION}: bump it in src/engine/version.ts, then run this test with UPDATE_ENGINE_FINGERPRINT=1`,
      );
    }
    expect(recorded).toEqual({ engineVersion: ENGINE_VERSION, fingerprint });
  });
});
