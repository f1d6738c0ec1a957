import { Field, ObjectType } from '@nestjs/graphql';
import type { ExposureReason } from '../../../engine/index.js';
import { FindingObjectModel } from '../../findings/finding.model.js';

@ObjectType('ExposureReason', { description: 'One path by which a workload is reachable from outside the cluster.' })
export class ExposureReasonModel {
  @Field({
    description:
      'no-ingress-isolation, ip-block, admin-policy, ingress-route, load-balancer-service, node-port-service, external-ips, host-network or host-port (docs/contracts.md "Exposure reasons").',
  })
  code!: string;
  @Field({ description: 'One line for people, naming the objects.' }) message!: string;
  @Field(() => [FindingObjectModel], { description: 'The policies, Services, Ingresses/Routes or pods behind it.' }) objects!: FindingObjectModel[];

  static from(r: ExposureReason): ExposureReasonModel {
    return { code: r.code, message: r.message, objects: r.objects.map(FindingObjectModel.from) };
  }
}
