// One direction's policy context for a subject class and a peer, as the evaluator's
// DirectionQuery. Shared by the matrix computation and by explain, so both decide alike.
//
// Peers are indices into one universe: pod classes first ([0, classCount)), then address
// atoms ([classCount, classCount + atomCount)).

import type { Diagnostic } from '../model.js';
import type { DirectionQuery } from '../policy/evaluate.js';
import { namedPortsOf, resolvePorts, type PortDestination } from '../policy/ports.js';
import { compareTierOrder, policyText, ruleText, type Direction, type PolicyRules, type RuleRef } from '../policy/rules.js';
import type { PortSet } from '../sets/port-set.js';
import { canBeSubject, type PodClass } from './classes.js';
import type { PeerMasks, PolicySet } from './compile.js';

export interface SubjectPolicies {
  admin: PolicyRules[];
  networkPolicies: PolicyRules[];
  baseline: PolicyRules[];
  /** Every rule above, for signatures. */
  rules: RuleRef[];
}

/** For classes no policy may select (hostNetwork pods, the ingress controller). */
const NO_POLICIES: SubjectPolicies = { admin: [], networkPolicies: [], baseline: [], rules: [] };

/** Collects `port.named.unresolved` once per policy and port name. */
export class NamedPortReport {
  private readonly seen = new Map<string, { rule: RuleRef; name: string; where: PodClass[] }>();

  add(rule: RuleRef, name: string, where: PodClass): void {
    const key = `${rule.policy.id}\u0000${name}`;
    let entry = this.seen.get(key);
    if (entry === undefined) {
      entry = { rule, name, where: [] };
      this.seen.set(key, entry);
    }
    if (!entry.where.includes(where)) entry.where.push(where);
  }

  /** `describe` names a pod of a class (e.g. its first pod) for the message. */
  diagnostics(describe: (where: PodClass) => string): Diagnostic[] {
    return [...this.seen.values()].map(({ rule, name, where }) => {
      const examples = where.map(describe).sort();
      const more = examples.length > 1 ? ` and ${examples.length - 1} other pod group(s)` : '';
      return {
        severity: 'warning' as const,
        code: 'port.named.unresolved',
        message:
          `named port "${name}" in ${ruleText(rule)} matches no container port of ${examples[0]}${more}: ` +
          'the rule allows nothing on that port there',
        object: `${rule.policy.kind} ${policyText(rule.policy)}`,
        path: `spec.${rule.direction}[${rule.index}].ports`,
      };
    });
  }
}

export class DirectionEvaluator {
  private readonly staticPorts: Array<PortSet | undefined>;
  private readonly namedPortsByRule: string[][];
  private readonly subjectPolicyCache = new Map<string, SubjectPolicies>();
  /** By class id: the ids of the policies selecting it, ascending (made on first use). */
  private selectingPolicies: number[][] | undefined;

  constructor(
    private readonly policySet: PolicySet,
    private readonly masks: PeerMasks,
    readonly classes: readonly PodClass[],
    private readonly namedReport: NamedPortReport,
  ) {
    this.namedPortsByRule = policySet.rules.map((rule) => namedPortsOf(rule.ports));
    // Rules without named ports resolve the same everywhere: resolve them once.
    this.staticPorts = policySet.rules.map((rule, id) =>
      this.namedPortsByRule[id].length === 0 ? resolvePorts(rule.ports, { kind: 'external' }).ports : undefined,
    );
  }

  get classCount(): number {
    return this.classes.length;
  }

  hasNamedPorts(rule: RuleRef): boolean {
    return this.staticPorts[rule.id] === undefined;
  }

  /** The policies that select a class as subject for a direction, in evaluation order. */
  policiesOf(subject: PodClass, direction: Direction): SubjectPolicies {
    if (!canBeSubject(subject)) return NO_POLICIES;
    const cacheKey = `${direction}:${subject.id}`;
    const cached = this.subjectPolicyCache.get(cacheKey);
    if (cached) return cached;
    const result: SubjectPolicies = { admin: [], networkPolicies: [], baseline: [], rules: [] };
    for (const policyId of this.policiesSelecting(subject.id)) {
      const policy = this.policySet.policies[policyId];
      const affects = direction === 'ingress' ? policy.affectsIngress : policy.affectsEgress;
      if (!affects) continue;
      const entry: PolicyRules = { policy: policy.ref, rules: policy[direction] };
      if (policy.ref.layer === 'admin') result.admin.push(entry);
      else if (policy.ref.layer === 'baseline') result.baseline.push(entry);
      else result.networkPolicies.push(entry);
    }
    result.admin.sort((a, b) => compareTierOrder(a.policy, b.policy));
    result.baseline.sort((a, b) => compareTierOrder(a.policy, b.policy));
    for (const group of [result.admin, result.networkPolicies, result.baseline]) {
      for (const entry of group) result.rules.push(...entry.rules);
    }
    this.subjectPolicyCache.set(cacheKey, result);
    return result;
  }

  /** Ids of the policies selecting a class as subject (either direction), ascending. */
  policiesSelecting(classId: number): readonly number[] {
    if (this.selectingPolicies === undefined) {
      const lists: number[][] = this.classes.map(() => []);
      this.masks.subjects.forEach((subjects, policyId) => subjects.forEach((c) => lists[c].push(policyId)));
      this.selectingPolicies = lists;
    }
    return this.selectingPolicies[classId];
  }

  peerMatches(rule: RuleRef, peer: number): boolean {
    if (this.masks.everyPeer[rule.id]) return true;
    const classCount = this.classes.length;
    return peer < classCount ? this.masks.classMask[rule.id].has(peer) : this.masks.atomMask[rule.id].has(peer - classCount);
  }

  /** A rule's ports resolved on a destination: a pod class, or an address outside (undefined). */
  portsOf(rule: RuleRef, destination: PodClass | undefined, report: boolean): PortSet {
    const fixed = this.staticPorts[rule.id];
    if (fixed !== undefined) return fixed;
    const target: PortDestination = destination === undefined ? { kind: 'external' } : { kind: 'pod', ports: destination.ports };
    const resolved = resolvePorts(rule.ports, target);
    if (report && destination !== undefined) for (const name of resolved.unresolved) this.namedReport.add(rule, name, destination);
    return resolved.ports;
  }

  /**
   * The query for `subject`'s `direction` towards `peer`. Ports resolve on the destination:
   * the peer for egress, the subject itself for ingress.
   */
  query(subject: PodClass, direction: Direction, peer: number, report: boolean, policies = this.policiesOf(subject, direction)): DirectionQuery {
    const destination = direction === 'ingress' ? subject : peer < this.classes.length ? this.classes[peer] : undefined;
    return {
      admin: policies.admin,
      networkPolicies: policies.networkPolicies,
      baseline: policies.baseline,
      peerMatches: (rule) => this.peerMatches(rule, peer),
      portsOf: (rule) => this.portsOf(rule, destination, report),
    };
  }
}
