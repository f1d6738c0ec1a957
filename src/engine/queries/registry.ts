import type { Analysis } from '../analysis/index.js';
import type { Protocol } from '../model.js';
import { reachableFrom, whoCanReach, type ReachQuery } from './reach.js';
import { canReach } from './service-reach.js';
import { findingsResult } from './findings.js';
import { exposureReport } from './exposure-reasons.js';
import { evaluateIntents } from './intents/evaluate.js';
import type { Intent } from './intents/format.js';
import { attackPaths, blastRadius } from './paths/attack-paths.js';
import { whatIf, type WhatIfArgs } from './what-if/what-if.js';

/**
 * The questions a stored snapshot answers from its engine analysis, by name. Each takes the
 * analysis and plain, structured-cloneable arguments and returns a plain value, so the service can
 * run it wherever the analysis lives (in process today, a worker thread once results move off the
 * request path) with one call: `AnalysisCache.ask(contentId, name, args)`. New questions are added
 * here, once, and are then available to every caller.
 */
export const SNAPSHOT_QUESTIONS = {
  canReach: (analysis: Analysis, a: { from: string; to: string; port: number | string; protocol: Protocol }) => canReach(analysis, a.from, a.to, a.port, a.protocol),
  whoCanReach: (analysis: Analysis, a: { target: string; query?: ReachQuery }) => whoCanReach(analysis, a.target, a.query),
  reachableFrom: (analysis: Analysis, a: { source: string; query?: ReachQuery }) => reachableFrom(analysis, a.source, a.query),
  findings: (analysis: Analysis, _args: Record<string, never>) => findingsResult(analysis),
  exposureReasons: (analysis: Analysis, _args: Record<string, never>) => exposureReport(analysis),
  intents: (analysis: Analysis, a: { intents: Intent[] }) => evaluateIntents(analysis, a.intents),
  attackPaths: (analysis: Analysis, a: { from: string; to: string; k?: number }) => attackPaths(analysis, a.from, a.to, a.k),
  blastRadius: (analysis: Analysis, a: { from: string; k?: number }) => blastRadius(analysis, a.from, a.k),
  whatIf: (analysis: Analysis, a: WhatIfArgs) => whatIf(analysis, a),
} satisfies Record<string, (analysis: Analysis, args: never) => unknown>;

export type SnapshotQuestion = keyof typeof SNAPSHOT_QUESTIONS;
export type SnapshotQuestionArgs<Q extends SnapshotQuestion> = Parameters<(typeof SNAPSHOT_QUESTIONS)[Q]>[1];
export type SnapshotQuestionAnswer<Q extends SnapshotQuestion> = ReturnType<(typeof SNAPSHOT_QUESTIONS)[Q]>;

export function askSnapshot<Q extends SnapshotQuestion>(analysis: Analysis, question: Q, args: SnapshotQuestionArgs<Q>): SnapshotQuestionAnswer<Q> {
  const answer = SNAPSHOT_QUESTIONS[question] as (analysis: Analysis, args: SnapshotQuestionArgs<Q>) => SnapshotQuestionAnswer<Q>;
  return answer(analysis, args);
}
