import { Field, InputType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { SCOPES } from '../principal.js';

@InputType('CreateApiKeyInput', { description: 'A new API key: a name for people, its scopes and optionally the clusters it may see.' })
export class CreateApiKeyInput {
  @Field({ description: 'What the key is for (shown in lists and the audit log), 1 to 100 characters.' }) @ApiProperty({ example: 'ci-uploads' }) @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @Field(() => [String], { description: 'read, write and/or admin; admin includes write, write includes read.' })
  @ApiProperty({ type: [String], enum: SCOPES, example: ['write'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(SCOPES, { each: true })
  scopes!: string[];
  @Field(() => [String], { nullable: true, description: 'Names of the only clusters the key may see (others answer NOT_FOUND); left out = every cluster. Not allowed with admin.' })
  @ApiPropertyOptional({ type: [String], example: ['prod-eu'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  clusters?: string[];
}
