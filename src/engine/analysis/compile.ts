// Policies compiled once per analysis: every rule gets an id and its peers become scopes
// (phase 1, before classes exist, because address scopes decide the address atoms); then each
// rule's scopes are evaluated into masks over pod classes and address atoms, and each policy's
// subject into a mask over classes (phase 2). Selector results are cached by selector text.

import type {
  AdminPolicyModel,
  AdminSubject,
  AnalysisOptions,
  Diagnostic,
  LabelSelector,
  NetworkPolicyModel,
  NodeModel,
  SnapshotModel,
} from '../model.js';
import { adminPeerScope, networkPolicyPeerScope, type PeerScope, type PodScope, type ScopeProblem } from '../policy/peers.js';
import { namedPortsOf } from '../policy/ports.js';
import type { Direction, PolicyRef, RuleRef } from '../policy/rules.js';
import { selectorKey, selectorMatches, selectsEverything } from '../policy/selectors.js';
import { IpSet } from '../sets/ip-set.js';
import type { AddressAtoms } from './addresses.js';
import { canBeSubject, type NamespaceIndex, type PodClass } from './classes.js';

/** A node scope carries the addresses of the nodes it selects (node IPs are external addresses). */
type CompiledScope = Exclude<PeerScope, { kind: 'nodes' }> | (Extract<PeerScope, { kind: 'nodes' }> & { addresses: IpSet });

export interface CompiledPolicy {
  ref: PolicyRef;
  namespace?: string;
  subject: { kind: 'networkpolicy'; podSelector: LabelSelector } | { kind: 'admin'; subject: AdminSubject };
  affectsIngress: boolean;
  affectsEgress: boolean;
  ingress: RuleRef[];
  egress: RuleRef[];
}

export interface PolicySet {
  policies: CompiledPolicy[];
  /** Indexed by rule id. */
  rules: RuleRef[];
  /** Indexed by rule id; null = every peer (pods, hostNetwork pods and every address). */
  scopes: Array<CompiledScope[] | null>;
  /** Every distinct address set the rules mention: the cuts of the address space. */
  addressSets: IpSet[];
  /** Named ports mentioned by any rule. */
  namedPorts: string[];
  diagnostics: Diagnostic[];
}

function objectText(kind: string, name: string, namespace?: string): string {
  return namespace === undefined ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
}

export function compilePolicies(snapshot: SnapshotModel): PolicySet {
  const set: PolicySet = { policies: [], rules: [], scopes: [], addressSets: [], namedPorts: [], diagnostics: [] };
  const addressKeys = new Set<string>();
  const nodes = snapshot.nodes;

  const addAddresses = (addresses: IpSet) => {
    const key = addresses.key();
    if (!addressKeys.has(key)) {
      addressKeys.add(key);
      set.addressSets.push(addresses);
    }
  };
  const reportProblems = (problems: ScopeProblem[], object: string, path: string) => {
    for (const problem of problems) {
      set.diagnostics.push({ severity: 'warning', code: 'policy.cidr.invalid', message: `${problem.error}: the address block matches nothing`, object, path });
    }
  };
  const addRule = (
    policy: PolicyRef,
    direction: Direction,
    index: number,
    name: string | undefined,
    action: RuleRef['action'],
    ports: RuleRef['ports'],
    scopes: CompiledScope[] | null,
  ): RuleRef => {
    const rule: RuleRef = { id: set.rules.length, policy, direction, index, action, ports };
    if (name !== undefined) rule.name = name;
    set.rules.push(rule);
    set.scopes.push(scopes);
    for (const named of namedPortsOf(ports)) if (!set.namedPorts.includes(named)) set.namedPorts.push(named);
    for (const scope of scopes ?? []) if (scope.kind !== 'pods') addAddresses(scope.addresses);
    return rule;
  };

  for (const np of snapshot.networkPolicies) {
    const ref: PolicyRef = { id: set.policies.length, kind: 'NetworkPolicy', namespace: np.namespace, name: np.name, layer: 'networkpolicy' };
    const object = objectText('NetworkPolicy', np.name, np.namespace);
    const compileRules = (direction: Direction, rules: NetworkPolicyModel['ingress']) =>
      rules.map((rule) => {
        const problems: ScopeProblem[] = [];
        const scopes = rule.peers === null ? null : rule.peers.map((peer) => networkPolicyPeerScope(peer, problems));
        reportProblems(problems, object, `spec.${direction}[${rule.index}]`);
        return addRule(ref, direction, rule.index, undefined, 'Allow', rule.ports, scopes);
      });
    set.policies.push({
      ref,
      namespace: np.namespace,
      subject: { kind: 'networkpolicy', podSelector: np.podSelector },
      affectsIngress: np.affectsIngress,
      affectsEgress: np.affectsEgress,
      ingress: np.affectsIngress ? compileRules('ingress', np.ingress) : [],
      egress: np.affectsEgress ? compileRules('egress', np.egress) : [],
    });
  }

  for (const admin of snapshot.adminPolicies) {
    const ref: PolicyRef = { id: set.policies.length, kind: admin.kind, name: admin.name, layer: admin.tier, priority: admin.priority };
    const object = objectText(admin.kind, admin.name);
    const compileRules = (direction: Direction, rules: AdminPolicyModel['ingress']) =>
      rules.map((rule) => {
        const problems: ScopeProblem[] = [];
        const scopes = rule.peers.map((peer): CompiledScope => {
          const scope = adminPeerScope(peer, problems);
          if (scope.kind !== 'nodes') return scope;
          return { ...scope, addresses: nodeAddresses(nodes, scope.nodes) };
        });
        reportProblems(problems, object, `spec.${direction}[${rule.index}]`);
        return addRule(ref, direction, rule.index, rule.name, rule.action, rule.ports, scopes);
      });
    const ingress = compileRules('ingress', admin.ingress);
    const egress = compileRules('egress', admin.egress);
    set.policies.push({
      ref,
      subject: { kind: 'admin', subject: admin.subject },
      affectsIngress: ingress.length > 0,
      affectsEgress: egress.length > 0,
      ingress,
      egress,
    });
  }
  return set;
}

