import { Field, ObjectType } from '@nestjs/graphql';
import { ClusterRangesModel } from '../../snapshots/models/network.model.js';
import type { ExposedWithReasons, InternetEgress } from '../../../engine/index.js';
import { EndpointModel, PortEntryModel } from '../../snapshots/models/connectivity.model.js';
import { ExposedEndpointModel } from '../models/exposure.model.js';
import { ExposureReasonModel } from './exposure-reason.model.js';

export { ExposureReasonModel };

@ObjectType('ExposedWorkload', { description: 'A workload reachable from outside the cluster, with why.' })
export class ExposedWorkloadModel extends ExposedEndpointModel {
  @Field({ description: 'Reachable from a public address (outside private, shared, loopback and link-local blocks and the cluster\'s own pod and Service ranges).' }) internet!: boolean;
  @Field(() => [ExposureReasonModel], { description: 'Why: no policy at all reads differently from a deliberately published workload.' }) reasons!: ExposureReasonModel[];

  static fromReasons(e: ExposedWithReasons): ExposedWorkloadModel {
    return { ...ExposedEndpointModel.from(e), internet: e.internet, reasons: e.reasons.map(ExposureReasonModel.from) };
  }
}

@ObjectType('InternetEgress', { description: 'A workload that can open connections to public addresses.' })
export class InternetEgressModel {
  @Field(() => EndpointModel, { description: 'The workload.' }) endpoint!: EndpointModel;
  @Field(() => [String], { description: 'The public addresses it reaches, as CIDRs.' }) cidrs!: string[];
  @Field({ description: 'Every port of TCP, UDP and SCTP.' }) allPorts!: boolean;
  @Field(() => [PortEntryModel], { description: 'The ports (empty when allPorts).' }) ports!: PortEntryModel[];

  static from(e: InternetEgress): InternetEgressModel {
    return { endpoint: EndpointModel.from(e.endpoint, 'workload'), cidrs: e.cidrs, allPorts: e.allPorts, ports: e.ports.map(PortEntryModel.from) };
  }
}

@ObjectType('ExposureReport', { description: 'What is reachable from outside the cluster and why, and what reaches the internet.' })
export class ExposureReportModel {
  @Field(() => [ExposedWorkloadModel], { description: 'Exposed workloads, with their reasons.' }) exposed!: ExposedWorkloadModel[];
  @Field(() => [InternetEgressModel], { description: 'Workloads reaching public addresses.' }) internetEgress!: InternetEgressModel[];
  @Field(() => ClusterRangesModel, { description: 'The cluster\'s own pod and Service ranges, left out of "public addresses" (with their sources in the connectivity\'s `optionSources`).' })
  clusterRanges!: ClusterRangesModel;
}
