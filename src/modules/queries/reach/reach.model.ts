import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { ReachEntry, ReachResult } from '../../../engine/index.js';
import { EndpointModel, PortEntryModel } from '../../snapshots/models/connectivity.model.js';
import { EnforcementModel, NetworkPluginModel, networkModels, OptionSourcesModel } from '../../snapshots/models/network.model.js';

@ObjectType('ReachEntry', { description: 'An endpoint on the other side of a reach question, with the ports allowed.' })
export class ReachEntryModel {
  @Field(() => EndpointModel, { description: 'A workload, pod, external address block or the ingress controller.' }) endpoint!: EndpointModel;
  @Field({ description: 'Every port of TCP, UDP and SCTP.' }) allPorts!: boolean;
  @Field(() => [PortEntryModel], { description: 'The ports allowed (empty when allPorts).' }) ports!: PortEntryModel[];
  @Field(() => [String], { nullable: true, description: 'whoCanReach on a Service port: the backend pods (`ns/name`) this source reaches on their target port.' }) backends!: string[] | null;
}

@ObjectType('ReachServiceBackend', { description: 'A pod a Service selects.' })
export class ReachServiceBackendModel {
  @Field({ description: 'Namespace of the pod.' }) namespace!: string;
  @Field({ description: 'Name of the pod.' }) name!: string;
  @Field(() => Int, { nullable: true, description: 'With a port: its target port (a named one resolved on its container ports); null when not resolved.' }) targetPort!: number | null;
  @Field(() => Boolean, { nullable: true, description: 'With a port (whoCanReach): whether any source reaches it on its target port.' }) reachable!: boolean | null;
}

@ObjectType('ReachService', { description: 'A Service as the subject of a reach question: it stands for its backends.' })
export class ReachServiceModel {
  @Field({ description: 'Namespace of the Service.' }) namespace!: string;
  @Field({ description: 'Name of the Service.' }) name!: string;
  @Field({ description: 'ClusterIP, NodePort, LoadBalancer, ExternalName…' }) type!: string;
  @Field(() => Int, { nullable: true, description: 'The Service port asked about.' }) port!: number | null;
  @Field(() => String, { nullable: true, description: 'Its target port as written: a number or a container port name.' }) targetPort!: string | null;
  @Field(() => [ReachServiceBackendModel], { description: 'The pods it selects.' }) backends!: ReachServiceBackendModel[];
}

@ObjectType('ReachResult', { description: 'Who can reach an endpoint (sources), or what it can reach (destinations).' })
export class ReachResultModel {
  @Field(() => EndpointModel, { description: 'The target (whoCanReach) or source (reachableFrom), as resolved.' }) subject!: EndpointModel;
  @Field({ description: 'Rows per workload or per pod.' }) granularity!: string;
  @Field(() => Int, { nullable: true, description: 'The port asked about: only rows allowing it are listed.' }) port!: number | null;
  @Field(() => String, { nullable: true, description: 'Protocol of `port`.' }) protocol!: string | null;
  @Field(() => [ReachEntryModel], { description: 'whoCanReach: the sources; reachableFrom: the destinations.' }) entries!: ReachEntryModel[];
  @Field(() => ReachServiceModel, { nullable: true, description: 'When the subject is a Service (`Service ns/name`): it and its backends; `port` is then a Service port.' }) service!: ReachServiceModel | null;
  @Field(() => NetworkPluginModel, { nullable: true, description: 'The detected network plugin and its evidence.' }) cni!: NetworkPluginModel | null;
  @Field(() => EnforcementModel, { nullable: true, description: 'Whether the policies were enforced for this answer.' }) enforcement!: EnforcementModel | null;
  @Field(() => OptionSourcesModel, { nullable: true, description: 'Where each analysis option came from.' }) optionSources!: OptionSourcesModel | null;

  static from(r: ReachResult): ReachResultModel {
    const g = r.granularity;
    const entry = (e: ReachEntry): ReachEntryModel => ({ endpoint: EndpointModel.from(e.endpoint, g), allPorts: e.allPorts, ports: e.ports.map(PortEntryModel.from), backends: e.backends ?? null });
    const s = r.service;
    return {
      subject: EndpointModel.from(r.subject, g),
      granularity: g,
      port: r.port ?? null,
      protocol: r.protocol ?? null,
      entries: (r.sources ?? r.destinations ?? []).map(entry),
      service: s
        ? {
            namespace: s.namespace,
            name: s.name,
            type: s.type,
            port: s.servicePort?.port ?? null,
            targetPort: s.servicePort === undefined ? null : String(s.servicePort.targetPort),
            backends: s.backends.map((b) => ({ namespace: b.pod.namespace, name: b.pod.name, targetPort: b.targetPort ?? null, reachable: b.reachable ?? null })),
          }
        : null,
      ...networkModels(r),
    };
  }
}
