import { Field, ObjectType } from '@nestjs/graphql';
import type { DiffResult } from '../../engine/index.js';
import { EndpointModel, PortEntryModel } from '../snapshots/models/connectivity.model.js';

@ObjectType('ConnSet', { description: 'A set of allowed ports and protocols.' })
export class ConnSetModel {
  @Field({ description: 'True when every port of every protocol is allowed (then `ports` is empty).' }) allPorts!: boolean;
  @Field(() => [PortEntryModel], { description: 'The allowed port ranges, by protocol.' }) ports!: PortEntryModel[];
}

@ObjectType('ConnectionChange', { description: 'One connection that differs between the two snapshots.' })
export class ConnectionChangeModel {
  @Field({ description: 'added, removed or changed' }) type!: string;
  @Field(() => EndpointModel, { description: 'Where the connection starts.' }) src!: EndpointModel;
  @Field(() => EndpointModel, { description: 'Where the connection goes.' }) dst!: EndpointModel;
  @Field(() => ConnSetModel, { nullable: true, description: 'What was allowed before; null when nothing was (added).' }) before!: ConnSetModel | null;
  @Field(() => ConnSetModel, { nullable: true, description: 'What is allowed after; null when nothing is (removed).' }) after!: ConnSetModel | null;
  @Field(() => String, { nullable: true, description: '"workload added" or "workload removed"' }) note!: string | null;
}

@ObjectType('PolicyChanges', { description: 'Policies added, removed or modified between the two snapshots, as `Kind namespace/name`.' })
export class PolicyChangesModel {
  @Field(() => [String], { description: 'Policies only in the later snapshot.' }) added!: string[];
  @Field(() => [String], { description: 'Policies only in the earlier snapshot.' }) removed!: string[];
  @Field(() => [String], { description: 'Policies in both whose spec differs.' }) modified!: string[];
}

@ObjectType('ExposureChanges', { description: 'Workloads whose reachability from outside the cluster changed.' })
export class ExposureChangesModel {
  @Field(() => [EndpointModel], { description: 'Reachable from outside only in the later snapshot.' }) newlyExposed!: EndpointModel[];
  @Field(() => [EndpointModel], { description: 'Reachable from outside only in the earlier snapshot.' }) noLongerExposed!: EndpointModel[];
}

@ObjectType('SnapshotDiff', { description: 'What changed between two snapshots, from their stored analysis results.' })
export class DiffModel {
  @Field({ description: 'Id of the earlier snapshot.' }) from!: string;
  @Field({ description: 'Id of the later snapshot.' }) to!: string;
  @Field({ description: 'Granularity compared: pod, workload or namespace.' }) granularity!: string;
  @Field(() => [ConnectionChangeModel], { description: 'Connections added, removed or changed.' }) changes!: ConnectionChangeModel[];
  @Field(() => PolicyChangesModel, { description: 'Policies added, removed or modified.' }) policies!: PolicyChangesModel;
  @Field(() => ExposureChangesModel, { description: 'Changes in what is reachable from outside the cluster.' }) exposure!: ExposureChangesModel;

  static from(d: DiffResult): DiffModel {
    const g = d.granularity;
    const conns = (c: { allPorts: boolean; ports: Parameters<typeof PortEntryModel.from>[0][] } | null) =>
      c ? { allPorts: c.allPorts, ports: c.ports.map(PortEntryModel.from) } : null;
    return {
      from: d.from,
      to: d.to,
      granularity: g,
      changes: d.changes.map((c) => ({
        type: c.type,
        src: EndpointModel.from(c.src, g),
        dst: EndpointModel.from(c.dst, g),
        before: conns(c.before),
        after: conns(c.after),
        note: c.note,
      })),
      policies: d.policies,
      exposure: {
        newlyExposed: d.exposure.newlyExposed.map((e) => EndpointModel.from(e, g)),
        noLongerExposed: d.exposure.noLongerExposed.map((e) => EndpointModel.from(e, g)),
      },
    };
  }
}
