import type { Analysis } from '../analysis/index.js';
import { diffAnalyses, type DiffInput } from '../diff/index.js';
import type { Granularity } from '../result.js';
import type { Intent } from './intents/format.js';

type DiffSideInput = Omit<DiffInput, 'analysis'>;

/**
 * Questions over two analyses (the `from` and `to` of a diff), by name, like SNAPSHOT_QUESTIONS:
 * plain arguments in, a plain answer out, so the service runs them where its analyses live.
 */
export const PAIR_QUESTIONS = {
  diff: (before: Analysis, after: Analysis, a: { granularity: Granularity; from: DiffSideInput; to: DiffSideInput; intents?: Intent[] }) =>
    diffAnalyses({ ...a.from, analysis: before }, { ...a.to, analysis: after }, a.granularity, { intents: a.intents }),
} satisfies Record<string, (before: Analysis, after: Analysis, args: never) => unknown>;

export type PairQuestion = keyof typeof PAIR_QUESTIONS;
export type PairQuestionArgs<Q extends PairQuestion> = Parameters<(typeof PAIR_QUESTIONS)[Q]>[2];
export type PairQuestionAnswer<Q extends PairQuestion> = ReturnType<(typeof PAIR_QUESTIONS)[Q]>;

export function askPair<Q extends PairQuestion>(before: Analysis, after: Analysis, question: Q, args: PairQuestionArgs<Q>): PairQuestionAnswer<Q> {
  const answer = PAIR_QUESTIONS[question] as (before: Analysis, after: Analysis, args: PairQuestionArgs<Q>) => PairQuestionAnswer<Q>;
  return answer(before, after, args);
}
