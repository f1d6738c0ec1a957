import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import type { WhatIfResult } from '../../engine/index.js';

type IntentDelta = WhatIfResult['intents'][number];
import { ConnectionChangeModel, DiffModel, PolicyChangesModel } from '../diff/diff.model.js';
import { FindingModel } from '../findings/finding.model.js';
import { IntentViolationModel } from '../intents/intent.model.js';
import { EndpointModel } from '../snapshots/models/connectivity.model.js';

@ObjectType('WhatIfApplied', { description: 'What the proposal changes, each object as `Kind ns/name` (cluster-scoped: `Kind name`).' })
export class WhatIfAppliedModel {
  @Field(() => [String], { description: 'Proposed objects the snapshot does not have.' }) added!: string[];
  @Field(() => [String], { description: 'Proposed objects that replace the snapshot\'s of the same kind, namespace and name.' }) replaced!: string[];
  @Field(() => [String], { description: 'Objects taken out.' }) removed!: string[];
}

@ObjectType('WhatIfExposure', { description: 'Endpoints whose reachability from outside the cluster would change.' })
export class WhatIfExposureModel {
  @Field(() => [EndpointModel], { description: 'Reachable from outside (an external block or the ingress controller) with the proposal and not now.' }) newlyExposed!: EndpointModel[];
  @Field(() => [EndpointModel], { description: 'Reachable from outside now and not with the proposal.' }) noLongerExposed!: EndpointModel[];
  @Field(() => [EndpointModel], { description: 'Reachable from a public address with the proposal and not now.' }) newlyInternetExposed!: EndpointModel[];
  @Field(() => [EndpointModel], { description: 'Reachable from a public address now and not with the proposal.' }) noLongerInternetExposed!: EndpointModel[];
}

@ObjectType('WhatIfFindings', { description: 'Findings the proposal would add or resolve.' })
export class WhatIfFindingsModel {
  @Field(() => [FindingModel], { description: 'Findings with the proposal that are not there now.' }) new!: FindingModel[];
  @Field(() => [FindingModel], { description: 'Findings now that the proposal would resolve.' }) resolved!: FindingModel[];
}

@ObjectType('IntentDelta', { description: 'How one of the cluster\'s intents would fare with the proposal.' })
export class IntentDeltaModel {
  @Field({ description: 'The intent\'s name.' }) name!: string;
  @Field({ description: 'Whether it holds now.' }) holdsBefore!: boolean;
  @Field({ description: 'Whether it would hold with the proposal.' }) holdsAfter!: boolean;
  @Field(() => Int, { description: 'Offending pairs now.' }) violationsBefore!: number;
  @Field(() => Int, { description: 'Offending pairs with the proposal.' }) violationsAfter!: number;
  @Field(() => [IntentViolationModel], { description: 'Offending pairs the proposal would add.' }) newViolations!: IntentViolationModel[];
  @Field(() => [IntentViolationModel], { description: 'Offending pairs the proposal would resolve.' }) resolvedViolations!: IntentViolationModel[];

  static from(d: IntentDelta): IntentDeltaModel {
    return { ...d, newViolations: d.newViolations.map(IntentViolationModel.from), resolvedViolations: d.resolvedViolations.map(IntentViolationModel.from) };
  }
}

