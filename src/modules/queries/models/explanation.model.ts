import { Field, Int, ObjectType } from '@nestjs/graphql';
import { endpointText, type Decision, type DirectionVerdict, type Explanation } from '../../../engine/index.js';
import { EndpointModel } from '../../snapshots/models/connectivity.model.js';
import { EnforcementModel, NetworkPluginModel, networkModels, OptionSourcesModel } from '../../snapshots/models/network.model.js';

@ObjectType('Decision', { description: 'A policy, rule and tier that decided a verdict.' })
export class DecisionModel {
  @Field({ description: 'Policy kind: NetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy, or a default.' }) kind!: string;
  @Field(() => String, { nullable: true, description: 'Namespace of a namespaced policy.' }) namespace?: string;
  @Field(() => String, { nullable: true, description: 'Policy name.' }) name?: string;
  @Field(() => String, { nullable: true, description: 'The rule that matched, e.g. `ingress[0]`.' }) rule?: string;
  @Field({ description: 'Tier that decided: admin, networkpolicy, baseline or default.' }) tier!: string;
  @Field({ description: 'Allow, Deny, Pass, or the isolation default.' }) action!: string;
  @Field(() => Int, { nullable: true, description: 'Priority of an admin policy.' }) priority?: number;
}

@ObjectType('DirectionVerdict', { description: 'The verdict of one direction (egress of the source, or ingress of the destination).' })
export class DirectionVerdictModel {
  @Field({ description: 'Whether this direction allows the connection.' }) allowed!: boolean;
  @Field({ description: 'Why, for a person.' }) reason!: string;
  @Field(() => [DecisionModel], { description: 'The policies and rules that decided.' }) decidedBy!: DecisionModel[];

  static from(v: DirectionVerdict): DirectionVerdictModel {
    return { allowed: v.allowed, reason: v.reason, decidedBy: v.decidedBy.map((d: Decision) => Object.assign(new DecisionModel(), d)) };
  }
}

@ObjectType('Explanation', { description: 'Whether a connection is allowed, and why, per direction.' })
export class ExplanationModel {
  @Field({ description: 'True when both directions allow the connection.' }) allowed!: boolean;
  @Field(() => EndpointModel, { description: 'The source asked about.' }) src!: EndpointModel;
  @Field(() => EndpointModel, { description: 'The destination asked about.' }) dst!: EndpointModel;
  @Field({ description: 'TCP, UDP or SCTP.' }) protocol!: string;
  @Field(() => Int, { description: 'Destination port.' }) port!: number;
  @Field(() => DirectionVerdictModel, { description: 'Verdict of the source\'s egress policies.' }) egress!: DirectionVerdictModel;
  @Field(() => DirectionVerdictModel, { description: 'Verdict of the destination\'s ingress policies.' }) ingress!: DirectionVerdictModel;
  @Field(() => [DecisionModel], { description: 'The decisions of both directions together.' }) decidedBy!: DecisionModel[];
  @Field(() => NetworkPluginModel, { nullable: true, description: 'The detected network plugin and its evidence.' }) cni!: NetworkPluginModel | null;
  @Field(() => EnforcementModel, { nullable: true, description: 'Whether the policies were enforced; when not, `allowed` is what the network does and `intendedAllowed` what the policies say.' }) enforcement!: EnforcementModel | null;
  @Field(() => OptionSourcesModel, { nullable: true, description: 'Where each analysis option came from.' }) optionSources!: OptionSourcesModel | null;
  @Field(() => Boolean, { nullable: true, description: 'When policies are not enforced: whether the policies would allow the connection; null otherwise.' }) intendedAllowed!: boolean | null;

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
      ...networkModels(e),
      intendedAllowed: e.intended?.allowed ?? null,
    };
  }
}
