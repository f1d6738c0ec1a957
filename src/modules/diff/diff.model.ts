import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { ChangeCause, ChangeSample, DiffResult, DiffSide, FieldChange, SampleVerdict } from '../../engine/index.js';
import { DecisionModel, DirectionVerdictModel } from '../queries/models/explanation.model.js';
import { EndpointModel, PortEntryModel } from '../snapshots/models/connectivity.model.js';
import { FindingModel } from '../findings/finding.model.js';
import { ExposureReasonModel } from '../queries/exposure-reasons/exposure-reason.model.js';
import { IntentViolationModel } from '../intents/intent.model.js';

@ObjectType('ConnSet', { description: 'The ports one side of a change allows.' })
export class ConnSetModel {
  @Field({ description: 'True when every port of every protocol is allowed (then `ports` is empty).' }) allPorts!: boolean;
  @Field(() => [PortEntryModel], { description: 'The allowed port ranges, by protocol.' }) ports!: PortEntryModel[];
}

@ObjectType('ChangeCause', { description: 'A change between the two snapshots that caused a connection change.' })
export class ChangeCauseModel {
  @Field({
    description:
      'policy added, policy removed, policy modified, workload added, workload removed, labels changed, namespace labels changed, pod changed, service or route changed, options changed, or unknown.',
  })
  kind!: string;
  @Field({ description: 'The object that changed, e.g. `NetworkPolicy shop/db`, `Deployment shop/web`, `Namespace shop`; empty for unknown.' }) object!: string;
  @Field(() => [String], { description: 'What about it changed, e.g. `spec.ingress[0].ports[0].port: 80 → 8080`, `label app: web → api`.' }) details!: string[];
  @Field(() => [DecisionModel], { description: "This policy's decisions on the sample connection in the `from` snapshot (policy causes only)." })
  rulesBefore!: DecisionModel[];
  @Field(() => [DecisionModel], { description: "This policy's decisions on the sample connection in the `to` snapshot (policy causes only)." })
  rulesAfter!: DecisionModel[];

  static from(c: ChangeCause): ChangeCauseModel {
    const decisions = (ds: ChangeCause['rulesBefore']) => ds.map((d) => Object.assign(new DecisionModel(), d));
    return { kind: c.kind, object: c.object, details: c.details, rulesBefore: decisions(c.rulesBefore), rulesAfter: decisions(c.rulesAfter) };
  }
}

@ObjectType('SampleVerdict', { description: 'The verdict on the sample connection in one snapshot.' })
export class SampleVerdictModel {
  @Field({ description: 'True when both directions allow it.' }) allowed!: boolean;
  @Field(() => DirectionVerdictModel, { description: "Verdict of the source's egress policies." }) egress!: DirectionVerdictModel;
  @Field(() => DirectionVerdictModel, { description: "Verdict of the destination's ingress policies." }) ingress!: DirectionVerdictModel;

  static from(v: SampleVerdict | null): SampleVerdictModel | null {
    return v === null ? null : { allowed: v.allowed, egress: DirectionVerdictModel.from(v.egress), ingress: DirectionVerdictModel.from(v.ingress) };
  }
}

@ObjectType('ChangeSample', {
  description: 'The connection explained in both snapshots to find the causes: representative pods (or an address) and one port whose verdict changed.',
})
export class ChangeSampleModel {
  @Field({ description: 'Source pod (`ns/pod`), address, or `{ingress-controller}`.' }) src!: string;
  @Field({ description: 'Destination pod (`ns/pod`) or address.' }) dst!: string;
  @Field({ description: 'TCP, UDP or SCTP.' }) protocol!: string;
  @Field(() => Int, { description: 'The port explained.' }) port!: number;
  @Field(() => SampleVerdictModel, { nullable: true, description: 'Verdict in the `from` snapshot; null when a side does not exist there.' })
  before!: SampleVerdictModel | null;
  @Field(() => SampleVerdictModel, { nullable: true, description: 'Verdict in the `to` snapshot; null when a side does not exist there.' })
  after!: SampleVerdictModel | null;

  static from(s: ChangeSample | null | undefined): ChangeSampleModel | null {
    if (s === null || s === undefined) return null;
    return { src: s.src, dst: s.dst, protocol: s.protocol, port: s.port, before: SampleVerdictModel.from(s.before), after: SampleVerdictModel.from(s.after) };
  }
}

@ObjectType('ConnectionChange', { description: 'A pair of endpoints whose allowed connections differ between the two snapshots.' })
export class ConnectionChangeModel {
  @Field({ description: 'added, removed or changed' }) type!: string;
  @Field(() => EndpointModel, { description: 'Where the connection starts.' }) src!: EndpointModel;
  @Field(() => EndpointModel, { description: 'Where the connection goes.' }) dst!: EndpointModel;
  @Field(() => ConnSetModel, { nullable: true, description: 'Allowed in the `from` snapshot; null for an added pair.' }) before!: ConnSetModel | null;
  @Field(() => ConnSetModel, { nullable: true, description: 'Allowed in the `to` snapshot; null for a removed pair.' }) after!: ConnSetModel | null;
  @Field(() => String, { nullable: true, description: '"workload added" or "workload removed"' }) note!: string | null;
  @Field(() => [ChangeCauseModel], { description: 'What caused the change; empty past the explained limit (see `unexplainedChanges`).' }) causes!: ChangeCauseModel[];
  @Field(() => ChangeSampleModel, { nullable: true, description: 'The connection the causes were found on; null when none could be explained.' })
  sample!: ChangeSampleModel | null;
}

