import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'What this PolicyScope server is.' })
export class ServiceInfo {
  @Field({ description: 'Service name (policyscope).' }) name!: string;
  @Field({ description: 'Service version (package.json).' }) version!: string;
  @Field({ description: 'Whether the database is the embedded PostgreSQL started by this process.' })
  embeddedDatabase!: boolean;
}