@ObjectType('WhatIf', { description: 'What a proposed change would do to a stored snapshot (nothing is stored).' })
export class WhatIfModel {
  @Field({ description: 'pod, workload or namespace: the granularity of the connectivity diff.' }) granularity!: string;
  @Field(() => WhatIfAppliedModel, { description: 'Objects added, replaced and removed.' }) applied!: WhatIfAppliedModel;
  @Field(() => [ConnectionChangeModel], { description: 'Connections that would change, with their causes.' }) changes!: ConnectionChangeModel[];
  @Field(() => PolicyChangesModel, { description: 'Policy objects added, removed or modified.' }) policies!: PolicyChangesModel;
  @Field(() => WhatIfExposureModel, { description: 'The exposure delta.' }) exposure!: WhatIfExposureModel;
  @Field(() => WhatIfFindingsModel, { description: 'New and resolved findings.' }) findings!: WhatIfFindingsModel;
  @Field(() => [IntentDeltaModel], { description: 'Each of the cluster\'s intents before and after (empty without intents).' }) intents!: IntentDeltaModel[];
  @Field(() => Int, { description: 'Changes that carry no causes (only the riskiest 500 are explained).' }) unexplainedChanges!: number;
  @Field(() => [String], { description: 'Warnings about the proposed manifests.' }) warnings!: string[];

  static from(r: WhatIfResult): WhatIfModel {
    const diff = DiffModel.from({
      from: 'current',
      to: 'proposed',
      sides: { from: { snapshot: 'current' }, to: { snapshot: 'proposed' } },
      crossCluster: false,
      granularity: r.granularity,
      changes: r.changes,
      policies: r.policies,
      exposure: { newlyExposed: r.exposure.newlyExposed, noLongerExposed: r.exposure.noLongerExposed },
      unexplainedChanges: r.unexplainedChanges,
    });
    const g = r.granularity;
    return {
      granularity: g,
      applied: r.applied,
      changes: diff.changes,
      policies: diff.policies,
      exposure: {
        ...diff.exposure,
        newlyInternetExposed: r.exposure.newlyInternetExposed.map((e) => EndpointModel.from(e, g)),
        noLongerInternetExposed: r.exposure.noLongerInternetExposed.map((e) => EndpointModel.from(e, g)),
      },
      findings: { new: r.findings.new.map(FindingModel.from), resolved: r.findings.resolved.map(FindingModel.from) },
      intents: r.intents.map(IntentDeltaModel.from),
      unexplainedChanges: r.unexplainedChanges,
      warnings: r.diagnostics.map((d) => `${d.file ?? ''}${d.document !== undefined ? ` document ${d.document}` : ''}${d.path ? ` ${d.path}` : ''}: ${d.message}`),
    };
  }
}

/** REST request body of `POST /snapshots/{id}/what-if` (OpenAPI). */
export class WhatIfRequestBody {
  @ApiProperty({
    description: 'Proposed manifests: YAML or JSON text, or a list of {name, content} documents. Each object is added, or replaces the snapshot\'s of the same kind, namespace and name.',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, content: { type: 'string' } } } }],
    required: false,
  })
  manifests?: string | { name?: string; content: string }[];
  @ApiProperty({ type: [String], required: false, description: 'Objects to take out: `Kind namespace/name` (cluster-scoped: `Kind name`), e.g. `NetworkPolicy shop/db`.' }) remove?: string[];
  @ApiProperty({ required: false, enum: ['pod', 'workload', 'namespace'], description: 'Granularity of the connectivity diff (default workload).' }) granularity?: string;
}

/** REST response body (OpenAPI). */
export class WhatIfBody {
  @ApiProperty() granularity!: string;
  @ApiProperty({ description: '{added, replaced, removed}: objects as `Kind ns/name`.' }) applied!: object;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Connection changes, as in a diff (with causes).' }) changes!: object[];
  @ApiProperty({ description: 'Policy objects added, removed, modified, with field changes.' }) policies!: object;
  @ApiProperty({ description: '{newlyExposed, noLongerExposed, newlyInternetExposed, noLongerInternetExposed}' }) exposure!: object;
  @ApiProperty({ description: '{new, resolved}: findings as in GET /snapshots/{id}/findings.' }) findings!: object;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Per cluster intent: {name, holdsBefore, holdsAfter, violationsBefore, violationsAfter, newViolations, resolvedViolations}.' }) intents!: object[];
  @ApiProperty() unexplainedChanges!: number;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Warnings about the proposed manifests (diagnostics).' }) diagnostics!: object[];
}