@ObjectType('FieldChange', { description: 'One field of a modified policy that differs (lists compared index by index).' })
export class FieldChangeModel {
  @Field({ description: 'Path of the field, e.g. `spec.ingress[0].ports[0].port`.' }) path!: string;
  @Field({ description: 'added, removed or changed' }) type!: string;
  @Field(() => String, { nullable: true, description: 'The old value as JSON; null for an added field.' }) beforeJson!: string | null;
  @Field(() => String, { nullable: true, description: 'The new value as JSON; null for a removed field.' }) afterJson!: string | null;

  static from(f: FieldChange): FieldChangeModel {
    const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
    return { path: f.path, type: f.type, beforeJson: json(f.before), afterJson: json(f.after) };
  }
}

@ObjectType('PolicyFieldChanges', { description: 'What changed in one modified policy.' })
export class PolicyFieldChangesModel {
  @Field({ description: 'The policy, as `Kind ns/name` (cluster-scoped: `Kind name`).' }) policy!: string;
  @Field(() => [FieldChangeModel], { description: 'The fields that differ, by path.' }) fields!: FieldChangeModel[];
}

@ObjectType('PolicyChanges', { description: 'Policy objects added, removed or modified, each as `Kind ns/name`.' })
export class PolicyChangesModel {
  @Field(() => [String], { description: 'Policies only in the `to` snapshot.' }) added!: string[];
  @Field(() => [String], { description: 'Policies only in the `from` snapshot.' }) removed!: string[];
  @Field(() => [String], { description: 'Policies in both whose user-written fields differ.' }) modified!: string[];
  @Field(() => [PolicyFieldChangesModel], { description: 'For each modified policy, its field-level diff.' }) fieldChanges!: PolicyFieldChangesModel[];
}

@ObjectType('ExposurePathChange', { description: 'How a workload that the diff newly exposes (or no longer exposes) is reachable from outside.' })
export class ExposurePathChangeModel {
  @Field(() => EndpointModel, { description: 'The workload.' }) endpoint!: EndpointModel;
  @Field({ description: '`newly exposed` (paths of the `to` snapshot) or `no longer exposed` (paths the `from` snapshot had).' }) change!: string;
  @Field({ description: 'Reachable from a public address on the side that exposes it.' }) internet!: boolean;
  @Field(() => [ExposureReasonModel], { description: 'The paths: no ingress isolation, an ipBlock rule, an Ingress or Route, a LoadBalancer or NodePort Service, externalIPs, host network or host port.' })
  reasons!: ExposureReasonModel[];
}

@ObjectType('ExposureChanges', { description: 'Endpoints whose reachability from outside the cluster changed.' })
export class ExposureChangesModel {
  @Field(() => [EndpointModel], { description: 'Reachable from outside in `to` and not in `from`.' }) newlyExposed!: EndpointModel[];
  @Field(() => [EndpointModel], { description: 'Reachable from outside in `from` and not in `to`.' }) noLongerExposed!: EndpointModel[];
  @Field(() => [ExposurePathChangeModel], { nullable: true, description: 'Why each of them is (or was) exposed (workload diffs of two analyses; null otherwise).' })
  paths!: ExposurePathChangeModel[] | null;
}

@ObjectType('DiffSide', { description: 'One side of a diff: which snapshot, of which cluster, captured when.' })
export class DiffSideModel {
  @Field({ description: 'Snapshot id.' }) snapshot!: string;
  @Field(() => String, { nullable: true, description: "The snapshot's cluster." }) cluster!: string | null;
  @Field(() => String, { nullable: true, description: "The snapshot's name." }) name!: string | null;
  @Field(() => String, { nullable: true, description: 'Capture time, ISO 8601.' }) capturedAt!: string | null;

  static from(s: DiffSide): DiffSideModel {
    return { snapshot: s.snapshot, cluster: s.cluster ?? null, name: s.name ?? null, capturedAt: s.capturedAt ?? null };
  }
}

@ObjectType('DiffSides', { description: 'Both sides of a diff.' })
export class DiffSidesModel {
  @Field(() => DiffSideModel, { description: 'The snapshot compared from (before).' }) from!: DiffSideModel;
  @Field(() => DiffSideModel, { description: 'The snapshot compared to (after).' }) to!: DiffSideModel;
}

