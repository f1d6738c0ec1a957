import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { objectYaml } from './snapshot-objects.service.js';
import type { StoredObject } from './snapshot-objects.repository.js';

@ObjectType('StoredObject', { description: 'A Kubernetes object of the snapshot, as it was read at upload or capture.' })
export class StoredObjectModel {
  @Field({ description: 'Kind, e.g. NetworkPolicy, Deployment, Namespace.' }) @ApiProperty({ example: 'NetworkPolicy' }) kind!: string;
  @Field({ description: 'apiVersion, e.g. networking.k8s.io/v1.' }) @ApiProperty({ example: 'networking.k8s.io/v1' }) apiVersion!: string;
  @Field(() => String, { nullable: true, description: 'Namespace; null for cluster-scoped objects (Namespace, Node, admin policies).' })
  @ApiProperty({ type: String, nullable: true, example: 'shop' })
  namespace!: string | null;
  @Field({ description: 'Name.' }) @ApiProperty({ example: 'db-ingress' }) name!: string;
  @Field({ description: 'The whole object as YAML (as `kubectl get -o yaml` prints it).' }) yaml!: string;
  @Field({ description: 'The whole object as JSON text.' }) json!: string;

  static from(o: StoredObject): StoredObjectModel {
    return Object.assign(new StoredObjectModel(), { kind: o.kind, apiVersion: o.apiVersion, namespace: o.namespace, name: o.name, yaml: objectYaml(o), json: JSON.stringify(o.raw) });
  }
}

/** One object in the REST list (OpenAPI). */
export class StoredObjectBody {
  @ApiProperty({ example: 'NetworkPolicy' }) kind!: string;
  @ApiProperty({ example: 'networking.k8s.io/v1' }) apiVersion!: string;
  @ApiProperty({ type: String, nullable: true, example: 'shop' }) namespace!: string | null;
  @ApiProperty({ example: 'db-ingress' }) name!: string;
  @ApiProperty({ description: 'Its labels.' }) labels!: Record<string, string>;
  @ApiProperty({ description: 'The whole object as stored (JSON).' }) object!: object;

  static from(o: StoredObject): StoredObjectBody {
    return { kind: o.kind, apiVersion: o.apiVersion, namespace: o.namespace, name: o.name, labels: o.labels, object: o.raw as object };
  }
}

/** REST body of `GET /snapshots/{id}/objects` (OpenAPI). */
export class StoredObjectsBody {
  @ApiProperty({ description: 'The snapshot id.' }) snapshot!: string;
  @ApiProperty({ type: [StoredObjectBody], description: 'In the order they were stored.' }) objects!: StoredObjectBody[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `after` for the next page; null on the last.' }) nextCursor!: string | null;
}
