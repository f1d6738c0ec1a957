import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { ConnSetModel } from '../../diff/diff.model.js';
import { EndpointModel, PortEntryModel } from '../../snapshots/models/connectivity.model.js';
import type { ExposedEndpoint } from '../queries.service.js';

@ObjectType('ExternalReach')
export class ExternalReachModel {
  @Field(() => [String]) cidrs!: string[];
  @Field() allPorts!: boolean;
  @Field(() => [PortEntryModel]) ports!: PortEntryModel[];
}

@ObjectType('ExposedEndpoint', { description: 'A workload reachable from outside the cluster.' })
export class ExposedEndpointModel {
  @Field(() => EndpointModel) endpoint!: EndpointModel;
  @Field(() => [ExternalReachModel]) fromExternal!: ExternalReachModel[];
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

@ObjectType('Metric')
export class MetricModel {
  @Field() name!: string;
  @Field(() => Float) value!: number;
}

@ObjectType('HistoryPoint', { description: 'The metrics of one ready snapshot.' })
export class HistoryPointModel {
  @Field(() => ID) snapshotId!: string;
  @Field() name!: string;
  @Field() capturedAt!: Date;
  @Field(() => [MetricModel]) metrics!: MetricModel[];
}
