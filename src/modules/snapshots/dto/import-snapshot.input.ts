import { Field, InputType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsObject, IsOptional, IsString } from 'class-validator';
import { VALIDATION_MODES } from '../../../engine/index.js';
import { CLUSTER_PODS, CLUSTER_SERVICES } from '../../clusters/dto/cluster.input.js';

type UploadValidation = (typeof VALIDATION_MODES)[number];

/** The upload's `validation` modes: the engine's VALIDATION_MODES, as a GraphQL enum. */
export const ManifestValidation = Object.fromEntries(VALIDATION_MODES.map((mode) => [mode, mode])) as { [M in UploadValidation]: M };
registerEnumType(ManifestValidation, {
  name: 'ManifestValidation',
  description: 'How unknown fields and values outside the API enums are treated, as `kubectl apply --validate`.',
  valuesMap: {
    strict: { description: 'An error naming each document and field path (with the field meant); nothing stored. The default.' },
    warn: { description: 'Unknown fields ignored and objects with invalid enum values left out, with warnings in the snapshot diagnostics.' },
    ignore: { description: 'As warn, without the unknown-field warnings.' },
  },
});

@InputType('UploadAnalysisOptionsInput', {
  description:
    'Overrides the cluster\'s analysisOptions for this snapshot only (results state each overridden option\'s source as `upload`). An option left out or null: the cluster\'s setting, then the detected network plugin. ' +
    'A snapshot with an override shares stored content and results only with snapshots of equal content and equal override, and keeps its override when the cluster\'s options change.',
})
export class UploadAnalysisOptionsInput {
  @Field(() => Boolean, { nullable: true, description: 'Whether ipBlock peers match pod IPs.' }) ipBlockMatchesPods?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether AdminNetworkPolicy/ClusterNetworkPolicy `networks` peers match pod IPs.' }) adminNetworksMatchPods?: boolean | null;
  @Field(() => String, { nullable: true, description: 'hostNetwork pods: `node`, the only mode.' }) hostNetwork?: string | null;
  @Field(() => String, { nullable: true, description: '`enforced`, `not-enforced` or `auto`.' }) enforcement?: string | null;
  @Field(() => [String], { nullable: true, description: CLUSTER_PODS }) podCIDRs?: string[] | null;
  @Field(() => [String], { nullable: true, description: CLUSTER_SERVICES }) serviceCIDRs?: string[] | null;
}

// Lengths and formats are checked by the rules REST uses too (src/common/query-params.ts and the
// cluster name rule), in the ingest service, so both answer the same 400 with the same details.
@InputType('ImportSnapshotInput', { description: 'A snapshot to store: manifests and where they come from.' })
export class ImportSnapshotInput {
  @Field({ description: 'Cluster name (lower-case DNS-label-like, 1 to 63 characters); created on first use.' }) @IsString() cluster!: string;
  @Field(() => String, { nullable: true, description: 'Snapshot name, 1 to 200 characters; default the capture time.' }) @IsOptional() @IsString() name?: string;
  @Field(() => String, { nullable: true, description: 'ISO 8601; default now. History and "latest" follow this time.' }) @IsOptional() @IsString() capturedAt?: string;
  @Field({ description: 'Multi-document YAML, a JSON object or array, or a List.' }) @IsString() manifests!: string;
  @Field(() => Boolean, {
    nullable: true,
    description: 'true: when the cluster already has a snapshot of this content, store nothing and return it with `duplicate: true`. Default false: every import is a new observation.',
  })
  @IsOptional()
  @IsBoolean()
  dedupe?: boolean;

  @Field(() => ManifestValidation, { nullable: true, description: 'Default strict. status, labels, annotations and server-managed metadata are never checked.' })
  @IsOptional()
  @IsEnum(ManifestValidation)
  validation?: UploadValidation;

  @Field(() => UploadAnalysisOptionsInput, { nullable: true, description: 'This snapshot\'s override of the cluster\'s analysis options; a wrong value is BAD_REQUEST naming `analysisOptions.<option>`.' })
  @IsOptional()
  @IsObject()
  analysisOptions?: UploadAnalysisOptionsInput | null;
}
