import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { FINDING_SEVERITIES, type Finding, type FindingObject, type FindingSeverity } from '../../engine/index.js';

/** The engine's severities as a GraphQL enum (values as in REST: lower case). */
export const FindingSeverityValue = Object.fromEntries(FINDING_SEVERITIES.map((s) => [s, s])) as { [S in FindingSeverity]: S };
registerEnumType(FindingSeverityValue, {
  name: 'FindingSeverity',
  description: 'How much a finding matters, most severe first.',
  valuesMap: {
    critical: { description: 'Policies do not protect anything (e.g. the network plugin does not enforce them).' },
    high: { description: 'Traffic from anywhere is allowed, or which policy applies is undefined.' },
    medium: { description: 'A workload or namespace is open by default, or a rule does not do what it says.' },
    low: { description: 'Dead or unclear policy: selects nothing, matches nothing, labels that diverge.' },
    info: { description: 'Cleanup: a rule another rule already covers.' },
  },
});

@ObjectType('FindingObject', { description: 'An object a finding is about.' })
export class FindingObjectModel {
  @Field({ description: 'Kind: a workload kind, Pod, Namespace, NetworkPolicy, an admin policy kind, or the plugin\'s DaemonSet.' }) @ApiProperty({ example: 'NetworkPolicy' }) kind!: string;
  @Field(() => String, { nullable: true, description: 'Namespace; null for cluster-scoped objects (Namespace, admin policies).' })
  @ApiProperty({ type: String, nullable: true, example: 'shop' })
  namespace!: string | null;
  @Field({ description: 'Name of the object.' }) @ApiProperty({ example: 'db' }) name!: string;

  static from(o: FindingObject): FindingObjectModel {
    return Object.assign(new FindingObjectModel(), o);
  }
}

@ObjectType('Finding', { description: 'Something a security review of the snapshot\'s policies would point at.' })
export class FindingModel {
  @Field(() => FindingSeverityValue, { description: 'critical, high, medium, low or info.' }) @ApiProperty({ enum: FINDING_SEVERITIES }) severity!: FindingSeverity;
  @Field({ description: 'Stable code of the rule that found it (docs/contracts.md "Findings" lists them), e.g. `rule.overly-broad`.' }) @ApiProperty({ example: 'rule.overly-broad' }) code!: string;
  @Field({ description: 'One line for people.' }) @ApiProperty() message!: string;
  @Field(() => [FindingObjectModel], { description: 'The objects concerned.' }) @ApiProperty({ type: [FindingObjectModel] }) objects!: FindingObjectModel[];

  static from(f: Finding): FindingModel {
    return Object.assign(new FindingModel(), { severity: f.severity, code: f.code, message: f.message, objects: f.objects.map(FindingObjectModel.from) });
  }
}

/** REST body of `GET /snapshots/{id}/findings` (OpenAPI). */
export class FindingsBody {
  @ApiProperty({ type: [FindingModel], description: 'Most severe first.' }) findings!: FindingModel[];
  @ApiProperty({ description: 'Analysis options in force (ipBlockMatchesPods, adminNetworksMatchPods, hostNetwork).' }) options!: object;
  @ApiProperty({ description: 'The detected network plugin with its evidence.' }) cni!: object;
  @ApiProperty({ description: '{mode, enforced}: whether the policies take effect.' }) enforcement!: object;
  @ApiProperty({ description: 'Where each option came from: option, cluster, upload (the snapshot\'s override), detected or default.' }) optionSources!: object;
}
