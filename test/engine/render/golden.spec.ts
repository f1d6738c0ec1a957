// Golden files: every renderer on the hand-built sample values. Regenerate with UPDATE_GOLDEN=1
// after a deliberate format change, and read the diff of the golden files before keeping it.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  DIFF_FORMATS,
  EXPLANATION_FORMATS,
  OUTPUT_FORMATS,
  renderConnectivity,
  renderDiff,
  renderExplanation,
} from '../../../src/engine/render/index.js';
import { namespaceResult, podResult, sampleDiff, sampleExplanation, workloadResult } from './sample-values.js';

const GOLDEN_DIR = path.resolve(process.cwd(), 'test/fixtures/golden');
const updating = process.env.UPDATE_GOLDEN === '1';

const EXTENSION: Record<string, string> = { txt: 'txt', json: 'json', csv: 'csv', md: 'md', dot: 'dot', mermaid: 'mmd' };

function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (updating) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
  }
  if (!existsSync(file)) throw new Error(`golden file ${file} is missing: run the tests with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const connectivityCases = { workload: workloadResult, namespace: namespaceResult, pod: podResult };

describe('golden outputs', () => {
  for (const [label, result] of Object.entries(connectivityCases)) {
    for (const format of OUTPUT_FORMATS) {
      it(`connectivity ${label} as ${format}`, () => {
        expectGolden(`connectivity-${label}.${EXTENSION[format]}`, renderConnectivity(result, format));
      });
    }
  }

  for (const format of DIFF_FORMATS) {
    it(`diff as ${format}`, () => {
      expectGolden(`diff.${EXTENSION[format]}`, renderDiff(sampleDiff, format));
    });
  }

  for (const format of EXPLANATION_FORMATS) {
    it(`explanation as ${format}`, () => {
      expectGolden(`explanation.${EXTENSION[format]}`, renderExplanation(sampleExplanation, format));
    });
  }
});
