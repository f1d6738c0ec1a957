// Findings: what a security review of a snapshot's policies would point at, each with a severity,
// a stable code, one line for people and the objects concerned. Every rule reads the snapshot as
// analysed (its pods, namespaces, policies and the network plugin's verdict), so the CLI (`lint`),
// REST, GraphQL and the metrics cannot disagree. Rules are listed in FINDING_RULES with what each
// checks; docs/contracts.md "Findings" repeats that list for users.

import type { AdminPolicyModel, AnalysisOptions, Labels, LabelSelector, NetworkPolicyModel, NetworkPolicyPeer, NetworkPolicyRule, PodModel, PortMatch, SnapshotModel } from '../model.js';
import { stateOf, type Analysis } from '../analysis/state.js';
import { selectorKey, selectorMatches, selectsEverything } from '../policy/selectors.js';
import { resolvePorts } from '../policy/ports.js';
import { ipBlockAddresses } from '../policy/peers.js';
import { IpSet } from '../sets/ip-set.js';
import type { PortSet } from '../sets/port-set.js';
import type { NetworkContext } from '../result.js';

/** Most severe first. */
export const FINDING_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** An object a finding is about; `namespace` is null for cluster-scoped objects (Namespace, admin policies). */
export interface FindingObject {
  kind: string;
  namespace: string | null;
  name: string;
}

export interface Finding {
  severity: FindingSeverity;
  code: FindingCode;
  /** One line for people. */
  message: string;
  objects: FindingObject[];
}

/** Every finding code and what it reports (the README and docs/contracts.md list the same). */
export const FINDING_RULES = {
  'network-plugin.not-enforcing': 'the network plugin does not enforce NetworkPolicy (or enforcement is set to not-enforced): every policy is ignored',
  'workload.no-ingress-isolation': 'a workload no NetworkPolicy isolates for ingress: every pod and address may connect to it',
  'workload.no-egress-isolation': 'a workload no NetworkPolicy isolates for egress: it may connect anywhere',
  'namespace.no-default-deny': 'a namespace with pods and no policy selecting all of them that denies ingress (or egress) by default',
  'policy.selects-nothing': 'a policy whose pod selector (or admin subject) matches no pod',
  'rule.peer-matches-nothing': 'a rule peer (pod, namespace or node selector) that matches nothing in the snapshot',
  'port.named-unresolved': 'a named port in a rule that no pod it could apply to declares',
  'rule.redundant': 'a NetworkPolicy rule whose peers and ports another rule over the same pods already allows',
  'policy.redundant': 'a NetworkPolicy whose isolation and every rule other policies already give',
  'rule.overly-broad': 'a rule allowing every namespace, 0.0.0.0/0 or ::/0 on all ports, or every source on all ports',
  'admin-policy.priority-overlap': 'two admin-tier (or baseline-tier) policies of equal priority selecting the same pods: their order is undefined',
  'pod.host-network': 'a workload whose pods use the host network: no NetworkPolicy selects them',
  'workload.diverging-labels': 'a workload whose pods carry different labels, so policies may treat its pods differently',
} as const;

export type FindingCode = keyof typeof FINDING_RULES;

/** Labels that differ between pods of one workload by design (revision hashes, indices, pod names). */
const PER_POD_LABELS = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'batch.kubernetes.io/job-completion-index',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'job-name',
  'batch.kubernetes.io/job-name',
  'pod-template-generation',
]);

export function severityRank(severity: FindingSeverity): number {
  return FINDING_SEVERITIES.indexOf(severity);
}

/** Findings at `threshold` or more severe. */
export function findingsAtOrAbove(list: readonly Finding[], threshold: FindingSeverity): Finding[] {
  return list.filter((f) => severityRank(f.severity) <= severityRank(threshold));
}

/** Count per severity, every severity present (0 when none). */
export function countFindings(list: readonly Finding[]): Record<FindingSeverity, number> {
  const counts = Object.fromEntries(FINDING_SEVERITIES.map((s) => [s, 0])) as Record<FindingSeverity, number>;
  for (const f of list) counts[f.severity]++;
  return counts;
}

/** The findings with the options and network context they were found under (the REST answer and the registry's). */
export interface FindingsResult extends NetworkContext {
  findings: Finding[];
  options: AnalysisOptions;
}