@ObjectType('DiffFindings', { description: 'Findings that appear or go away between the two snapshots.' })
export class DiffFindingsModel {
  @Field(() => [FindingModel], { description: 'Findings of the `to` snapshot that the `from` snapshot does not have.' }) new!: FindingModel[];
  @Field(() => [FindingModel], { description: 'Findings of the `from` snapshot that the `to` snapshot no longer has.' }) resolved!: FindingModel[];
}

@ObjectType('DiffIntentDelta', { description: 'How one of the `to` cluster\'s intents fares in each snapshot.' })
export class DiffIntentDeltaModel {
  @Field({ description: 'The intent\'s name.' }) name!: string;
  @Field({ description: 'Whether it holds in the `from` snapshot.' }) holdsBefore!: boolean;
  @Field({ description: 'Whether it holds in the `to` snapshot.' }) holdsAfter!: boolean;
  @Field(() => Int, { description: 'Offending pairs in the `from` snapshot.' }) violationsBefore!: number;
  @Field(() => Int, { description: 'Offending pairs in the `to` snapshot.' }) violationsAfter!: number;
  @Field(() => [IntentViolationModel], { description: 'Offending pairs of the `to` snapshot that the `from` snapshot does not list.' }) newViolations!: IntentViolationModel[];
  @Field(() => [IntentViolationModel], { description: 'Offending pairs of the `from` snapshot that the `to` snapshot no longer lists.' }) resolvedViolations!: IntentViolationModel[];
}

@ObjectType('SnapshotDiff', { description: 'What changed between two snapshots, and why.' })
export class DiffModel {
  @Field({ description: 'Snapshot id of the `from` side.' }) from!: string;
  @Field({ description: 'Snapshot id of the `to` side.' }) to!: string;
  @Field(() => DiffSidesModel, { description: 'Both sides described: cluster, name, capture time.' }) sides!: DiffSidesModel;
  @Field({ description: 'True when the two snapshots belong to different clusters.' }) crossCluster!: boolean;
  @Field({ description: 'pod, workload or namespace' }) granularity!: string;
  @Field(() => [ConnectionChangeModel], { description: 'Pairs whose connections changed: changed, added, removed, then by endpoints.' }) changes!: ConnectionChangeModel[];
  @Field(() => PolicyChangesModel, { description: 'Policy objects added, removed or modified.' }) policies!: PolicyChangesModel;
  @Field(() => ExposureChangesModel, { description: 'Endpoints newly reachable, or no longer reachable, from outside the cluster.' }) exposure!: ExposureChangesModel;
  @Field(() => Int, { description: 'Changes that carry no causes: only the riskiest 500 are explained.' }) unexplainedChanges!: number;
  @Field(() => DiffFindingsModel, { nullable: true, description: 'Findings new and resolved (null for a diff computed without analyses).' }) findings!: DiffFindingsModel | null;
  @Field(() => [DiffIntentDeltaModel], { nullable: true, description: 'Per intent of the `to` cluster: holds before and after, offending pairs new and resolved (null when the cluster has no intents).' })
  intents!: DiffIntentDeltaModel[] | null;

  static from(d: DiffResult): DiffModel {
    const g = d.granularity;
    const conns = (c: { allPorts: boolean; ports: Parameters<typeof PortEntryModel.from>[0][] } | null) =>
      c ? { allPorts: c.allPorts, ports: c.ports.map(PortEntryModel.from) } : null;
    return {
      from: d.from,
      to: d.to,
      sides: { from: DiffSideModel.from(d.sides.from), to: DiffSideModel.from(d.sides.to) },
      crossCluster: d.crossCluster,
      granularity: g,
      changes: d.changes.map((c) => ({
        type: c.type,
        src: EndpointModel.from(c.src, g),
        dst: EndpointModel.from(c.dst, g),
        before: conns(c.before),
        after: conns(c.after),
        note: c.note,
        causes: (c.causes ?? []).map(ChangeCauseModel.from),
        sample: ChangeSampleModel.from(c.sample),
      })),
      policies: {
        added: d.policies.added,
        removed: d.policies.removed,
        modified: d.policies.modified,
        fieldChanges: d.policies.fieldChanges.map((p) => ({ policy: p.policy, fields: p.fields.map(FieldChangeModel.from) })),
      },
      exposure: {
        newlyExposed: d.exposure.newlyExposed.map((e) => EndpointModel.from(e, g)),
        noLongerExposed: d.exposure.noLongerExposed.map((e) => EndpointModel.from(e, g)),
        paths: d.exposure.paths
          ? d.exposure.paths.map((p) => ({ endpoint: EndpointModel.from(p.endpoint, g), change: p.change, internet: p.internet, reasons: p.reasons.map(ExposureReasonModel.from) }))
          : null,
      },
      unexplainedChanges: d.unexplainedChanges,
      findings: d.findings ? { new: d.findings.new.map(FindingModel.from), resolved: d.findings.resolved.map(FindingModel.from) } : null,
      intents: d.intents
        ? d.intents.map((i) => ({ ...i, newViolations: i.newViolations.map(IntentViolationModel.from), resolvedViolations: i.resolvedViolations.map(IntentViolationModel.from) }))
        : null,
    };
  }
}
