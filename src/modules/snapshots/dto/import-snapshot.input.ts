import { Field, InputType } from '@nestjs/graphql';
import { IsDateString, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

@InputType('ImportSnapshotInput')
export class ImportSnapshotInput {
  @Field({ description: 'Cluster name; created on first use.' }) @IsString() @MaxLength(63) cluster!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) name?: string;
  @Field(() => String, { nullable: true, description: 'ISO 8601; default now.' }) @IsOptional() @IsDateString() capturedAt?: string;
  @Field({ description: 'Multi-document YAML, a JSON object or array, or a List.' }) @IsString() @MinLength(1) manifests!: string;
}
