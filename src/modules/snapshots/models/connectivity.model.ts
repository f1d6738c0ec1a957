import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { endpointText, type Connection, type ConnectivityResult, type Endpoint, type Granularity, type PortEntry } from '../../../engine/index.js';

export enum GranularityValue {
  pod = 'pod',
  workload = 'workload',
  namespace = 'namespace',
}
registerEnumType(GranularityValue, { name: 'Granularity' });

@ObjectType('Endpoint', { description: 'A pod, workload, namespace, external address block, or the ingress controller.' })
export class EndpointModel {
  @Field({ description: 'Pod, a workload kind (Deployment, …), Namespace, External or IngressController.' }) kind!: string;
  @Field(() => String, { nullable: true }) namespace?: string;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => [String], { nullable: true, description: 'External blocks: the exact CIDR cover.' }) cidrs?: string[];
  @Field({ description: 'Text form, e.g. `shop/frontend[Deployment]`.' }) text!: string;

  static from(e: Endpoint, granularity: Granularity): EndpointModel {
    return Object.assign(new EndpointModel(), e, { text: endpointText(e, granularity) });
  }
}

@ObjectType('PortRange')
export class PortEntryModel {
  @Field() protocol!: string;
  @Field(() => Int, { nullable: true }) from?: number;
  @Field(() => Int, { nullable: true }) to?: number;
  @Field(() => String, { nullable: true, description: 'An unresolved named port.' }) name?: string;

  static from(p: PortEntry): PortEntryModel {
    return Object.assign(new PortEntryModel(), p);
  }
}

@ObjectType('Connection')
export class ConnectionModel {
  @Field(() => EndpointModel) src!: EndpointModel;
  @Field(() => EndpointModel) dst!: EndpointModel;
  @Field() allPorts!: boolean;
  @Field(() => [PortEntryModel]) ports!: PortEntryModel[];

  static from(c: Connection, granularity: Granularity): ConnectionModel {
    return Object.assign(new ConnectionModel(), {
      src: EndpointModel.from(c.src, granularity),
      dst: EndpointModel.from(c.dst, granularity),
      allPorts: c.allPorts,
      ports: c.ports.map(PortEntryModel.from),
    });
  }
}
@ObjectType('Connectivity')
export class ConnectivityModel {
  @Field() snapshot!: string;
  @Field(() => GranularityValue) granularity!: GranularityValue;
  @Field() ipBlockMatchesPods!: boolean;
  @Field(() => [ConnectionModel]) connections!: ConnectionModel[];

  static from(r: ConnectivityResult): ConnectivityModel {
    return Object.assign(new ConnectivityModel(), {
      snapshot: r.snapshot,
      granularity: r.granularity as GranularityValue,
      ipBlockMatchesPods: r.options.ipBlockMatchesPods,
      connections: r.connections.map((c) => ConnectionModel.from(c, r.granularity)),
    });
  }
}
