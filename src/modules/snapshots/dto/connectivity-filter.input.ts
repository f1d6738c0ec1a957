import { Field, InputType, Int } from '@nestjs/graphql';

// Checked by `parseConnectivityQuery` (connectivity-query.ts), the rules REST uses too.
@InputType('ConnectivityFilter', { description: 'Which connectivity rows to keep (all given parts must hold). Namespace, workload and selector keep rows with either side matching.' })
export class ConnectivityFilterInput {
  @Field(() => String, { nullable: true, description: 'Keep rows with either side in this namespace.' }) namespace?: string | null;
  @Field(() => String, { nullable: true, description: 'Keep rows with either side being (or belonging to) this workload: ns/name or ns/name[Kind].' }) workload?: string | null;
  @Field(() => String, { nullable: true, description: 'Keep rows with a pod of either side matching this label selector (kubectl syntax).' }) selector?: string | null;
  @Field(() => Int, { nullable: true, description: 'Keep rows whose ports include this port (of `protocol`, default TCP).' }) port?: number | null;
  @Field(() => String, { nullable: true, description: 'TCP, UDP or SCTP. Alone: keep rows with any port of this protocol.' }) protocol?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Keep rows with an external address block or the ingress controller on one side.' }) externalOnly?: boolean | null;
}
