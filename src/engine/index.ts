// The engine's public API: the CLI, the service and the tests import from here only.
export * from './model.js';
export * from './result.js';
export { PortSet } from './sets/port-set.js';
export { IpSet, parseCidr } from './sets/ip-set.js';
export { parseDocuments, type ParseLimits, type ParseOptions, DEFAULT_PARSE_LIMITS, VALIDATION_MODES, DEFAULT_VALIDATION, type ValidationMode } from './parse/index.js';
export { analyze, connectivity, explain, podConnections, type Analysis, type ExplainError } from './analysis/index.js';
export { summarizeAnalysis, type AnalysisSummary, type ClassSummary } from './analysis/summary.js';
export { detectNetworkPlugin, resolveNetwork, type ResolvedNetwork } from './network-plugin/detect.js';
export { NETWORK_PLUGINS, NETWORK_PLUGIN_NAMESPACES, type NetworkPluginRow } from './network-plugin/plugins.js';
export { analysisStats, type AnalysisStats, type PairCounts } from './analysis/stats.js';
export { diffConnectivity, diffAnalyses, withSides, type DiffInput } from './diff/index.js';
export { MAX_EXPLAINED_CHANGES } from './diff/causes.js';
export { exposure, type ExposedEndpoint } from './queries/exposure.js';
export { whoCanReach, reachableFrom, type ReachQuery } from './queries/reach.js';
export { canReach, explainService } from './queries/service-reach.js';
export { findings, findingsResult, findingsAtOrAbove, countFindings, severityRank, FINDING_SEVERITIES, FINDING_RULES, type Finding, type FindingCode, type FindingObject, type FindingSeverity, type FindingsResult } from './queries/findings.js';
export { parseIntents, validateIntents, parseIntentPort, INTENT_TYPES, INTENTS_API_VERSION, INTENTS_KIND, type Intent, type IntentSelector, type IntentType, type IntentError, type IntentsRead } from './queries/intents/format.js';
export { evaluateIntents, MAX_LISTED_VIOLATIONS, type IntentReport, type IntentResult, type IntentViolation } from './queries/intents/evaluate.js';
export {
  attackPaths,
  blastRadius,
  INTERNET_SOURCE,
  MAX_HOPS,
  DEFAULT_PATH_HOPS,
  DEFAULT_BLAST_HOPS,
  MAX_PATHS,
  type AttackPathsResult,
  type AttackPath,
  type PathHop,
  type PathSource,
  type BlastRadiusResult,
  type BlastRadiusEntry,
  type PathsError,
} from './queries/paths/attack-paths.js';
export { parseSelectorText } from './queries/paths/selector-text.js';
export { whatIf, POLICY_KINDS as POLICY_KINDS_FOR_WHAT_IF, type WhatIfArgs, type WhatIfResult, type WhatIfError } from './queries/what-if/what-if.js';
export { exposureReport, exposureWithReasons, internetEgress, EXPOSURE_REASONS, type ExposureReason, type ExposureReasonCode, type ExposedWithReasons, type ExposureReport, type InternetEgress } from './queries/exposure-reasons.js';
export { SNAPSHOT_QUESTIONS, askSnapshot, type SnapshotQuestion, type SnapshotQuestionArgs, type SnapshotQuestionAnswer } from './queries/registry.js';
export { serviceExplanationTxt } from './render/service-explanation.js';
export { renderReach, REACH_FORMATS, type ReachFormat } from './render/reach.js';
export { connectivityRules, connectivityRulesTxt, expandRules, type ConnectivityRule } from './render/rules.js';
export { METRICS, snapshotMetrics, type MetricName } from './queries/metrics.js';
export { internetAddresses, internetExposure, internetExposedPortCount, nonInternetAddresses, NON_INTERNET_BLOCKS, type InternetExposure } from './queries/internet.js';
export {
  renderConnectivity,
  renderDiff,
  renderExplanation,
  renderExposure,
  EXPOSURE_FORMATS,
  EXPLANATION_FORMATS,
  type ExposureFormat,
  type ExplanationFormat,
  endpointText,
  ADDRESS_FORMS,
  type AddressForm,
  type TextOptions,
  type OutputFormat,
} from './render/index.js';
export * from './report/index.js';
export { ENGINE_VERSION } from './version.js';
export * from './stored/index.js';
export { PAIR_QUESTIONS, askPair, type PairQuestion, type PairQuestionArgs, type PairQuestionAnswer } from './queries/pair-questions.js';
