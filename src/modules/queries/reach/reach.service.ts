import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../../common/errors/app-error.js';
import { PROTOCOLS, type Protocol, type ReachGranularity, type ReachQuery, type ReachResult } from '../../../engine/index.js';
import { ReadySnapshots } from '../../snapshots/ready-snapshots.js';
import { AnalysisCache } from '../analysis-cache.service.js';

export const REACH_GRANULARITIES: readonly ReachGranularity[] = ['workload', 'pod'];

/** The reach question as the client wrote it (REST query strings and GraphQL arguments alike). */
export interface ReachArguments {
  endpoint: string;
  port?: number | string | null;
  protocol?: string | null;
  granularity?: string | null;
}

/** Who can reach an endpoint, and what it can reach, on a stored snapshot's cached analysis. */
@Injectable()
export class ReachService {
  constructor(
    private readonly ready: ReadySnapshots,
    private readonly cache: AnalysisCache,
  ) {}

  /** `endpointArgument`: `target` or `source`; `idArgument`: `snapshot` (GraphQL) or `id` (REST path). */
  async answer(direction: 'to' | 'from', snapshotId: string, args: ReachArguments, idArgument = 'snapshot'): Promise<ReachResult> {
    const endpointArgument = direction === 'to' ? 'target' : 'source';
    const query = validate(args, endpointArgument);
    const snapshot = await this.ready.get(snapshotId, idArgument);
    const result =
      direction === 'to'
        ? await this.cache.ask(snapshot, 'whoCanReach', { target: args.endpoint, query })
        : await this.cache.ask(snapshot, 'reachableFrom', { source: args.endpoint, query });
    if ('error' in result) {
      const code = result.reason === 'invalid' ? ErrorCode.BadRequest : ErrorCode.NotFound;
      throw new AppError(code, result.error, [{ path: result.argument ?? endpointArgument, message: result.error }]);
    }
    return result;
  }
}

/** One rule set for REST and GraphQL: endpoint required, port 1–65535, protocol TCP/UDP/SCTP, granularity workload/pod. */
function validate(args: ReachArguments, endpointArgument: string): ReachQuery {
  const details: { path: string; message: string }[] = [];
  if (!args.endpoint?.trim()) details.push({ path: endpointArgument, message: 'required: namespace/pod, namespace/workload, namespace/name[Kind] or a namespace' });
  const query: ReachQuery = {};
  if (args.port !== undefined && args.port !== null && args.port !== '') {
    const port = typeof args.port === 'number' ? args.port : /^\d+$/.test(args.port) ? Number(args.port) : NaN;
    if (!Number.isInteger(port) || port < 1 || port > 65535) details.push({ path: 'port', message: 'a port number from 1 to 65535' });
    else query.port = port;
  }
  const protocol = (args.protocol ?? 'TCP').toUpperCase() as Protocol;
  if (!PROTOCOLS.includes(protocol)) details.push({ path: 'protocol', message: 'TCP, UDP or SCTP' });
  else if (query.port !== undefined) query.protocol = protocol;
  const granularity = args.granularity ?? 'workload';
  if (!REACH_GRANULARITIES.includes(granularity as ReachGranularity)) details.push({ path: 'granularity', message: `one of ${REACH_GRANULARITIES.join(', ')}` });
  else query.granularity = granularity as ReachGranularity;
  if (details.length) throw new AppError(ErrorCode.BadRequest, `invalid ${endpointArgument === 'target' ? 'who-can-reach' : 'reachable-from'} question`, details);
  return query;
}
