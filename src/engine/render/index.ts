// Renderers: pure functions from result values to text, one file per format.

import type { ConnectivityResult, DiffResult, Explanation, Granularity } from '../result.js';
import { connectivityCsv, diffCsv } from './csv.js';
import { connectivityDot } from './dot.js';
import { connectivityJson, diffJson, explanationJson } from './json.js';
import { connectivityMd, diffMd } from './md.js';
import { connectivityMermaid } from './mermaid.js';
import { connectivityTxt, diffTxt, explanationTxt } from './txt.js';
import type { TextOptions } from './endpoint-text.js';
import type { ExposedEndpoint } from '../queries/exposure.js';
import { exposureCsv, exposureMd, exposureTxt } from './exposure.js';

export type OutputFormat = 'txt' | 'json' | 'csv' | 'md' | 'dot' | 'mermaid';
export type DiffFormat = 'txt' | 'json' | 'csv' | 'md';
export type ExplanationFormat = 'txt' | 'json';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['txt', 'json', 'csv', 'md', 'dot', 'mermaid'];
export const DIFF_FORMATS: readonly DiffFormat[] = ['txt', 'json', 'csv', 'md'];
export const EXPLANATION_FORMATS: readonly ExplanationFormat[] = ['txt', 'json'];
/** Exposure's text formats; JSON is the exposure value itself, written by the caller. */
export type ExposureFormat = 'txt' | 'csv' | 'md';
export const EXPOSURE_FORMATS: readonly ExposureFormat[] = ['txt', 'csv', 'md'];

const CONNECTIVITY_RENDERERS: Record<OutputFormat, (r: ConnectivityResult, options: TextOptions) => string> = {
  txt: connectivityTxt,
  json: connectivityJson,
  csv: connectivityCsv,
  md: connectivityMd,
  dot: connectivityDot,
  mermaid: connectivityMermaid,
};

const DIFF_RENDERERS: Record<DiffFormat, (d: DiffResult, options: TextOptions) => string> = {
  txt: diffTxt,
  json: diffJson,
  csv: diffCsv,
  md: diffMd,
};

const EXPLANATION_RENDERERS: Record<ExplanationFormat, (e: Explanation, options: TextOptions) => string> = {
  txt: explanationTxt,
  json: explanationJson,
};

export function renderConnectivity(result: ConnectivityResult, format: OutputFormat, options: TextOptions = {}): string {
  return CONNECTIVITY_RENDERERS[format](result, options);
}

export function renderDiff(diff: DiffResult, format: DiffFormat, options: TextOptions = {}): string {
  return DIFF_RENDERERS[format](diff, options);
}

const EXPOSURE_RENDERERS: Record<ExposureFormat, (e: readonly ExposedEndpoint[], g: Granularity, options: TextOptions) => string> = {
  txt: exposureTxt,
  csv: exposureCsv,
  md: exposureMd,
};

export function renderExposure(exposed: readonly ExposedEndpoint[], granularity: Granularity, format: ExposureFormat, options: TextOptions = {}): string {
  return EXPOSURE_RENDERERS[format](exposed, granularity, options);
}

export function renderExplanation(e: Explanation, format: ExplanationFormat, options: TextOptions = {}): string {
  return EXPLANATION_RENDERERS[format](e, options);
}

export {
  ADDRESS_FORMS,
  endpointText,
  connsText,
  compareEndpoints,
  sortedConnections,
  type AddressForm,
  type TextOptions,
} from './endpoint-text.js';
