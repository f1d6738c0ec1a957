import { Field, ObjectType } from '@nestjs/graphql';
import type { NetworkContext, NetworkPluginReport, PluginEvidence } from '../../../engine/index.js';

@ObjectType('PluginEvidence', { description: 'An object that made the detection recognise a network plugin.' })
export class PluginEvidenceModel {
  @Field({ description: 'DaemonSet, Deployment, Pod or ConfigMap.' }) kind!: string;
  @Field({ description: 'Namespace of the object (kube-system, calico-system, …).' }) namespace!: string;
  @Field({ description: 'Name of the object.' }) name!: string;
  @Field({ description: 'What matched: `name`, `label k8s-app=calico-node`, `image …`, `container aws-eks-nodeagent --enable-network-policy=true`.' }) matched!: string;

  static from(e: PluginEvidence): PluginEvidenceModel {
    return Object.assign(new PluginEvidenceModel(), e);
  }
}

@ObjectType('DetectedPlugin', { description: 'One network plugin recognised in the snapshot.' })
export class DetectedPluginModel {
  @Field({ description: 'Plugin id (calico, cilium, kindnet, flannel, aws-vpc-cni, …).' }) plugin!: string;
  @Field({ description: 'Whether this plugin enforces NetworkPolicy, as found.' }) enforcesNetworkPolicy!: boolean;
  @Field({ description: 'Why it does or does not enforce.' }) reason!: string;
  @Field(() => [PluginEvidenceModel], { description: 'The objects that matched.' }) evidence!: PluginEvidenceModel[];
}

@ObjectType('NetworkPlugin', { description: 'The network plugin detected in a snapshot, which decides whether policies take effect.' })
export class NetworkPluginModel {
  @Field(() => String, { nullable: true, description: 'The plugin that decides enforcement; null when none is recognised.' }) plugin!: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether it enforces NetworkPolicy; null when no plugin is recognised.' }) enforcesNetworkPolicy!: boolean | null;
  @Field({ description: 'Why it does or does not enforce.' }) reason!: string;
  @Field(() => [PluginEvidenceModel], { description: 'The objects that matched the deciding plugin.' }) evidence!: PluginEvidenceModel[];
  @Field(() => [DetectedPluginModel], { description: 'Every plugin recognised (e.g. the AWS VPC CNI chained with Calico).' }) detected!: DetectedPluginModel[];

  static from(r: NetworkPluginReport): NetworkPluginModel {
    return {
      plugin: r.plugin,
      enforcesNetworkPolicy: r.enforcesNetworkPolicy,
      reason: r.reason,
      evidence: r.evidence.map(PluginEvidenceModel.from),
      detected: r.detected.map((d) => ({ ...d, evidence: d.evidence.map(PluginEvidenceModel.from) })),
    };
  }
}

@ObjectType('Enforcement', { description: 'Whether the verdicts apply the policies.' })
export class EnforcementModel {
  @Field({ description: 'As asked: enforced, not-enforced or auto (from the detected plugin).' }) mode!: string;
  @Field({ description: 'False: the plugin does not enforce policies, so every connection is allowed.' }) enforced!: boolean;
}

@ObjectType('OptionSources', { description: 'Where each analysis option came from: option (given by the caller), cluster (the cluster\'s analysisOptions), upload (the snapshot\'s own override at upload), detected (the plugin) or default.' })
export class OptionSourcesModel {
  @Field({ description: 'Source of ipBlockMatchesPods.' }) ipBlockMatchesPods!: string;
  @Field({ description: 'Source of hostNetwork.' }) hostNetwork!: string;
  @Field({ description: 'Source of adminNetworksMatchPods.' }) adminNetworksMatchPods!: string;
  @Field({ description: 'Source of enforcement.' }) enforcement!: string;
  @Field({ description: 'Source of the cluster\'s pod ranges (`clusterRanges.podCIDRs`); default: none known.' }) podCIDRs!: string;
  @Field({ description: 'Source of the cluster\'s Service ranges (`clusterRanges.serviceCIDRs`); default: none known.' }) serviceCIDRs!: string;
}

@ObjectType('ClusterRanges', { description: 'The cluster\'s own pod and Service ranges in force: never "the internet" (exposure, internet egress, attack paths, intents).' })
export class ClusterRangesModel {
  @Field(() => [String], { description: 'Pod ranges (CIDRs).' }) podCIDRs!: string[];
  @Field(() => [String], { description: 'Service ranges (CIDRs).' }) serviceCIDRs!: string[];
}

/** The network fields every answer carries, as GraphQL values (`clusterRanges` where the model declares it). */
export function networkModels(n: Partial<NetworkContext>): {
  cni: NetworkPluginModel | null;
  enforcement: EnforcementModel | null;
  optionSources: OptionSourcesModel | null;
  clusterRanges: ClusterRangesModel | null;
} {
  return {
    cni: n.cni ? NetworkPluginModel.from(n.cni) : null,
    enforcement: n.enforcement ? { ...n.enforcement } : null,
    optionSources: n.optionSources ? { ...n.optionSources } : null,
    clusterRanges: n.clusterRanges ? { podCIDRs: [...n.clusterRanges.podCIDRs], serviceCIDRs: [...n.clusterRanges.serviceCIDRs] } : null,
  };
}
