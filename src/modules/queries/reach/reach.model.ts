import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { ReachEntry, ReachResult } from '../../../engine/index.js';
import { EndpointModel, PortEntryModel } from '../../snapshots/models/connectivity.model.js';
import { EnforcementModel, NetworkPluginModel, networkModels, OptionSourcesModel } from '../../snapshots/models/network.model.js';

@ObjectType('ReachEntry', { description: 'An endpoint on the other side of a reach question, with the ports allowed.' })
export class ReachEntryModel {
  @Field(() => EndpointModel, { description: 'A workload, pod, external address block or the ingress controller.' }) endpoint!: EndpointModel;
  @Field({ description: 'Every port of TCP, UDP and SCTP.' }) allPorts!: boolean;
  @Field(() => [PortEntryModel], { description: 'The ports allowed (empty when allPorts).' }) ports!: PortEntryModel[];
}

@ObjectType('ReachResult', { description: 'Who can reach an endpoint (sources), or what it can reach (destinations).' })
export class ReachResultModel {
  @Field(() => EndpointModel, { description: 'The target (whoCanReach) or source (reachableFrom), as resolved.' }) subject!: EndpointModel;
  @Field({ description: 'Rows per workload or per pod.' }) granularity!: string;
  @Field(() => Int, { nullable: true, description: 'The port asked about: only rows allowing it are listed.' }) port!: number | null;
  @Field(() => String, { nullable: true, description: 'Protocol of `port`.' }) protocol!: string | null;
  @Field(() => [ReachEntryModel], { description: 'whoCanReach: the sources; reachableFrom: the destinations.' }) entries!: ReachEntryModel[];
  @Field(() => NetworkPluginModel, { nullable: true, description: 'The detected network plugin and its evidence.' }) cni!: NetworkPluginModel | null;
  @Field(() => EnforcementModel, { nullable: true, description: 'Whether the policies were enforced for this answer.' }) enforcement!: EnforcementModel | null;
  @Field(() => OptionSourcesModel, { nullable: true, description: 'Where each analysis option came from.' }) optionSources!: OptionSourcesModel | null;

  static from(r: ReachResult): ReachResultModel {
    const g = r.granularity;
    const entry = (e: ReachEntry): ReachEntryModel => ({ endpoint: EndpointModel.from(e.endpoint, g), allPorts: e.allPorts, ports: e.ports.map(PortEntryModel.from) });
    return {
      subject: EndpointModel.from(r.subject, g),
      granularity: g,
      port: r.port ?? null,
      protocol: r.protocol ?? null,
      entries: (r.sources ?? r.destinations ?? []).map(entry),
      ...networkModels(r),
    };
  }
}
