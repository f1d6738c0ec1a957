import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import type { Intent, IntentReport, IntentResult, IntentSelector, IntentViolation } from '../../engine/index.js';
import { DecisionModel } from '../queries/models/explanation.model.js';
import { EndpointModel, PortEntryModel } from '../snapshots/models/connectivity.model.js';
import { EnforcementModel } from '../snapshots/models/network.model.js';
import type { ClusterIntents, SnapshotIntentResults } from './intents.service.js';

/** A label map as selector text (`app=web,tier=db`), or selector text as written. */
function labelsText(labels: IntentSelector['labels']): string | null {
  if (labels === undefined) return null;
  return typeof labels === 'string' ? labels : Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
}

@ObjectType('IntentSelector', { description: 'Pods by namespace and labels; every field null matches every pod.' })
export class IntentSelectorModel {
  @Field(() => String, { nullable: true, description: 'A namespace name.' }) namespace!: string | null;
  @Field(() => String, { nullable: true, description: 'Namespace label selector, as text (`env=prod`, `env in (prod,stage)`).' }) namespaceLabels!: string | null;
  @Field(() => String, { nullable: true, description: 'Pod label selector, as text (`app=backend`, `tier!=web`).' }) labels!: string | null;

  static from(s: IntentSelector): IntentSelectorModel {
    return { namespace: s.namespace ?? null, namespaceLabels: labelsText(s.namespaceLabels), labels: labelsText(s.labels) };
  }
}

@ObjectType('Intent', { description: 'One thing that must hold in a cluster (docs/contracts.md "Intent checks").' })
export class IntentModel {
  @Field({ description: 'Unique name within the cluster\'s intents.' }) name!: string;
  @Field({ description: 'deny, only-may-reach, must-reach or not-exposed.' }) type!: string;
  @Field(() => String, { nullable: true, description: 'What it is for, in words.' }) description!: string | null;
  @Field(() => IntentSelectorModel, { nullable: true, description: 'The source pods (null for not-exposed: public addresses and the ingress controller).' }) from!: IntentSelectorModel | null;
  @Field(() => IntentSelectorModel, { description: 'The destination pods.' }) to!: IntentSelectorModel;
  @Field(() => [String], { nullable: true, description: 'Ports, e.g. `3306/TCP`, `8000-8080/TCP`; null for any port.' }) ports!: string[] | null;

  static from(i: Intent): IntentModel {
    return { name: i.name, type: i.type, description: i.description ?? null, from: i.from ? IntentSelectorModel.from(i.from) : null, to: IntentSelectorModel.from(i.to), ports: i.ports ?? null };
  }
}

@ObjectType('ClusterIntents', { description: 'The intents kept for a cluster.' })
export class ClusterIntentsModel {
  @Field({ description: 'Cluster name.' }) @ApiProperty() cluster!: string;
  @Field(() => [IntentModel], { description: 'The intents, in the order given (empty when none were set).' }) @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'The intents as validated (docs/contracts.md "Intent checks").' }) intents!: IntentModel[];
  @Field(() => String, { nullable: true, description: 'When they were last set (ISO 8601); null when never.' }) @ApiProperty({ type: String, nullable: true }) updatedAt!: string | null;

  static from(c: ClusterIntents): ClusterIntentsModel {
    return { cluster: c.cluster, intents: c.intents.map(IntentModel.from), updatedAt: c.updatedAt };
  }
}

@ObjectType('IntentSample', { description: 'One connection of an offending pair, the one explained.' })
export class IntentSampleModel {
  @Field({ description: 'Source: `ns/pod`, an address or {ingress-controller}.' }) from!: string;
  @Field({ description: 'Destination pod, `ns/pod`.' }) to!: string;
  @Field(() => Int, { description: 'Destination port.' }) port!: number;
  @Field({ description: 'TCP, UDP or SCTP.' }) protocol!: string;
}