export function findingsResult(analysis: Analysis): FindingsResult {
  const { cni, enforcement, optionSources, clusterRanges } = analysis.network;
  return {
    findings: findings(analysis),
    options: { ...analysis.options },
    cni,
    enforcement: { ...enforcement },
    optionSources: { ...optionSources },
    clusterRanges: { podCIDRs: [...clusterRanges.podCIDRs], serviceCIDRs: [...clusterRanges.serviceCIDRs] },
  };
}

/** Findings already computed, per analysis: an analysis never changes, so neither do its findings. */
const computed = new WeakMap<Analysis, readonly Finding[]>();

/**
 * Every finding of an analysed snapshot: most severe first, then by code and objects. Computed once
 * per analysis (a diff, a what-if and the metrics of the same analysis share them); callers get a
 * copy of the list.
 */
export function findings(analysis: Analysis): Finding[] {
  let list = computed.get(analysis);
  if (list === undefined) computed.set(analysis, (list = computeFindings(analysis)));
  return [...list];
}

function computeFindings(analysis: Analysis): Finding[] {
  const state = stateOf(analysis);
  const view = new SnapshotView(state.parts.snapshot);
  const out: Finding[] = [
    ...pluginFindings(state.network),
    ...isolationFindings(view),
    ...defaultDenyFindings(view),
    ...selectsNothingFindings(view),
    ...peerFindings(view),
    ...namedPortFindings(view),
    ...redundancyFindings(view),
    ...broadRuleFindings(view),
    ...priorityOverlapFindings(view),
    ...hostNetworkFindings(view),
    ...divergingLabelFindings(view),
  ];
  return out.sort(compareFindings);
}

