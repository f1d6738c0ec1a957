import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'What this PolicyScope server is.' })
export class ServiceInfo {
  @Field() name!: string;
  @Field() version!: string;
  @Field({ description: 'Whether the database is the embedded PostgreSQL started by this process.' })
  embeddedDatabase!: boolean;
}
