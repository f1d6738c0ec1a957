import { Field, ObjectType } from '@nestjs/graphql';
import type { DiffResult } from '../../engine/index.js';
import { EndpointModel, PortEntryModel } from '../snapshots/models/connectivity.model.js';

@ObjectType('ConnSet')
export class ConnSetModel {
  @Field() allPorts!: boolean;
  @Field(() => [PortEntryModel]) ports!: PortEntryModel[];
}

@ObjectType('ConnectionChange')
export class ConnectionChangeModel {
  @Field({ description: 'added, removed or changed' }) type!: string;
  @Field(() => EndpointModel) src!: EndpointModel;
  @Field(() => EndpointModel) dst!: EndpointModel;
  @Field(() => ConnSetModel, { nullable: true }) before!: ConnSetModel | null;
  @Field(() => ConnSetModel, { nullable: true }) after!: ConnSetModel | null;
  @Field(() => String, { nullable: true, description: '"workload added" or "workload removed"' }) note!: string | null;
}

@ObjectType('PolicyChanges')
export class PolicyChangesModel {
  @Field(() => [String]) added!: string[];
  @Field(() => [String]) removed!: string[];
  @Field(() => [String]) modified!: string[];
}

@ObjectType('ExposureChanges')
export class ExposureChangesModel {
  @Field(() => [EndpointModel]) newlyExposed!: EndpointModel[];
  @Field(() => [EndpointModel]) noLongerExposed!: EndpointModel[];
}

@ObjectType('SnapshotDiff')
export class DiffModel {
  @Field() from!: string;
  @Field() to!: string;
  @Field() granularity!: string;
  @Field(() => [ConnectionChangeModel]) changes!: ConnectionChangeModel[];
  @Field(() => PolicyChangesModel) policies!: PolicyChangesModel;
  @Field(() => ExposureChangesModel) exposure!: ExposureChangesModel;

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
