import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { ConnSetModel } from '../../diff/diff.model.js';
import { EndpointModel, PortEntryModel } from '../../snapshots/models/connectivity.model.js';
import type { ExposedEndpoint } from '../../../engine/index.js';

@ObjectType('ExternalReach', { description: 'External address blocks that reach a workload, with the ports they reach.' })
export class ExternalReachModel {
  @Field(() => [String], { description: 'The address blocks, as CIDRs.' }) cidrs!: string[];
  @Field({ description: 'True when every port is reachable.' }) allPorts!: boolean;
  @Field(() => [PortEntryModel], { description: 'The reachable port ranges, by protocol.' }) ports!: PortEntryModel[];
}

@ObjectType('ExposedEndpoint', { description: 'A workload reachable from outside the cluster.' })
export class ExposedEndpointModel {
  @Field(() => EndpointModel, { description: 'The workload.' }) endpoint!: EndpointModel;
  @Field(() => [ExternalReachModel], { description: 'External addresses that reach it.' }) fromExternal!: ExternalReachModel[];
  @Field(() => ConnSetModel, { nullable: true, description: 'Through Ingress / Route objects.' }) fromIngressController!: ConnSetModel | null;

  static from(e: ExposedEndpoint): ExposedEndpointModel {
    return {
      endpoint: EndpointModel.from(e.endpoint, 'workload'),
      fromExternal: e.fromExternal.map((x) => ({ cidrs: x.cidrs, allPorts: x.allPorts, ports: x.ports.map(PortEntryModel.from) })),
      fromIngressController: e.fromIngressController
        ? { allPorts: e.fromIngressController.allPorts, ports: e.fromIngressController.ports.map(PortEntryModel.from) }
        : null,
    };
  }
}

@ObjectType('Metric', { description: 'One metric of an analysed snapshot (docs/contracts.md lists them).' })
export class MetricModel {
  @Field({ description: 'Metric name, e.g. `pods`, `policies`, `allowed_workload_pairs`.' }) name!: string;
  @Field(() => Float, { description: 'Its value.' }) value!: number;
}

@ObjectType('HistoryPoint', { description: 'The metrics of one ready snapshot.' })
export class HistoryPointModel {
  @Field(() => ID, { description: 'Id of the snapshot.' }) snapshotId!: string;
  @Field({ description: 'Its name.' }) name!: string;
  @Field({ description: 'When the cluster was observed.' }) capturedAt!: Date;
  @Field(() => [MetricModel], { description: 'Its metrics.' }) metrics!: MetricModel[];
}