function nodeAddresses(nodes: readonly NodeModel[], selector: LabelSelector): IpSet {
  let addresses = IpSet.EMPTY;
  for (const node of nodes) {
    if (!selectorMatches(selector, node.labels)) continue;
    for (const ip of node.ips) {
      try {
        addresses = addresses.union(IpSet.fromIp(ip));
      } catch {
        // An invalid node address was reported by the parser; it matches nothing here.
      }
    }
  }
  return addresses;
}

// ---------------------------------------------------------------- phase 2: masks

export interface PeerMasks {
  /** By rule id: the rule's peers include every peer. */
  everyPeer: boolean[];
  /** By rule id: 1 for each class the rule's peers include. */
  classMask: Uint8Array[];
  /** By rule id: 1 for each address atom the rule's peers include. */
  atomMask: Uint8Array[];
  /** By policy id: 1 for each class the policy selects as subject. */
  subjects: Uint8Array[];
}

/** Caches selector evaluations over namespaces and classes. */
class SelectorCache {
  private readonly namespaceMasks = new Map<string, Uint8Array>();
  private readonly classResults = new Map<string, Int8Array>();

  constructor(
    private readonly namespaces: NamespaceIndex,
    private readonly classes: readonly PodClass[],
  ) {}

  namespacesMatching(selector: LabelSelector): Uint8Array {
    const key = selectorKey(selector);
    let mask = this.namespaceMasks.get(key);
    if (mask === undefined) {
      mask = new Uint8Array(this.namespaces.names.length);
      this.namespaces.labels.forEach((labels, i) => {
        if (selectorMatches(selector, labels)) mask![i] = 1;
      });
      this.namespaceMasks.set(key, mask);
    }
    return mask;
  }

  /** A matcher over classes for one selector: evaluated lazily, remembered per selector text. */
  podMatcher(selector: LabelSelector): (podClass: PodClass) => boolean {
    const key = selectorKey(selector);
    let results = this.classResults.get(key);
    if (results === undefined) {
      results = new Int8Array(this.classes.length).fill(-1);
      this.classResults.set(key, results);
    }
    const known = results;
    return (podClass) => {
      let result = known[podClass.id];
      if (result < 0) {
        result = selectorMatches(selector, podClass.labels) ? 1 : 0;
        known[podClass.id] = result;
      }
      return result === 1;
    };
  }
}

