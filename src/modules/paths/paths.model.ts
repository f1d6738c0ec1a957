import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import type { AttackPathsResult, BlastRadiusResult, PathSource } from '../../engine/index.js';
import { EndpointModel, PortEntryModel } from '../snapshots/models/connectivity.model.js';
import { EnforcementModel, NetworkPluginModel, networkModels, OptionSourcesModel } from '../snapshots/models/network.model.js';

/** A walk's start as an Endpoint: `{kind: Internet, text: internet}` for the internet. */
export function sourceModel(s: PathSource): EndpointModel {
  if (s.kind === 'Internet') return Object.assign(new EndpointModel(), { kind: 'Internet', text: 'internet' });
  return EndpointModel.from(s as never, 'workload');
}

@ObjectType('PathHop', { description: 'One hop of an attack path: what `from` may open to `to`.' })
export class PathHopModel {
  @Field(() => EndpointModel, { description: 'A workload, the walk\'s source, or on the first hop from the internet: the public address blocks (External) or the ingress controller.' }) from!: EndpointModel;
  @Field(() => EndpointModel, { description: 'The workload reached.' }) to!: EndpointModel;
  @Field({ description: 'Every port of every protocol.' }) allPorts!: boolean;
  @Field(() => [PortEntryModel], { description: 'The ports allowed on this hop (the last hop: to the pods the selector matches).' }) ports!: PortEntryModel[];
}

@ObjectType('AttackPath', { description: 'One shortest path from the source to a target workload.' })
export class AttackPathModel {
  @Field(() => EndpointModel, { description: 'The target workload (a pod of it matches the selector).' }) target!: EndpointModel;
  @Field(() => [PathHopModel], { description: 'The hops, in order.' }) hops!: PathHopModel[];
}

@ObjectType('AttackPaths', { description: 'Shortest paths of at most k hops from a source to the workloads a label selector matches.' })
export class AttackPathsModel {
  @Field(() => EndpointModel, { description: 'The source as resolved (kind Internet for the internet).' }) source!: EndpointModel;
  @Field({ description: 'The target label selector as given.' }) to!: string;
  @Field(() => Int, { description: 'The hop limit k.' }) maxHops!: number;
  @Field(() => Int, { description: 'Workloads with a pod the selector matches.' }) targets!: number;
  @Field(() => Int, { description: 'Targets reached within k hops.' }) targetsReached!: number;
  @Field(() => [AttackPathModel], { description: 'One shortest path per target reached, shortest first (at most 1,000).' }) paths!: AttackPathModel[];
  @Field(() => NetworkPluginModel, { nullable: true, description: 'The detected network plugin.' }) cni!: NetworkPluginModel | null;
  @Field(() => EnforcementModel, { nullable: true, description: 'Whether the policies were enforced for this answer.' }) enforcement!: EnforcementModel | null;
  @Field(() => OptionSourcesModel, { nullable: true, description: 'Where each analysis option came from.' }) optionSources!: OptionSourcesModel | null;

  static from(r: AttackPathsResult): AttackPathsModel {
    return {
      source: sourceModel(r.source),
      to: r.to,
      maxHops: r.maxHops,
      targets: r.targets,
      targetsReached: r.targetsReached,
      paths: r.paths.map((p) => ({
        target: EndpointModel.from(p.target, 'workload'),
        hops: p.hops.map((h) => ({ from: sourceModel(h.from), to: EndpointModel.from(h.to, 'workload'), allPorts: h.allPorts, ports: h.ports.map(PortEntryModel.from) })),
      })),
      ...networkModels(r),
    };
  }
}

@ObjectType('BlastRadiusEntry', { description: 'A workload reachable from the source, with the fewest hops and one way in.' })
export class BlastRadiusEntryModel {
  @Field(() => EndpointModel, { description: 'The workload reached.' }) endpoint!: EndpointModel;
  @Field(() => Int, { description: 'Fewest hops from the source.' }) hops!: number;
  @Field(() => EndpointModel, { description: 'The previous hop on one shortest walk (the source for the first hop).' }) via!: EndpointModel;
  @Field({ description: 'Every port of every protocol.' }) allPorts!: boolean;
  @Field(() => [PortEntryModel], { description: 'What `via` may open to it.' }) ports!: PortEntryModel[];
}

@ObjectType('BlastRadius', { description: 'Every workload reachable from a source within k hops.' })
export class BlastRadiusModel {
  @Field(() => EndpointModel, { description: 'The source as resolved.' }) source!: EndpointModel;
  @Field(() => Int, { description: 'The hop limit k.' }) maxHops!: number;
  @Field(() => [BlastRadiusEntryModel], { description: 'Nearest first, then by name.' }) reached!: BlastRadiusEntryModel[];
  @Field(() => NetworkPluginModel, { nullable: true, description: 'The detected network plugin.' }) cni!: NetworkPluginModel | null;
  @Field(() => EnforcementModel, { nullable: true, description: 'Whether the policies were enforced for this answer.' }) enforcement!: EnforcementModel | null;
  @Field(() => OptionSourcesModel, { nullable: true, description: 'Where each analysis option came from.' }) optionSources!: OptionSourcesModel | null;

  static from(r: BlastRadiusResult): BlastRadiusModel {
    return {
      source: sourceModel(r.source),
      maxHops: r.maxHops,
      reached: r.reached.map((e) => ({ endpoint: EndpointModel.from(e.endpoint, 'workload'), hops: e.hops, via: sourceModel(e.via), allPorts: e.allPorts, ports: e.ports.map(PortEntryModel.from) })),
      ...networkModels(r),
    };
  }
}

/** REST bodies (OpenAPI). */
export class AttackPathsBody {
  @ApiProperty({ description: 'The source as resolved: an Endpoint, or {"kind": "Internet"}.' }) source!: object;
  @ApiProperty({ description: 'The target label selector as given.' }) to!: string;
  @ApiProperty() maxHops!: number;
  @ApiProperty({ description: 'Workloads with a pod the selector matches.' }) targets!: number;
  @ApiProperty({ description: 'Targets reached within maxHops.' }) targetsReached!: number;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: '[{target, hops: [{from, to, allPorts, ports}]}], shortest first' }) paths!: object[];
  @ApiProperty({ description: 'Analysis options in force.' }) options!: object;
  @ApiProperty() cni!: object;
  @ApiProperty() enforcement!: object;
  @ApiProperty() optionSources!: object;
}

export class BlastRadiusBody {
  @ApiProperty({ description: 'The source as resolved.' }) source!: object;
  @ApiProperty() maxHops!: number;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: '[{endpoint, hops, via, allPorts, ports}], nearest first' }) reached!: object[];
  @ApiProperty() options!: object;
  @ApiProperty() cni!: object;
  @ApiProperty() enforcement!: object;
  @ApiProperty() optionSources!: object;
}
