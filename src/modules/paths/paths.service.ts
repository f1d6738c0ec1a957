import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { MAX_HOPS, type AttackPathsResult, type BlastRadiusResult, type PathsError } from '../../engine/index.js';
import { AnalysisCache } from '../queries/analysis-cache.service.js';
import { ReadySnapshots } from '../snapshots/ready-snapshots.js';

/** `k` as a query string or GraphQL Int: one rule for both (absent = the question's default). */
function hopsOf(k: string | number | null | undefined): number | undefined {
  if (k === undefined || k === null || k === '') return undefined;
  const n = typeof k === 'number' ? k : /^\d+$/.test(k) ? Number(k) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_HOPS) throw new AppError(ErrorCode.BadRequest, `invalid k "${k}"`, [{ path: 'k', message: `a whole number from 1 to ${MAX_HOPS}` }]);
  return n;
}

function required(value: string | null | undefined, name: string, what: string): string {
  if (!value?.trim()) throw new AppError(ErrorCode.BadRequest, `${name} is required`, [{ path: name, message: `required: ${what}` }]);
  return value;
}

function answerOrThrow<T>(answer: T | PathsError): T {
  if (typeof answer === 'object' && answer !== null && 'error' in answer) {
    const e = answer as PathsError;
    throw new AppError(e.reason === 'invalid' ? ErrorCode.BadRequest : ErrorCode.NotFound, e.error, [{ path: e.argument, message: e.error }]);
  }
  return answer as T;
}

const SOURCE = 'internet, ns/pod, ns/workload, ns/name[Kind] or a namespace';

/** Attack paths and blast radius of a stored snapshot (the engine's `attackPaths` and `blastRadius` questions). */
@Injectable()
export class PathsService {
  constructor(
    private readonly ready: ReadySnapshots,
    private readonly cache: AnalysisCache,
  ) {}

  async attackPaths(id: string, args: { from?: string | null; to?: string | null; k?: string | number | null }, idArgument = 'snapshot'): Promise<AttackPathsResult> {
    const from = required(args.from, 'from', SOURCE);
    const to = required(args.to, 'to', 'a label selector, e.g. tier=db');
    const k = hopsOf(args.k);
    const snapshot = await this.ready.get(id, idArgument);
    return answerOrThrow(await this.cache.ask(snapshot, 'attackPaths', { from, to, ...(k === undefined ? {} : { k }) }));
  }

  async blastRadius(id: string, args: { from?: string | null; k?: string | number | null }, idArgument = 'snapshot'): Promise<BlastRadiusResult> {
    const from = required(args.from, 'from', SOURCE);
    const k = hopsOf(args.k);
    const snapshot = await this.ready.get(id, idArgument);
    return answerOrThrow(await this.cache.ask(snapshot, 'blastRadius', { from, ...(k === undefined ? {} : { k }) }));
  }
}
