import { Field, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/** Settings of a cluster, for REST bodies and GraphQL inputs alike. */
@InputType('ClusterSettingsInput')
export class ClusterSettingsInput {
  @Field(() => String, { nullable: true }) @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string | null;
  @Field(() => String, { nullable: true }) @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4096) kubeconfigPath?: string | null;
  @Field(() => String, { nullable: true }) @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(253) kubeContext?: string | null;
  @Field(() => Boolean, { nullable: true }) @ApiPropertyOptional() @IsOptional() @IsBoolean() inCluster?: boolean;
  @Field(() => String, { nullable: true }) @ApiPropertyOptional({ example: '0 */6 * * *' }) @IsOptional() @IsString() @MaxLength(100) captureSchedule?: string | null;
  @Field(() => Int, { nullable: true }) @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) retainLast?: number | null;
  @Field(() => Int, { nullable: true }) @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) retainDays?: number | null;
}

@InputType('CreateClusterInput')
export class CreateClusterInput extends ClusterSettingsInput {
  @Field() @ApiProperty({ example: 'prod-eu' }) @IsString() @MaxLength(63) name!: string;
}
