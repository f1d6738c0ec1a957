import { Field, Int, ObjectType } from '@nestjs/graphql';
import { endpointText, type Decision, type DirectionVerdict, type Explanation } from '../../../engine/index.js';
import { EndpointModel } from '../../snapshots/models/connectivity.model.js';

@ObjectType('Decision', { description: 'A policy, rule and tier that decided a verdict.' })
export class DecisionModel {
  @Field() kind!: string;
  @Field(() => String, { nullable: true }) namespace?: string;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) rule?: string;
  @Field() tier!: string;
  @Field() action!: string;
  @Field(() => Int, { nullable: true }) priority?: number;
}

@ObjectType('DirectionVerdict')
export class DirectionVerdictModel {
  @Field() allowed!: boolean;
  @Field() reason!: string;
  @Field(() => [DecisionModel]) decidedBy!: DecisionModel[];

  static from(v: DirectionVerdict): DirectionVerdictModel {
    return { allowed: v.allowed, reason: v.reason, decidedBy: v.decidedBy.map((d: Decision) => Object.assign(new DecisionModel(), d)) };
  }
}

@ObjectType('Explanation', { description: 'Whether a connection is allowed, and why, per direction.' })
export class ExplanationModel {
  @Field() allowed!: boolean;
  @Field(() => EndpointModel) src!: EndpointModel;
  @Field(() => EndpointModel) dst!: EndpointModel;
  @Field() protocol!: string;
  @Field(() => Int) port!: number;
  @Field(() => DirectionVerdictModel) egress!: DirectionVerdictModel;
  @Field(() => DirectionVerdictModel) ingress!: DirectionVerdictModel;
  @Field(() => [DecisionModel]) decidedBy!: DecisionModel[];

  static from(e: Explanation): ExplanationModel {
    return {
      allowed: e.allowed,
      src: Object.assign(new EndpointModel(), e.src, { text: endpointText(e.src, 'pod') }),
      dst: Object.assign(new EndpointModel(), e.dst, { text: endpointText(e.dst, 'pod') }),
      protocol: e.protocol,
      port: e.port,
      egress: DirectionVerdictModel.from(e.egress),
      ingress: DirectionVerdictModel.from(e.ingress),
      decidedBy: e.decidedBy.map((d) => Object.assign(new DecisionModel(), d)),
    };
  }
}
