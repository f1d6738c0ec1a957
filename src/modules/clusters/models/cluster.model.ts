import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ClusterRecord } from '../clusters.repository.js';

@ObjectType('Cluster', { description: 'A Kubernetes cluster whose snapshots PolicyScope keeps.' })
export class ClusterModel {
  @Field(() => ID, { description: 'Cluster id (UUID).' }) @ApiProperty() id!: string;
  @Field({ description: 'Unique name, as used in URLs and uploads.' }) @ApiProperty({ example: 'prod-eu' }) name!: string;
  @Field(() => String, { nullable: true, description: 'Free text for people.' }) @ApiPropertyOptional({ type: String, nullable: true }) description!: string | null;
  @Field(() => String, { nullable: true, description: 'Kubeconfig file used for live captures.' })
  @ApiPropertyOptional({ type: String, nullable: true })
  kubeconfigPath!: string | null;
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
  @Field({ description: 'When the cluster was created.' }) @ApiProperty() createdAt!: Date;
  @Field({ description: 'When its settings last changed.' }) @ApiProperty() updatedAt!: Date;

  static from(r: ClusterRecord): ClusterModel {
    return Object.assign(new ClusterModel(), {
      id: r.id,
      name: r.name,
      description: r.description,
      kubeconfigPath: r.kubeconfigPath,
      kubeContext: r.kubeContext,
      inCluster: r.inCluster,
      captureSchedule: r.captureSchedule,
      retainLast: r.retainLast,
      retainDays: r.retainDays,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    });
  }
}
