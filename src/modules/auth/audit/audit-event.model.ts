import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditEventRecord } from './audit.repository.js';

@ObjectType('AuditEvent', { description: 'One change: who made it, what, when and from which address.' })
export class AuditEventModel {
  @Field(() => ID, { description: 'Increasing event number.' }) @ApiProperty() id!: string;
  @Field({ description: 'When it happened.' }) @ApiProperty() at!: Date;
  @Field({ description: '`key:<name>`, `cli`, `first-start` or `anonymous` (AUTH=off).' }) @ApiProperty({ example: 'key:ci-uploads' }) actor!: string;
  @Field({ description: 'e.g. snapshot.import, snapshot.delete, cluster.capture, cluster.update, key.create, key.revoke.' }) @ApiProperty({ example: 'snapshot.import' }) action!: string;
  @Field(() => String, { nullable: true, description: 'What it acted on: a cluster name, a snapshot id, a key name or id.' }) @ApiPropertyOptional({ type: String, nullable: true }) target!: string | null;
  @Field(() => String, { nullable: true, description: 'Client address.' }) @ApiPropertyOptional({ type: String, nullable: true }) address!: string | null;

  static from(r: AuditEventRecord): AuditEventModel {
    return Object.assign(new AuditEventModel(), { id: r.id.toString(), at: r.at, actor: r.actor, action: r.action, target: r.target, address: r.address });
  }
}