function compareFindings(a: Finding, b: Finding): number {
  return severityRank(a.severity) - severityRank(b.severity) || cmp(a.code, b.code) || cmp(objectsKey(a.objects), objectsKey(b.objects)) || cmp(a.message, b.message);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function objectsKey(objects: readonly FindingObject[]): string {
  return objects.map((o) => `${o.namespace ?? ''}/${o.name}/${o.kind}`).join(',');
}

// ---------------------------------------------------------------- the snapshot, indexed once

type Direction = 'ingress' | 'egress';

/** Pods that policies can select and pod peers can match: hostNetwork pods are neither. Indexed by namespace; selections memoised. */
class SnapshotView {
  readonly selectable: PodModel[];
  readonly workloads = new Map<string, { ref: FindingObject; pods: PodModel[] }>();
  private readonly namespaceLabels = new Map<string, Labels>();
  private readonly byNamespace = new Map<string, PodModel[]>();
  private readonly selected = new Map<NetworkPolicyModel, Set<PodModel>>();
  private readonly namespacesMatching = new Map<string, string[]>();
  private readonly peerCache = new Map<string, PodModel[]>();

  constructor(readonly snapshot: SnapshotModel) {
    this.selectable = snapshot.pods.filter((p) => !p.hostNetwork);
    for (const ns of snapshot.namespaces) this.namespaceLabels.set(ns.name, ns.labels);
    for (const pod of this.selectable) {
      const list = this.byNamespace.get(pod.namespace);
      if (list) list.push(pod);
      else this.byNamespace.set(pod.namespace, [pod]);
    }
    for (const pod of snapshot.pods) {
      const key = `${pod.workload.namespace}/${pod.workload.name}/${pod.workload.kind}`;
      let entry = this.workloads.get(key);
      if (!entry) {
        entry = { ref: { kind: pod.workload.kind, namespace: pod.workload.namespace, name: pod.workload.name }, pods: [] };
        this.workloads.set(key, entry);
      }
      entry.pods.push(pod);
    }
  }

  labelsOfNamespace(name: string): Labels {
    return this.namespaceLabels.get(name) ?? { 'kubernetes.io/metadata.name': name };
  }

  podsIn(namespace: string): readonly PodModel[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  /** Namespaces (with selectable pods) a namespace selector matches. */
  private namespacesOf(selector: LabelSelector): string[] {
    const key = selectorKey(selector);
    let names = this.namespacesMatching.get(key);
    if (!names) {
      names = [...this.byNamespace.keys()].filter((ns) => selectorMatches(selector, this.labelsOfNamespace(ns)));
      this.namespacesMatching.set(key, names);
    }
    return names;
  }

  /** Pods a NetworkPolicy selects as subjects. */
  selectedBy(policy: NetworkPolicyModel): Set<PodModel> {
    let set = this.selected.get(policy);
    if (!set) {
      set = new Set(this.podsIn(policy.namespace).filter((p) => selectorMatches(policy.podSelector, p.labels)));
      this.selected.set(policy, set);
    }
    return set;
  }

  /** Pods an admin policy's subject selects. */
  adminSubjects(policy: AdminPolicyModel): PodModel[] {
    const s = policy.subject;
    return this.podsMatching(s.namespaceSelector, s.kind === 'namespaces' ? null : s.podSelector);
  }

  /** Pods a pod peer of a rule in `policyNamespace` matches (empty for ipBlock peers). */
  peerPods(peer: NetworkPolicyPeer, policyNamespace: string): PodModel[] {
    if (peer.kind === 'ipBlock') return [];
    if (peer.namespaceSelector === null) {
      const key = `own ${policyNamespace} ${peer.podSelector === null ? '*' : selectorKey(peer.podSelector)}`;
      let pods = this.peerCache.get(key);
      if (!pods) {
        pods = this.podsIn(policyNamespace).filter((p) => peer.podSelector === null || selectorMatches(peer.podSelector, p.labels));
        this.peerCache.set(key, pods);
      }
      return pods;
    }
    return this.podsMatching(peer.namespaceSelector, peer.podSelector);
  }

  podsMatching(namespaceSelector: LabelSelector, podSelector: LabelSelector | null): PodModel[] {
    const key = `${selectorKey(namespaceSelector)} ${podSelector === null ? '*' : selectorKey(podSelector)}`;
    let pods = this.peerCache.get(key);
    if (!pods) {
      pods = this.namespacesOf(namespaceSelector).flatMap((ns) => this.podsIn(ns).filter((p) => podSelector === null || selectorMatches(podSelector, p.labels)));
      this.peerCache.set(key, pods);
    }
    return pods;
  }
}

function policyObject(p: NetworkPolicyModel): FindingObject {
  return { kind: 'NetworkPolicy', namespace: p.namespace, name: p.name };
}

function adminObject(p: AdminPolicyModel): FindingObject {
  return { kind: p.kind, namespace: null, name: p.name };
}

function rulesOf(p: NetworkPolicyModel, direction: Direction): readonly NetworkPolicyRule[] {
  return direction === 'ingress' ? p.ingress : p.egress;
}

function affects(p: NetworkPolicyModel, direction: Direction): boolean {
  return direction === 'ingress' ? p.affectsIngress : p.affectsEgress;
}

const PEERS_FIELD: Record<Direction, string> = { ingress: 'from', egress: 'to' };

function ruleText(p: NetworkPolicyModel, direction: Direction, rule: NetworkPolicyRule): string {
  return `NetworkPolicy ${p.namespace}/${p.name} ${direction}[${rule.index}]`;
}

// ---------------------------------------------------------------- the rules

function pluginFindings(network: NetworkContext): Finding[] {
  if (network.enforcement.enforced) return [];
  const { cni, enforcement } = network;
  const message =
    enforcement.mode === 'not-enforced'
      ? 'policies are not enforced (enforcement: not-enforced): every connection is allowed whatever the policies say'
      : `the network plugin ${cni.plugin ?? '(unknown)'} does not enforce NetworkPolicy (${cni.reason}): every connection is allowed whatever the policies say`;
  return [{ severity: 'critical', code: 'network-plugin.not-enforcing', message, objects: cni.evidence.map((e) => ({ kind: e.kind, namespace: e.namespace, name: e.name })) }];
}

function isolationFindings(view: SnapshotView): Finding[] {
  const isolated: Record<Direction, Set<PodModel>> = { ingress: new Set(), egress: new Set() };
  for (const policy of view.snapshot.networkPolicies) {
    for (const direction of ['ingress', 'egress'] as const) {
      if (affects(policy, direction)) for (const pod of view.selectedBy(policy)) isolated[direction].add(pod);
    }
  }
  const out: Finding[] = [];
  for (const { ref, pods } of view.workloads.values()) {
    const subjects = pods.filter((p) => !p.hostNetwork);
    if (subjects.length === 0) continue; // reported as pod.host-network
    const text = `${ref.namespace}/${ref.name}[${ref.kind}]`;
    if (subjects.some((p) => !isolated.ingress.has(p))) {
      out.push({ severity: 'medium', code: 'workload.no-ingress-isolation', message: `${text}: no NetworkPolicy isolates its ingress; every pod and address may connect to it`, objects: [ref] });
    }
    if (subjects.some((p) => !isolated.egress.has(p))) {
      out.push({ severity: 'low', code: 'workload.no-egress-isolation', message: `${text}: no NetworkPolicy isolates its egress; it may connect anywhere`, objects: [ref] });
    }
  }
  return out;
}

/** A policy that selects every pod of its namespace and allows nothing in `direction` (no rules). */
function isDefaultDeny(p: NetworkPolicyModel, direction: Direction): boolean {
  return selectsEverything(p.podSelector) && affects(p, direction) && rulesOf(p, direction).length === 0;
}

function defaultDenyFindings(view: SnapshotView): Finding[] {
  const namespacesWithPods = [...new Set(view.selectable.map((p) => p.namespace))].sort();
  const out: Finding[] = [];
  for (const ns of namespacesWithPods) {
    const policies = view.snapshot.networkPolicies.filter((p) => p.namespace === ns);
    const missing = (['ingress', 'egress'] as const).filter((d) => !policies.some((p) => isDefaultDeny(p, d)));
    if (missing.length === 0) continue;
    out.push({
      severity: missing.includes('ingress') ? 'medium' : 'low',
      code: 'namespace.no-default-deny',
      message: `namespace ${ns} has no default-deny NetworkPolicy for ${missing.join(' and ')} (a policy with an empty podSelector and no ${missing.join('/')} rules)`,
      objects: [{ kind: 'Namespace', namespace: null, name: ns }],
    });
  }
  return out;
}

function selectsNothingFindings(view: SnapshotView): Finding[] {
  const out: Finding[] = [];
  for (const p of view.snapshot.networkPolicies) {
    if (view.selectedBy(p).size === 0) {
      out.push({ severity: 'low', code: 'policy.selects-nothing', message: `NetworkPolicy ${p.namespace}/${p.name} selects no pod in namespace ${p.namespace}: it has no effect`, objects: [policyObject(p)] });
    }
  }
  for (const p of view.snapshot.adminPolicies) {
    if (view.adminSubjects(p).length === 0) {
      out.push({ severity: 'low', code: 'policy.selects-nothing', message: `${p.kind} ${p.name}: its subject selects no pod, so it has no effect`, objects: [adminObject(p)] });
    }
  }
  return out;
}

function peerFindings(view: SnapshotView): Finding[] {
  const out: Finding[] = [];
  for (const p of view.snapshot.networkPolicies) {
    for (const direction of ['ingress', 'egress'] as const) {
      for (const rule of rulesOf(p, direction)) {
        const empty = (rule.peers ?? []).map((peer, i) => ({ peer, i })).filter(({ peer }) => peer.kind === 'pods' && view.peerPods(peer, p.namespace).length === 0);
        if (empty.length === 0) continue;
        const where = empty.map(({ i }) => `${PEERS_FIELD[direction]}[${i}]`).join(', ');
        const all = empty.length === rule.peers!.length;
        out.push({
          severity: 'low',
          code: 'rule.peer-matches-nothing',
          message: `${ruleText(p, direction, rule)}: ${where} ${empty.length > 1 ? 'match' : 'matches'} no pod${all ? ', so the rule allows nothing' : ''}`,
          objects: [policyObject(p)],
        });
      }
    }
  }
  for (const p of view.snapshot.adminPolicies) {
    for (const direction of ['ingress', 'egress'] as const) {
      for (const rule of direction === 'ingress' ? p.ingress : p.egress) {
        const empty = rule.peers
          .map((peer, i) => ({ peer, i }))
          .filter(({ peer }) => {
            if (peer.kind === 'namespaces') return view.podsMatching(peer.namespaceSelector, null).length === 0;
            if (peer.kind === 'pods') return view.podsMatching(peer.namespaceSelector, peer.podSelector).length === 0;
            if (peer.kind === 'nodes') return !view.snapshot.nodes.some((n) => selectorMatches(peer.nodeSelector, n.labels));
            return false;
          });
        if (empty.length === 0) continue;
        const where = empty.map(({ i }) => `${PEERS_FIELD[direction]}[${i}]`).join(', ');
        out.push({ severity: 'low', code: 'rule.peer-matches-nothing', message: `${p.kind} ${p.name} ${direction}[${rule.index}]: ${where} ${empty.length > 1 ? 'match' : 'matches'} nothing in the snapshot`, objects: [adminObject(p)] });
      }
    }
  }
  return out;
}

function namedPorts(matches: readonly PortMatch[] | null): { name: string; protocol: PortMatch['protocol'] }[] {
  return (matches ?? []).filter((m): m is Extract<PortMatch, { kind: 'named' }> => m.kind === 'named');
}

function namedPortFindings(view: SnapshotView): Finding[] {
  const out: Finding[] = [];
  const anywhere = new Set(view.snapshot.pods.flatMap((p) => p.ports.filter((c) => c.name).map((c) => `${c.name}/${c.protocol}`)));
  const declares = (pods: Iterable<PodModel>, name: string, protocol: string) => {
    for (const pod of pods) if (pod.ports.some((c) => c.name === name && c.protocol === protocol)) return true;
    return false;
  };
  for (const p of view.snapshot.networkPolicies) {
    for (const direction of ['ingress', 'egress'] as const) {
      for (const rule of rulesOf(p, direction)) {
        const names = namedPorts(rule.ports);
        if (names.length === 0) continue;
        // Ingress: the port is on the policy's own pods. Egress: on the pods the rule reaches (any pod when it names addresses or everything).
        const toAnyPod = direction === 'egress' && (rule.peers === null || rule.peers.some((x) => x.kind === 'ipBlock'));
        const targets: Iterable<PodModel> = direction === 'ingress' ? view.selectedBy(p) : toAnyPod ? [] : rule.peers!.flatMap((x) => view.peerPods(x, p.namespace));
        for (const { name, protocol } of names) {
          if (toAnyPod ? anywhere.has(`${name}/${protocol}`) : declares(targets, name, protocol)) continue;
          out.push({
            severity: 'medium',
            code: 'port.named-unresolved',
            message: `${ruleText(p, direction, rule)}: named port ${name}/${protocol} is declared by no ${direction === 'ingress' ? 'pod the policy selects' : 'pod the rule reaches'}, so it allows nothing`,
            objects: [policyObject(p)],
          });
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- redundancy

interface RuleCover {
  policy: NetworkPolicyModel;
  direction: Direction;
  rule: NetworkPolicyRule;
  /** null = every peer. */
  pods: Set<PodModel> | null;
  addresses: IpSet | null;
  /** null = every port. */
  ports: PortSet | null;
  /** Order of the rule among all rules, to keep one of two equal rules. */
  order: number;
}

/** One Set per peer selection (selections are memoised arrays), shared by every rule with that single peer. */
const peerSets = new WeakMap<readonly PodModel[], Set<PodModel>>();

function ruleCover(view: SnapshotView, policy: NetworkPolicyModel, direction: Direction, rule: NetworkPolicyRule, order: number): RuleCover {
  let pods: Set<PodModel> | null = null;
  let addresses: IpSet | null = null;
  const only = rule.peers?.length === 1 && rule.peers[0]!.kind === 'pods' ? view.peerPods(rule.peers[0]!, policy.namespace) : undefined;
  if (only !== undefined) {
    pods = peerSets.get(only) ?? new Set(only);
    peerSets.set(only, pods);
    addresses = IpSet.EMPTY;
  } else if (rule.peers !== null) {
    pods = new Set();
    addresses = IpSet.EMPTY;
    for (const peer of rule.peers) {
      if (peer.kind === 'ipBlock') addresses = addresses.union(ipBlockAddresses(peer.ipBlock, []));
      else for (const pod of view.peerPods(peer, policy.namespace)) pods.add(pod);
    }
  }
  const ports = rule.ports === null ? null : resolvePorts(rule.ports, { kind: 'external' }).ports;
  return { policy, direction, rule, pods, addresses, ports, order };
}

function subset<T>(a: Set<T>, b: Set<T>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** Whether `outer` allows at least what `inner` allows, to at least the same subject pods. */
function covers(view: SnapshotView, outer: RuleCover, inner: RuleCover): boolean {
  if (outer.direction !== inner.direction) return false;
  if (outer.policy !== inner.policy && !subset(view.selectedBy(inner.policy), view.selectedBy(outer.policy))) return false;
  if (outer.pods !== null) {
    if (inner.pods === null) return false;
    if (!subset(inner.pods, outer.pods) || !outer.addresses!.containsSet(inner.addresses!)) return false;
  }
  if (outer.ports !== null) {
    if (inner.ports === null) return false;
    if (!inner.ports.subtract(outer.ports).isEmpty()) return false;
  }
  return true;
}

/** Allows nothing at all (every peer matches nothing): reported as rule.peer-matches-nothing instead. */
function allowsNothing(c: RuleCover): boolean {
  return c.pods !== null && c.pods.size === 0 && c.addresses!.isEmpty();
}

function redundancyFindings(view: SnapshotView): Finding[] {
  // A NetworkPolicy's rules apply to pods of its own namespace: only policies of one namespace can cover each other.
  const byNamespace = new Map<string, NetworkPolicyModel[]>();
  for (const p of view.snapshot.networkPolicies) {
    if (view.selectedBy(p).size === 0) continue;
    const list = byNamespace.get(p.namespace);
    if (list) list.push(p);
    else byNamespace.set(p.namespace, [p]);
  }
  return [...byNamespace.values()].flatMap((policies) => redundancyIn(view, policies));
}

function redundancyIn(view: SnapshotView, policies: NetworkPolicyModel[]): Finding[] {
  const coversOf = new Map<NetworkPolicyModel, RuleCover[]>();
  let order = 0;
  for (const policy of policies) {
    const list: RuleCover[] = [];
    for (const direction of ['ingress', 'egress'] as const) {
      if (!affects(policy, direction)) continue;
      for (const rule of rulesOf(policy, direction)) list.push(ruleCover(view, policy, direction, rule, order++));
    }
    coversOf.set(policy, list);
  }
  const all = [...coversOf.values()].flat();
  /** A rule strictly covered by another, or equal to an earlier one. */
  const coveredBy = (inner: RuleCover, candidates: RuleCover[]) =>
    candidates.find((outer) => outer !== inner && covers(view, outer, inner) && (!covers(view, inner, outer) || outer.order < inner.order));
  /** Two policies whose rules cover each other (so which one is "redundant" is decided by order). */
  const equalRules = (a: NetworkPolicyModel, b: NetworkPolicyModel) => {
    const ra = coversOf.get(a)!;
    const rb = coversOf.get(b)!;
    return ra.every((x) => rb.some((y) => covers(view, y, x))) && rb.every((y) => ra.some((x) => covers(view, x, y)));
  };

  const out: Finding[] = [];
  const redundantPolicies = new Set<NetworkPolicyModel>();
  for (const [index, policy] of policies.entries()) {
    const others = all.filter((c) => c.policy !== policy);
    const own = coversOf.get(policy)!;
    // Another policy selecting at least the same pods isolates each direction this one does; of equal policies the later one is redundant.
    const isolationKept = (['ingress', 'egress'] as const).every(
      (d) =>
        !affects(policy, d) ||
        policies.some((q, j) => q !== policy && affects(q, d) && subset(view.selectedBy(policy), view.selectedBy(q)) && (j < index || !subset(view.selectedBy(q), view.selectedBy(policy)) || !equalRules(q, policy))),
    );
    if (isolationKept && own.every((c) => coveredBy(c, others) !== undefined)) {
      redundantPolicies.add(policy);
      out.push({ severity: 'low', code: 'policy.redundant', message: `NetworkPolicy ${policy.namespace}/${policy.name} adds nothing: other policies already isolate its pods and allow everything it allows`, objects: [policyObject(policy)] });
    }
  }
  const kept = all.filter((c) => !redundantPolicies.has(c.policy));
  for (const inner of all) {
    if (redundantPolicies.has(inner.policy) || allowsNothing(inner)) continue;
    const outer = coveredBy(inner, kept);
    if (outer === undefined) continue;
    out.push({
      severity: 'info',
      code: 'rule.redundant',
      message: `${ruleText(inner.policy, inner.direction, inner.rule)} allows nothing that ${outer.policy === inner.policy ? `${inner.direction}[${outer.rule.index}] of the same policy` : ruleText(outer.policy, outer.direction, outer.rule)} does not already allow`,
      objects: outer.policy === inner.policy ? [policyObject(inner.policy)] : [policyObject(inner.policy), policyObject(outer.policy)],
    });
  }
  return out;
}

// ---------------------------------------------------------------- broad rules, admin priorities, pods

function isWholeAddressSpace(cidr: string): boolean {
  return cidr.trim().endsWith('/0');
}

function broadRuleFindings(view: SnapshotView): Finding[] {
  const out: Finding[] = [];
  for (const p of view.snapshot.networkPolicies) {
    for (const direction of ['ingress', 'egress'] as const) {
      if (!affects(p, direction)) continue;
      for (const rule of rulesOf(p, direction)) {
        const text = ruleText(p, direction, rule);
        const allPorts = rule.ports === null;
        const broad = (severity: Finding['severity'], why: string) => out.push({ severity, code: 'rule.overly-broad', message: `${text} ${why}`, objects: [policyObject(p)] });
        if (rule.peers === null) {
          if (allPorts) broad(direction === 'ingress' ? 'high' : 'medium', `allows ${direction === 'ingress' ? 'every source' : 'every destination'} (pods and addresses) on all ports`);
          continue;
        }
        rule.peers.forEach((peer, i) => {
          const field = `${PEERS_FIELD[direction]}[${i}]`;
          if (peer.kind === 'ipBlock') {
            if (isWholeAddressSpace(peer.ipBlock.cidr) && allPorts) {
              broad(direction === 'ingress' ? 'high' : 'medium', `allows ${peer.ipBlock.cidr}${peer.ipBlock.except.length ? ' (with exceptions)' : ''} on all ports (${field})`);
            }
          } else if (peer.namespaceSelector !== null && selectsEverything(peer.namespaceSelector) && (peer.podSelector === null || selectsEverything(peer.podSelector))) {
            broad(direction === 'ingress' ? 'medium' : 'low', `allows every pod of every namespace${allPorts ? ' on all ports' : ''} (${field}: namespaceSelector {})`);
          }
        });
      }
    }
  }
  return out;
}

function priorityOverlapFindings(view: SnapshotView): Finding[] {
  const out: Finding[] = [];
  const admin = view.snapshot.adminPolicies;
  const subjects = new Map(admin.map((p) => [p, new Set(view.adminSubjects(p))]));
  for (let i = 0; i < admin.length; i++) {
    for (let j = i + 1; j < admin.length; j++) {
      const a = admin[i]!;
      const b = admin[j]!;
      if (a.tier !== b.tier || a.priority !== b.priority) continue;
      const shared = [...subjects.get(a)!].filter((pod) => subjects.get(b)!.has(pod));
      if (shared.length === 0) continue;
      out.push({
        severity: 'high',
        code: 'admin-policy.priority-overlap',
        message: `${a.kind} ${a.name} and ${b.kind} ${b.name} have the same ${a.tier}-tier priority ${a.priority} and both select ${shared.length} pod${shared.length > 1 ? 's' : ''} (e.g. ${shared[0]!.namespace}/${shared[0]!.name}): which applies first is undefined`,
        objects: [adminObject(a), adminObject(b)],
      });
    }
  }
  return out;
}

function hostNetworkFindings(view: SnapshotView): Finding[] {
  const out: Finding[] = [];
  for (const { ref, pods } of view.workloads.values()) {
    const host = pods.filter((p) => p.hostNetwork);
    if (host.length === 0) continue;
    out.push({
      severity: 'medium',
      code: 'pod.host-network',
      message: `${ref.namespace}/${ref.name}[${ref.kind}]: ${host.length} pod${host.length > 1 ? 's use' : ' uses'} the host network; no NetworkPolicy selects ${host.length > 1 ? 'them' : 'it'} and peers see ${host.length > 1 ? 'them' : 'it'} as the node's address`,
      objects: [ref],
    });
  }
  return out;
}

function comparableLabels(labels: Labels): string {
  return JSON.stringify(
    Object.keys(labels)
      .filter((k) => !PER_POD_LABELS.has(k))
      .sort()
      .map((k) => [k, labels[k]]),
  );
}

function divergingLabelFindings(view: SnapshotView): Finding[] {
  const out: Finding[] = [];
  for (const { ref, pods } of view.workloads.values()) {
    const live = pods.filter((p) => !p.representative);
    const distinct = new Set(live.map((p) => comparableLabels(p.labels)));
    if (distinct.size < 2) continue;
    out.push({
      severity: 'low',
      code: 'workload.diverging-labels',
      message: `${ref.namespace}/${ref.name}[${ref.kind}]: its ${live.length} pods carry ${distinct.size} different label sets, so policies may treat them differently`,
      objects: [ref],
    });
  }
  return out;
}