@ObjectType('IntentViolation', { description: 'A pair of endpoints that breaks an intent.' })
export class IntentViolationModel {
  @Field(() => EndpointModel, { description: 'A workload, an external address block or the ingress controller.' }) from!: EndpointModel;
  @Field(() => EndpointModel, { description: 'The workload reached (or, for must-reach, not reached).' }) to!: EndpointModel;
  @Field({ description: 'Every port of every protocol.' }) allPorts!: boolean;
  @Field(() => [PortEntryModel], { description: 'The offending ports allowed; for must-reach, the required ports that are not allowed.' }) ports!: PortEntryModel[];
  @Field(() => IntentSampleModel, { nullable: true, description: 'The connection explained; null past the first 20 violations of an intent.' }) sample!: IntentSampleModel | null;
  @Field(() => [DecisionModel], { description: 'Policy rules that decide the sample: those allowing it (for must-reach, denying it).' }) decidedBy!: DecisionModel[];
  @Field(() => String, { nullable: true, description: 'Why, in words: the egress and ingress verdicts of the sample.' }) reason!: string | null;

  static from(v: IntentViolation): IntentViolationModel {
    return {
      from: EndpointModel.from(v.from, 'workload'),
      to: EndpointModel.from(v.to, 'workload'),
      allPorts: v.allPorts,
      ports: v.ports.map(PortEntryModel.from),
      sample: v.sample,
      decidedBy: v.decidedBy,
      reason: v.reason,
    };
  }
}

@ObjectType('IntentResult', { description: 'Whether one intent holds on a snapshot, and the pairs that break it.' })
export class IntentResultModel {
  @Field({ description: 'The intent\'s name.' }) name!: string;
  @Field({ description: 'deny, only-may-reach, must-reach or not-exposed.' }) type!: string;
  @Field(() => String, { nullable: true, description: 'The intent\'s description.' }) description!: string | null;
  @Field({ description: 'True when nothing breaks it.' }) holds!: boolean;
  @Field(() => Int, { description: 'Every offending pair (violations lists the first 50).' }) violationCount!: number;
  @Field(() => [IntentViolationModel], { description: 'Offending pairs, the first 50.' }) violations!: IntentViolationModel[];
  @Field(() => [String], { description: 'E.g. a selector that matches no pod.' }) warnings!: string[];

  static from(r: IntentResult): IntentResultModel {
    return { name: r.name, type: r.type, description: r.description ?? null, holds: r.holds, violationCount: r.violationCount, violations: r.violations.map(IntentViolationModel.from), warnings: r.warnings };
  }
}

@ObjectType('IntentReport', { description: 'A cluster\'s intents evaluated on one snapshot.' })
export class IntentReportModel {
  @Field({ description: 'True when every intent holds.' }) holds!: boolean;
  @Field(() => Int, { description: 'Intents that do not hold.' }) violated!: number;
  @Field(() => [IntentResultModel], { description: 'One result per intent, in the cluster\'s order.' }) results!: IntentResultModel[];
  @Field(() => EnforcementModel, { description: 'Whether the policies take effect (when not, intents are checked against what the network allows: everything).' }) enforcement!: EnforcementModel;

  static from(r: IntentReport): IntentReportModel {
    return { holds: r.holds, violated: r.violated, results: r.results.map(IntentResultModel.from), enforcement: r.enforcement };
  }
}

/** REST body of `GET /snapshots/{id}/intents` (OpenAPI). */
export class SnapshotIntentResultsBody {
  @ApiProperty({ description: 'Snapshot id.' }) snapshot!: string;
  @ApiProperty({ description: 'Its cluster, whose intents were evaluated.' }) cluster!: string;
  @ApiProperty({ description: 'True when every intent holds.' }) holds!: boolean;
  @ApiProperty({ description: 'Intents that do not hold.' }) violated!: number;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: '{name, type, description?, holds, violationCount, violations: [{from, to, allPorts, ports, sample, decidedBy, reason}], warnings}' }) results!: object[];
  @ApiProperty({ description: '{mode, enforced}' }) enforcement!: object;
}

export type SnapshotIntentResultsView = SnapshotIntentResults;