export function computePeerMasks(
  set: PolicySet,
  classes: readonly PodClass[],
  namespaces: NamespaceIndex,
  atoms: AddressAtoms,
  options: AnalysisOptions,
): PeerMasks {
  const cache = new SelectorCache(namespaces, classes);
  const classesByNamespace: PodClass[][] = namespaces.names.map(() => []);
  for (const podClass of classes) classesByNamespace[podClass.namespaceIndex].push(podClass);

  /** Classes in the namespaces a scope selects (hostNetwork pods are never selected by pod scopes). */
  const forEachInNamespaces = (namespacesSelector: LabelSelector | 'own', policyNamespace: string | undefined, visit: (c: PodClass) => void) => {
    if (namespacesSelector === 'own') {
      const index = policyNamespace === undefined ? undefined : namespaces.indexOf.get(policyNamespace);
      if (index !== undefined) classesByNamespace[index].forEach(visit);
      return;
    }
    const mask = cache.namespacesMatching(namespacesSelector);
    for (let i = 0; i < mask.length; i++) if (mask[i] === 1) classesByNamespace[i].forEach(visit);
  };

  const markPodScope = (scope: PodScope, policyNamespace: string | undefined, mask: Uint8Array) => {
    const matches = scope.pods === null || selectsEverything(scope.pods) ? undefined : cache.podMatcher(scope.pods);
    forEachInNamespaces(scope.namespaces, policyNamespace, (c) => {
      if (c.hostNetwork) return;
      if (matches === undefined || matches(c)) mask[c.id] = 1;
    });
  };

  // Only classes with addresses can be matched by address scopes.
  const addressed = classes.filter((c) => c.atoms.length > 0 && !c.ingressController);
  const markAddressScope = (atomsInScope: Uint8Array, podsToo: boolean, mask: Uint8Array) => {
    for (const c of addressed) {
      if (!c.hostNetwork && !podsToo) continue;
      if (c.atoms.some((a) => atomsInScope[a] === 1)) mask[c.id] = 1;
    }
  };

  const hostNetworkClasses = classes.filter((c) => c.hostNetwork);
  const everyPeer: boolean[] = [];
  const classMask: Uint8Array[] = [];
  const atomMask: Uint8Array[] = [];
  const allClasses = new Uint8Array(classes.length).fill(1);
  const allAtoms = new Uint8Array(atoms.count).fill(1);
  const noAtoms = new Uint8Array(atoms.count);

  for (const rule of set.rules) {
    const scopes = set.scopes[rule.id];
    if (scopes === null) {
      everyPeer.push(true);
      classMask.push(allClasses);
      atomMask.push(allAtoms);
      continue;
    }
    const ruleClasses = new Uint8Array(classes.length);
    let ruleAtoms: Uint8Array | undefined;
    const addAtoms = (m: Uint8Array) => {
      if (ruleAtoms === undefined) ruleAtoms = new Uint8Array(atoms.count);
      for (let i = 0; i < m.length; i++) if (m[i] === 1) ruleAtoms[i] = 1;
    };
    const policyNamespace = rule.policy.namespace;
    for (const scope of scopes) {
      if (scope.kind === 'pods') {
        markPodScope(scope, policyNamespace, ruleClasses);
      } else if (scope.kind === 'addresses') {
        const m = atoms.mask(scope.addresses);
        addAtoms(m);
        markAddressScope(m, options[scope.podOption], ruleClasses);
      } else {
        addAtoms(atoms.mask(scope.addresses));
        for (const c of hostNetworkClasses) if (selectorMatches(scope.nodes, c.nodeLabels)) ruleClasses[c.id] = 1;
      }
    }
    everyPeer.push(false);
    classMask.push(ruleClasses);
    atomMask.push(ruleAtoms ?? noAtoms);
  }

  const notSubjects = classes.filter((c) => !canBeSubject(c));
  const subjects = set.policies.map((policy) => {
    const mask = new Uint8Array(classes.length);
    if (policy.subject.kind === 'networkpolicy') {
      markPodScope({ kind: 'pods', namespaces: 'own', pods: policy.subject.podSelector }, policy.namespace, mask);
    } else {
      const subject = policy.subject.subject;
      markPodScope({ kind: 'pods', namespaces: subject.namespaceSelector, pods: subject.kind === 'pods' ? subject.podSelector : null }, undefined, mask);
    }
    for (const c of notSubjects) mask[c.id] = 0;
    return mask;
  });

  return { everyPeer, classMask, atomMask, subjects };
}
