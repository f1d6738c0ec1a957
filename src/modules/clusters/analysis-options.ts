import { AppError, ErrorCode, type ErrorDetail } from '../../common/errors/app-error.js';
import { ENFORCEMENT_MODES, parseCidr, type AnalysisRequest, type Enforcement } from '../../engine/index.js';

/**
 * The analysis options a cluster may set. Each one left out defaults from the network plugin
 * detected in the snapshot, then the engine's default; results say which (`optionSources`:
 * `cluster`, `detected` or `default`).
 */
export interface ClusterAnalysisOptions {
  ipBlockMatchesPods?: boolean;
  adminNetworksMatchPods?: boolean;
  hostNetwork?: 'node';
  enforcement?: Enforcement;
  /** The cluster's own pod and service ranges (never "the internet"); left out: read from the snapshot. */
  podCIDRs?: string[];
  serviceCIDRs?: string[];
}

const HOST_NETWORK_MODES = ['node'] as const;

const MAX_CIDRS = 64;

/** Each option's rule: what it accepts, said once for the 400's details. */
const RULES: { [K in keyof Required<ClusterAnalysisOptions>]: { accepts: (v: unknown) => boolean; expected: string } } = {
  ipBlockMatchesPods: { accepts: (v) => typeof v === 'boolean', expected: 'true or false (null: from the detected network plugin)' },
  adminNetworksMatchPods: { accepts: (v) => typeof v === 'boolean', expected: 'true or false (null: from the detected network plugin)' },
  hostNetwork: { accepts: (v) => (HOST_NETWORK_MODES as readonly unknown[]).includes(v), expected: `one of ${HOST_NETWORK_MODES.join(', ')} (null: the default)` },
  enforcement: { accepts: (v) => (ENFORCEMENT_MODES as readonly unknown[]).includes(v), expected: `one of ${ENFORCEMENT_MODES.join(', ')} (null: auto)` },
  podCIDRs: { accepts: isCidrList, expected: `a list of at most ${MAX_CIDRS} CIDRs, e.g. ["10.244.0.0/16"] (null: read from the snapshot)` },
  serviceCIDRs: { accepts: isCidrList, expected: `a list of at most ${MAX_CIDRS} CIDRs, e.g. ["10.96.0.0/12"] (null: read from the snapshot)` },
};


function isCidrList(v: unknown): boolean {
  return Array.isArray(v) && v.length <= MAX_CIDRS && v.every((c) => typeof c === 'string' && c.includes('/') && !('error' in parseCidr(c)));
}

export const ANALYSIS_OPTION_NAMES = Object.keys(RULES) as (keyof ClusterAnalysisOptions)[];

/**
 * The cluster's options after applying `change` (REST body or GraphQL input, unchecked) to
 * `current`: an option given replaces, one given as null is unset, one left out keeps its value;
 * `change` null unsets all.
 * A value of the wrong type or an unknown option is a 400 naming `analysisOptions.<option>`.
 */
export function applyAnalysisOptions(current: ClusterAnalysisOptions, change: unknown): ClusterAnalysisOptions {
  if (change === null) return {};
  if (typeof change !== 'object' || Array.isArray(change)) {
    throw invalid([{ path: 'analysisOptions', message: `an object with any of ${ANALYSIS_OPTION_NAMES.join(', ')}` }]);
  }
  const details: ErrorDetail[] = [];
  const next: Record<string, unknown> = { ...current };
  for (const [name, value] of Object.entries(change as Record<string, unknown>)) {
    const rule = RULES[name as keyof ClusterAnalysisOptions];
    if (value === undefined) continue; // left out (a GraphQL input object's absent field)
    if (rule === undefined) details.push({ path: `analysisOptions.${name}`, message: `unknown option; one of ${ANALYSIS_OPTION_NAMES.join(', ')}` });
    else if (value === null) delete next[name];
    else if (!rule.accepts(value)) details.push({ path: `analysisOptions.${name}`, message: rule.expected });
    else next[name] = value;
  }
  if (details.length) throw invalid(details);
  return canonical(next as ClusterAnalysisOptions);
}

function invalid(details: ErrorDetail[]): AppError {
  return new AppError(ErrorCode.BadRequest, 'invalid cluster settings: analysisOptions', details);
}

/** Options in one key order, so equal settings store (and compare) as equal JSON. */
function canonical(options: ClusterAnalysisOptions): ClusterAnalysisOptions {
  const out: Record<string, unknown> = {};
  for (const name of ANALYSIS_OPTION_NAMES) if (options[name] !== undefined) out[name] = options[name];
  return out as ClusterAnalysisOptions;
}

/** A stored value read back (a row's JSON): only well-formed options are kept. */
export function storedAnalysisOptions(stored: unknown): ClusterAnalysisOptions {
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return {};
  const out: Record<string, unknown> = {};
  for (const name of ANALYSIS_OPTION_NAMES) {
    const value = (stored as Record<string, unknown>)[name];
    if (value !== undefined && value !== null && RULES[name].accepts(value)) out[name] = value;
  }
  return out as ClusterAnalysisOptions;
}

/**
 * One upload's override of its cluster's options (REST query parameters, GraphQL
 * `ImportSnapshotInput.analysisOptions`), checked with the cluster's rules. REST gives each option
 * as its own query parameter, as text (`ipBlockMatchesPods=true`); `prefix` names the field in the
 * 400 (`ipBlockMatchesPods` over REST, `analysisOptions.ipBlockMatchesPods` over GraphQL). An
 * option left out or null is not overridden. Stored with the content (`{}`: no override).
 */
export function uploadOverride(given: Partial<Record<keyof ClusterAnalysisOptions, unknown>>, prefix = ''): ClusterAnalysisOptions {
  const details: ErrorDetail[] = [];
  const out: Record<string, unknown> = {};
  for (const name of ANALYSIS_OPTION_NAMES) {
    let value = given[name];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' && (name === 'ipBlockMatchesPods' || name === 'adminNetworksMatchPods')) value = value === 'true' ? true : value === 'false' ? false : value;
    // REST: `podCIDRs=10.244.0.0/16,fd00::/48`.
    if (typeof value === 'string' && (name === 'podCIDRs' || name === 'serviceCIDRs')) value = value.split(',').map((c) => c.trim());
    if (!RULES[name].accepts(value)) details.push({ path: `${prefix}${name}`, message: RULES[name].expected.replace(/ \(null: .*\)$/, '') });
    else out[name] = value;
  }
  if (details.length) throw new AppError(ErrorCode.BadRequest, 'invalid analysis options override', details);
  return canonical(out as ClusterAnalysisOptions);
}

/**
 * What the service asks the engine for when analysing a snapshot content of a cluster with these
 * settings, and the content's upload override (which wins, option by option); recorded with the
 * results, so results of other settings are never served. No setting and no override: `{}`, the
 * service's request before clusters had options, so results stored then stay current.
 */
export function analysisRequestFor(stored: unknown, override: unknown = {}): AnalysisRequest {
  const options = storedAnalysisOptions(stored);
  const upload = storedAnalysisOptions(override);
  if (Object.keys(upload).length === 0) return Object.keys(options).length === 0 ? {} : { ...options, givenBy: 'cluster' };
  const givenBy: Partial<Record<keyof ClusterAnalysisOptions, 'cluster' | 'upload'>> = {};
  for (const name of ANALYSIS_OPTION_NAMES) {
    if (upload[name] !== undefined) givenBy[name] = 'upload';
    else if (options[name] !== undefined) givenBy[name] = 'cluster';
  }
  return { ...options, ...upload, givenBy };
}
