import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { endpointText, type Connection, type ConnectivityResult, type Endpoint, type Granularity, type PortEntry } from '../../../engine/index.js';
import { ClusterRangesModel, EnforcementModel, NetworkPluginModel, networkModels, OptionSourcesModel } from './network.model.js';

export enum GranularityValue {
  pod = 'pod',
  workload = 'workload',
  namespace = 'namespace',
}
registerEnumType(GranularityValue, {
  name: 'Granularity',
  description: 'How finely endpoints are told apart in connectivity.',
  valuesMap: {
    pod: { description: 'Each pod (served at every snapshot size; page large results with limit and cursor).' },
    workload: { description: 'Each workload (Deployment, StatefulSet, …; bare pods by name).' },
    namespace: { description: 'Each namespace.' },
  },
});

@ObjectType('Endpoint', { description: 'A pod, workload, namespace, external address block, or the ingress controller.' })
export class EndpointModel {
  @Field({ description: 'Pod, a workload kind (Deployment, …), Namespace, External or IngressController.' }) kind!: string;
  @Field(() => String, { nullable: true, description: 'Namespace of a pod or workload.' }) namespace?: string;
  @Field(() => String, { nullable: true, description: 'Name of a pod, workload or namespace.' }) name?: string;
  @Field(() => [String], { nullable: true, description: 'External blocks: the exact CIDR cover.' }) cidrs?: string[];
  @Field({ description: 'Text form, e.g. `shop/frontend[Deployment]`.' }) text!: string;

  static from(e: Endpoint, granularity: Granularity): EndpointModel {
    return Object.assign(new EndpointModel(), e, { text: endpointText(e, granularity) });
  }
}

@ObjectType('PortRange', { description: 'A port range of one protocol, or a named port.' })
export class PortEntryModel {
  @Field({ description: 'TCP, UDP or SCTP.' }) protocol!: string;
  @Field(() => Int, { nullable: true, description: 'First port of the range.' }) from?: number;
  @Field(() => Int, { nullable: true, description: 'Last port of the range (inclusive).' }) to?: number;
  @Field(() => String, { nullable: true, description: 'An unresolved named port.' }) name?: string;

  static from(p: PortEntry): PortEntryModel {
    return Object.assign(new PortEntryModel(), p);
  }
}

@ObjectType('Connection', { description: 'Allowed traffic from one endpoint to another.' })
export class ConnectionModel {
  @Field(() => EndpointModel, { description: 'Where the connection starts.' }) src!: EndpointModel;
  @Field(() => EndpointModel, { description: 'Where the connection goes.' }) dst!: EndpointModel;
  @Field({ description: 'True when every port of every protocol is allowed (then `ports` is empty).' }) allPorts!: boolean;
  @Field(() => [PortEntryModel], { description: 'The allowed port ranges, by protocol.' }) ports!: PortEntryModel[];

  static from(c: Connection, granularity: Granularity): ConnectionModel {
    return Object.assign(new ConnectionModel(), {
      src: EndpointModel.from(c.src, granularity),
      dst: EndpointModel.from(c.dst, granularity),
      allPorts: c.allPorts,
      ports: c.ports.map(PortEntryModel.from),
    });
  }
}
@ObjectType('Connectivity', { description: 'Every allowed connection of a snapshot at one granularity.' })
export class ConnectivityModel {
  @Field({ description: 'Id of the snapshot.' }) snapshot!: string;
  @Field(() => GranularityValue, { description: 'Granularity of the endpoints.' }) granularity!: GranularityValue;
  @Field({ description: 'Analysis option in force: whether ipBlock peers match pod IPs.' }) ipBlockMatchesPods!: boolean;
  @Field(() => [ConnectionModel], { description: 'The allowed connections.' }) connections!: ConnectionModel[];
  @Field(() => NetworkPluginModel, { nullable: true, description: 'The detected network plugin and its evidence.' }) cni!: NetworkPluginModel | null;
  @Field(() => EnforcementModel, { nullable: true, description: 'Whether the policies were enforced (false: every connection is allowed).' }) enforcement!: EnforcementModel | null;
  @Field(() => OptionSourcesModel, { nullable: true, description: 'Where each analysis option came from.' }) optionSources!: OptionSourcesModel | null;
  @Field(() => ClusterRangesModel, { nullable: true, description: 'The cluster\'s own pod and Service ranges in force (not public addresses).' }) clusterRanges!: ClusterRangesModel | null;
  @Field(() => String, { nullable: true, description: 'With `limit` or `cursor`: pass as `cursor` for the next page; null on the last page (and without paging).' }) nextCursor!: string | null;

  static from(r: ConnectivityResult & { nextCursor?: string | null }): ConnectivityModel {
    return Object.assign(new ConnectivityModel(), {
      snapshot: r.snapshot,
      granularity: r.granularity as GranularityValue,
      ipBlockMatchesPods: r.options.ipBlockMatchesPods,
      connections: r.connections.map((c) => ConnectionModel.from(c, r.granularity)),
      nextCursor: r.nextCursor ?? null,
      ...networkModels(r),
    });
  }
}
