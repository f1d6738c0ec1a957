import { Field, Int, ObjectType } from '@nestjs/graphql';
import { endpointText, type ServiceExplanation } from '../../../engine/index.js';
import { EndpointModel } from '../../snapshots/models/connectivity.model.js';
import { DecisionModel, DirectionVerdictModel } from '../models/explanation.model.js';
import { EnforcementModel, NetworkPluginModel, networkModels, OptionSourcesModel } from '../../snapshots/models/network.model.js';

@ObjectType('ServiceEndpointVerdict', { description: 'One pod a Service selects: the port the Service port maps to on it, and the verdict there.' })
export class ServiceEndpointVerdictModel {
  @Field(() => EndpointModel, { description: 'The pod.' }) pod!: EndpointModel;
  @Field(() => Int, { nullable: true, description: 'The targetPort on this pod; null when a named targetPort is not among its container ports.' }) targetPort!: number | null;
  @Field({ description: 'Whether the source reaches this pod on targetPort.' }) allowed!: boolean;
  @Field(() => DirectionVerdictModel, { nullable: true, description: 'Verdict of the source\'s egress policies on targetPort.' }) egress!: DirectionVerdictModel | null;
  @Field(() => DirectionVerdictModel, { nullable: true, description: 'Verdict of the pod\'s ingress policies on targetPort.' }) ingress!: DirectionVerdictModel | null;
  @Field(() => [DecisionModel], { description: 'The decisions of both directions together.' }) decidedBy!: DecisionModel[];
  @Field(() => String, { nullable: true, description: 'Why the pod is not reached, when targetPort did not resolve.' }) reason!: string | null;
}

@ObjectType('ServiceExplanation', { description: 'Whether a source reaches the pods behind a Service port: the Service port mapped to each pod\'s targetPort.' })
export class ServiceExplanationModel {
  @Field({ description: 'True when at least one selected pod is reached.' }) allowed!: boolean;
  @Field(() => EndpointModel, { description: 'The source asked about.' }) src!: EndpointModel;
  @Field({ description: 'The Service as ns/name.' }) service!: string;
  @Field({ description: 'The Service type (ClusterIP, NodePort, LoadBalancer…).' }) serviceType!: string;
  @Field({ description: 'TCP, UDP or SCTP.' }) protocol!: string;
  @Field(() => Int, { description: 'The Service port asked about.' }) port!: number;
  @Field(() => String, { nullable: true, description: 'The Service port\'s name.' }) portName!: string | null;
  @Field({ description: 'The targetPort as the Service writes it (a number or a container port name).' }) targetPort!: string;
  @Field(() => [ServiceEndpointVerdictModel], { description: 'Each pod the Service selects.' }) endpoints!: ServiceEndpointVerdictModel[];
  @Field(() => NetworkPluginModel, { nullable: true, description: 'The detected network plugin and its evidence.' }) cni!: NetworkPluginModel | null;
  @Field(() => EnforcementModel, { nullable: true, description: 'Whether the policies were enforced.' }) enforcement!: EnforcementModel | null;
  @Field(() => OptionSourcesModel, { nullable: true, description: 'Where each analysis option came from.' }) optionSources!: OptionSourcesModel | null;

  static from(e: ServiceExplanation): ServiceExplanationModel {
    return {
      allowed: e.allowed,
      src: Object.assign(new EndpointModel(), e.src, { text: endpointText(e.src, 'pod') }),
      service: `${e.service.namespace}/${e.service.name}`,
      serviceType: e.service.type,
      protocol: e.protocol,
      port: e.servicePort.port,
      portName: e.servicePort.name ?? null,
      targetPort: String(e.servicePort.targetPort),
      endpoints: e.endpoints.map((x) => ({
        pod: EndpointModel.from(x.pod, 'pod'),
        targetPort: x.targetPort,
        allowed: x.allowed,
        egress: x.verdict ? DirectionVerdictModel.from(x.verdict.egress) : null,
        ingress: x.verdict ? DirectionVerdictModel.from(x.verdict.ingress) : null,
        decidedBy: (x.verdict?.decidedBy ?? []).map((d) => Object.assign(new DecisionModel(), d)),
        reason: x.reason ?? null,
      })),
      ...networkModels(e),
    };
  }
}
