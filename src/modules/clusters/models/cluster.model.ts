import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ClusterRecord } from '../clusters.repository.js';
import { storedAnalysisOptions, type ClusterAnalysisOptions } from '../analysis-options.js';
import { CLUSTER_PODS, CLUSTER_SERVICES } from '../dto/cluster.input.js';

@ObjectType('ClusterAnalysisOptions', { description: 'Analysis options set for a cluster; null: not set, so the detected network plugin (then the default) decides.' })
export class ClusterAnalysisOptionsModel {
  @Field(() => Boolean, { nullable: true, description: 'Whether ipBlock peers match pod IPs.' }) @ApiPropertyOptional({ type: Boolean }) ipBlockMatchesPods?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether admin-tier `networks` peers match pod IPs.' }) @ApiPropertyOptional({ type: Boolean }) adminNetworksMatchPods?: boolean | null;
  @Field(() => String, { nullable: true, description: 'hostNetwork mode (`node`).' }) @ApiPropertyOptional({ type: String, enum: ['node'] }) hostNetwork?: string | null;
  @Field(() => String, { nullable: true, description: '`enforced`, `not-enforced` or `auto`.' }) @ApiPropertyOptional({ type: String, enum: ['enforced', 'not-enforced', 'auto'] }) enforcement?: string | null;
  @Field(() => [String], { nullable: true, description: CLUSTER_PODS }) @ApiPropertyOptional({ type: [String] }) podCIDRs?: string[] | null;
  @Field(() => [String], { nullable: true, description: CLUSTER_SERVICES }) @ApiPropertyOptional({ type: [String] }) serviceCIDRs?: string[] | null;
}

@ObjectType('Cluster', { description: 'A Kubernetes cluster whose snapshots PolicyScope keeps.' })
export class ClusterModel {
  @Field(() => ID, { description: 'Cluster id (UUID).' }) @ApiProperty() id!: string;
  @Field({ description: 'Unique name, as used in URLs and uploads.' }) @ApiProperty({ example: 'prod-eu' }) name!: string;
  @Field(() => String, { nullable: true, description: 'Free text for people.' }) @ApiPropertyOptional({ type: String, nullable: true }) description!: string | null;
  @Field(() => String, { nullable: true, description: 'Kubeconfig file used for live captures.' })
  @ApiPropertyOptional({ type: String, nullable: true })
  kubeconfigPath!: string | null;
  @Field(() => String, { nullable: true, description: 'Secret (`namespace/name[/key]`) holding the kubeconfig used for live captures.' })
  @ApiPropertyOptional({ type: String, nullable: true })
  kubeconfigSecret!: string | null;
  @Field(() => String, { nullable: true, description: 'Kubeconfig context used for live captures.' }) @ApiPropertyOptional({ type: String, nullable: true }) kubeContext!: string | null;
  @Field({ description: 'Capture with the in-cluster service account.' }) @ApiProperty() inCluster!: boolean;
  @Field(() => String, { nullable: true, description: 'Cron expression for scheduled live captures.' })
  @ApiPropertyOptional({ type: String, nullable: true, example: '0 * * * *' })
  captureSchedule!: string | null;
  @Field(() => Int, { nullable: true, description: 'Keep only the last N snapshots.' })
  @ApiPropertyOptional({ type: Number, nullable: true })
  retainLast!: number | null;
  @Field(() => Int, { nullable: true, description: 'Keep snapshots captured in the last D days.' })
  @ApiPropertyOptional({ type: Number, nullable: true })
  retainDays!: number | null;
  @Field(() => ClusterAnalysisOptionsModel, { description: 'Analysis options set for the cluster (REST: only those set); every result states the options in force and where each came from.' })
  @ApiProperty({ type: ClusterAnalysisOptionsModel, example: { ipBlockMatchesPods: true } })
  analysisOptions!: ClusterAnalysisOptions;
  @Field({ description: 'When the cluster was created.' }) @ApiProperty() createdAt!: Date;
  @Field({ description: 'When its settings last changed.' }) @ApiProperty() updatedAt!: Date;

  static from(r: ClusterRecord): ClusterModel {
    return Object.assign(new ClusterModel(), {
      id: r.id,
      name: r.name,
      description: r.description,
      kubeconfigPath: r.kubeconfigPath,
      kubeconfigSecret: r.kubeconfigSecret,
      kubeContext: r.kubeContext,
      inCluster: r.inCluster,
      captureSchedule: r.captureSchedule,
      retainLast: r.retainLast,
      retainDays: r.retainDays,
      analysisOptions: storedAnalysisOptions(r.analysisOptions),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    });
  }
}
