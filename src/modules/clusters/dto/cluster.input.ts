import { Field, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';

export const CLUSTER_PODS = 'The cluster\'s pod ranges (CIDRs, at most 64): never "the internet" in exposure. Null: read from the snapshot (kube-controller-manager --cluster-cidr, else the Nodes\' spec.podCIDRs).';
export const CLUSTER_SERVICES = 'The cluster\'s Service ranges (CIDRs, at most 64): never "the internet" in exposure. Null: read from the snapshot (--service-cluster-ip-range of kube-apiserver or kube-controller-manager).';

@InputType('ClusterAnalysisOptionsInput', {
  description: 'Analysis options for every snapshot of the cluster. An option given replaces the stored one, null unsets it (back to the detected network plugin\'s default), left out keeps it.',
})
export class ClusterAnalysisOptionsInput {
  @Field(() => Boolean, { nullable: true, description: 'Whether ipBlock peers match pod IPs (Calico: true; most others: false).' }) @ApiPropertyOptional({ type: Boolean, nullable: true }) ipBlockMatchesPods?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether AdminNetworkPolicy/ClusterNetworkPolicy `networks` peers match pod IPs.' }) @ApiPropertyOptional({ type: Boolean, nullable: true }) adminNetworksMatchPods?: boolean | null;
  @Field(() => String, { nullable: true, description: 'hostNetwork pods: `node` (not policy subjects, reachable as their node\'s IP), the only mode.' }) @ApiPropertyOptional({ type: String, nullable: true, enum: ['node'] }) hostNetwork?: string | null;
  @Field(() => String, { nullable: true, description: '`enforced`, `not-enforced` (every connection allowed: the plugin ignores policies) or `auto` (from the detected plugin).' })
  @ApiPropertyOptional({ type: String, nullable: true, enum: ['enforced', 'not-enforced', 'auto'] })
  enforcement?: string | null;
  @Field(() => [String], { nullable: true, description: CLUSTER_PODS })
  @ApiPropertyOptional({ type: [String], nullable: true, example: ['10.244.0.0/16'], description: CLUSTER_PODS })
  podCIDRs?: string[] | null;
  @Field(() => [String], { nullable: true, description: CLUSTER_SERVICES })
  @ApiPropertyOptional({ type: [String], nullable: true, example: ['10.96.0.0/12'], description: CLUSTER_SERVICES })
  serviceCIDRs?: string[] | null;
}

/** Settings of a cluster, for REST bodies and GraphQL inputs alike. */
@InputType('ClusterSettingsInput', { description: 'Settings of a cluster: description, live-capture target, schedule, retention and analysis options.' })
export class ClusterSettingsInput {
  @Field(() => String, { nullable: true, description: 'Free text for people, at most 2,000 characters.' }) @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string | null;
  @Field(() => String, { nullable: true, description: 'Kubeconfig file for live captures: a name inside the server\'s KUBECONFIG_DIR (or an absolute path that resolves inside it, symlinks included). Admin only.' }) @ApiPropertyOptional({ description: 'Inside KUBECONFIG_DIR; admin only.' }) @IsOptional() @IsString() @MaxLength(4096) kubeconfigPath?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'A Kubernetes Secret holding a kubeconfig for live captures, `namespace/name` or `namespace/name/key` (key default `kubeconfig`), read with the service\'s own credentials. Admin only; not with kubeconfigPath or inCluster.',
  })
  @ApiPropertyOptional({ description: '`namespace/name[/key]`; admin only.', example: 'policyscope/prod-eu-kubeconfig' })
  @IsOptional()
  @IsString()
  @MaxLength(600)
  kubeconfigSecret?: string | null;
  @Field(() => String, { nullable: true, description: 'Kubeconfig context; default its current context.' }) @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(253) kubeContext?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Capture with the in-cluster service account.' }) @ApiPropertyOptional() @IsOptional() @IsBoolean() inCluster?: boolean;
  @Field(() => String, { nullable: true, description: 'Cron expression (five fields, UTC) for scheduled live captures.' }) @ApiPropertyOptional({ example: '0 */6 * * *' }) @IsOptional() @IsString() @MaxLength(100) captureSchedule?: string | null;
  @Field(() => Int, { nullable: true, description: 'Keep only the last N snapshots.' }) @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) retainLast?: number | null;
  @Field(() => Int, { nullable: true, description: 'Keep snapshots captured in the last D days.' }) @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) retainDays?: number | null;
  @Field(() => ClusterAnalysisOptionsInput, {
    nullable: true,
    description: 'Analysis options for its snapshots (results computed with other options are recomputed before they are served); null unsets them all.',
  })
  @ApiPropertyOptional({ type: ClusterAnalysisOptionsInput, nullable: true, example: { ipBlockMatchesPods: true } })
  @IsOptional()
  @IsObject()
  analysisOptions?: ClusterAnalysisOptionsInput | null;
}

@InputType('CreateClusterInput', { description: 'A new cluster: its name and settings.' })
export class CreateClusterInput extends ClusterSettingsInput {
  @Field({ description: 'Unique name: lower-case letters, digits, ".", "_" and "-", 1 to 63 characters.' }) @ApiProperty({ example: 'prod-eu' }) @IsString() @MaxLength(63) name!: string;
}
