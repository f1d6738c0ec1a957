import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ApiKeyRecord } from '../api-keys.repository.js';

@ObjectType('ApiKey', { description: 'An API key, without its secret (only a hash of it is stored).' })
export class ApiKeyModel {
  @Field(() => ID, { description: 'Key id (UUID), used to revoke it.' }) @ApiProperty() id!: string;
  @Field({ description: 'What the key is for.' }) @ApiProperty() name!: string;
  @Field({ description: 'The public part of the key (`ps_<prefix>_…`), to recognise it.' }) @ApiProperty({ example: 'ps_1a2b3c4d5e6f' }) prefix!: string;
  @Field(() => [String], { description: 'read, write and/or admin.' }) @ApiProperty({ type: [String] }) scopes!: string[];
  @Field(() => [String], { description: 'The only clusters the key may see; empty = every cluster.' }) @ApiProperty({ type: [String] }) clusters!: string[];
  @Field(() => String, { nullable: true, description: 'Who created it (`key:<name>`, `cli`, `first-start`).' }) @ApiPropertyOptional({ type: String, nullable: true }) createdBy!: string | null;
  @Field({ description: 'When it was created.' }) @ApiProperty() createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it was revoked; null while it is valid.' }) @ApiPropertyOptional({ type: Date, nullable: true }) revokedAt!: Date | null;

  static from(r: ApiKeyRecord): ApiKeyModel {
    return Object.assign(new ApiKeyModel(), {
      id: r.id,
      name: r.name,
      prefix: `ps_${r.keyId}`,
      scopes: r.scopes,
      clusters: r.clusters,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      revokedAt: r.revokedAt,
    });
  }
}

@ObjectType('CreatedApiKey', { description: 'A new API key and, this once, the key itself.' })
export class CreatedApiKeyModel {
  @Field(() => ApiKeyModel, { description: 'The stored key.' }) @ApiProperty({ type: ApiKeyModel }) apiKey!: ApiKeyModel;
  @Field({ description: 'The key to send as `Authorization: Bearer <key>`. Shown only now: it is not stored.' }) @ApiProperty({ example: 'ps_1a2b3c4d5e6f_…' }) key!: string;
}
