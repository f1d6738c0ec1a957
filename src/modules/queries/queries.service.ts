import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { type ExposedEndpoint, type Explanation, type Protocol, type ServiceExplanation } from '../../engine/index.js';
import { ReadySnapshots } from '../snapshots/ready-snapshots.js';
import { SnapshotsService } from '../snapshots/snapshots.service.js';
import { AnalysisCache } from './analysis-cache.service.js';

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** Questions about one stored snapshot: can A reach B (with the why), what is exposed. */
@Injectable()
export class QueriesService {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly ready: ReadySnapshots,
    private readonly cache: AnalysisCache,
  ) {}

  /** `argument`: how the client named the snapshot id (`snapshot` in GraphQL, `id` in the REST path). */
  async canReach(snapshotId: string, from: string, to: string, port: number, protocol: string, argument = 'snapshot'): Promise<Explanation> {
    const answer = await this.canReachAny(snapshotId, from, to, port, protocol, argument);
    if ('servicePort' in answer) {
      throw new AppError(ErrorCode.BadRequest, `${to} is a Service: ask canReachService for its endpoints`, [{ path: 'to', message: 'a Service: use canReachService' }]);
    }
    return answer;
  }

  /** Can `from` reach the pods behind a Service port (`service`: ns/name). */
  async canReachService(snapshotId: string, from: string, service: string, port: number, protocol: string): Promise<ServiceExplanation> {
    const answer = await this.canReachAny(snapshotId, from, `${service.trim().replace(/\[Service\]$/, '')}[Service]`, port, protocol, 'snapshot', 'service');
    if (!('servicePort' in answer)) throw new Error('a Service destination answered without its Service');
    return answer;
  }

  /** can-reach to a pod, workload, address or (`ns/name[Service]`, `Service ns/name`) a Service port. */
  async canReachAny(snapshotId: string, from: string, to: string, port: number, protocol: string, argument = 'snapshot', toArgument = 'to'): Promise<Explanation | ServiceExplanation> {
    const details = [];
    if (!from) details.push({ path: 'from', message: 'required: namespace/pod, namespace/workload, an IP address or {ingress-controller}' });
    if (!to) details.push({ path: 'to', message: 'required: namespace/pod, namespace/workload or an IP address' });
    if (!Number.isInteger(port) || port < 1 || port > 65535) details.push({ path: 'port', message: 'a port number from 1 to 65535' });
    const proto = protocol.toUpperCase() as Protocol;
    if (!PROTOCOLS.includes(proto)) details.push({ path: 'protocol', message: 'TCP, UDP or SCTP' });
    if (details.length) throw new AppError(ErrorCode.BadRequest, 'invalid can-reach question', details);
    const snapshot = await this.ready.get(snapshotId, argument);
    const result = await this.cache.ask(snapshot, 'canReach', { from, to, port, protocol: proto });
    if ('error' in result) {
      // A malformed question is the client's mistake (400); a well-formed name not in the snapshot, a 404.
      const code = result.reason === 'invalid' ? ErrorCode.BadRequest : ErrorCode.NotFound;
      const path = result.argument === 'to' ? toArgument : result.argument;
      throw new AppError(code, result.error, path ? [{ path, message: result.error }] : []);
    }
    return result;
  }

  /** Workloads reachable from outside the cluster (external addresses or Ingress/Route), from stored results. */
  async exposure(snapshotId: string, argument = 'snapshot'): Promise<ExposedEndpoint[]> {
    return this.snapshots.exposure(snapshotId, argument);
  }
}
