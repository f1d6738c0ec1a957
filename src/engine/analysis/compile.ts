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
  LabelSelectorRequirement,
  NetworkPolicyModel,
  NodeModel,
  SnapshotModel,
} from '../model.js';
import { adminPeerScope, networkPolicyPeerScope, type PeerScope, type PodScope, type ScopeProblem } from '../policy/peers.js';
import { namedPortsOf } from '../policy/ports.js';
import type { Direction, PolicyRef, RuleRef } from '../policy/rules.js';
import { selectorKey, selectorMatches, selectsEverything } from '../policy/selectors.js';
import { Bitset } from '../sets/bitset.js';
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
  /** By rule id: the classes the rule's peers include. */
  classMask: Bitset[];
  /** By rule id: the address atoms the rule's peers include. */
  atomMask: Bitset[];
  /** By policy id: the classes the policy selects as subject. */
  subjects: Bitset[];
}

/**
 * Selector results over classes as bitsets, from an index of classes by label: a selector is
 * the intersection of its labels' class sets (and its expressions' unions and complements), so
 * its cost is words × terms, not classes × terms. Results are remembered per selector text.
 */
class ClassIndex {
  /**
   * Per label key and value: the classes carrying it, as a list until a selector asks, then as a
   * bitset. Most values are never asked for (every ReplicaSet has its own pod-template-hash), and
   * a bitset each was 100 MB at 100,000 pods.
   */
  private readonly byValue = new Map<string, Map<string, number[] | Bitset>>();
  private readonly byKey = new Map<string, number[] | Bitset>();
  private readonly podResults = new Map<string, Bitset>();
  private readonly namespaceResults = new Map<string, Bitset>();
  private readonly empty: Bitset;
  readonly all: Bitset;
  /** By namespace index: the classes in it. */
  readonly inNamespace: Bitset[];

  constructor(
    private readonly namespaces: NamespaceIndex,
    classes: readonly PodClass[],
  ) {
    const size = classes.length;
    this.empty = new Bitset(size);
    this.all = Bitset.full(size);
    this.inNamespace = namespaces.names.map(() => new Bitset(size));
    for (const c of classes) {
      this.inNamespace[c.namespaceIndex].add(c.id);
      for (const key of Object.keys(c.labels)) {
        let values = this.byValue.get(key);
        if (values === undefined) {
          values = new Map();
          this.byValue.set(key, values);
          this.byKey.set(key, []);
        }
        const withValue = values.get(c.labels[key]);
        if (withValue === undefined) values.set(c.labels[key], [c.id]);
        else (withValue as number[]).push(c.id);
        (this.byKey.get(key) as number[]).push(c.id);
      }
    }
  }

  private namespaceLabelIndex: Map<string, number[]> | undefined;

  /** Namespace indices by label `key\u0000value`, ascending (made on first use). */
  private namespacesWithLabel(): Map<string, number[]> {
    if (this.namespaceLabelIndex === undefined) {
      const index = new Map<string, number[]>();
      this.namespaces.labels.forEach((labels, i) => {
        for (const key of Object.keys(labels)) {
          const entry = `${key}\u0000${labels[key]}`;
          const list = index.get(entry);
          if (list === undefined) index.set(entry, [i]);
          else list.push(i);
        }
      });
      this.namespaceLabelIndex = index;
    }
    return this.namespaceLabelIndex;
  }

  /** A selector's text key, made once per selector object during this analysis (asked per rule, scope and policy). */
  private readonly selectorKeys = new Map<LabelSelector, string>();
  keyOf(selector: LabelSelector): string {
    let key = this.selectorKeys.get(selector);
    if (key === undefined) {
      key = selectorKey(selector);
      this.selectorKeys.set(selector, key);
    }
    return key;
  }

  /** The classes whose labels the selector matches, in any namespace. Do not modify. */
  classesMatching(selector: LabelSelector): Bitset {
    if (selectsEverything(selector)) return this.all;
    const key = this.keyOf(selector);
    let result = this.podResults.get(key);
    if (result === undefined) {
      result = this.all.clone();
      for (const label of Object.keys(selector.matchLabels)) result.intersectWith(this.withValue(label, selector.matchLabels[label]));
      for (const requirement of selector.matchExpressions) this.applyRequirement(result, requirement);
      this.podResults.set(key, result);
    }
    return result;
  }

  /** The classes in the namespaces whose labels the selector matches. Do not modify. */
  classesInNamespaces(selector: LabelSelector): Bitset {
    const key = this.keyOf(selector);
    let result = this.namespaceResults.get(key);
    if (result === undefined) {
      result = new Bitset(this.all.size);
      // A namespace must carry every matchLabels pair: only those carrying the first are tested
      // (with 10,000 namespaces and a selector per namespace name, testing all was namespaces²).
      const firstLabel = Object.keys(selector.matchLabels)[0];
      const candidates = firstLabel === undefined ? undefined : this.namespacesWithLabel().get(`${firstLabel}\u0000${selector.matchLabels[firstLabel]}`) ?? [];
      const test = (i: number) => {
        if (selectorMatches(selector, this.namespaces.labels[i])) result!.unionWith(this.inNamespace[i]);
      };
      if (candidates === undefined) for (let i = 0; i < this.namespaces.labels.length; i++) test(i);
      else for (const i of candidates) test(i);
      this.namespaceResults.set(key, result);
    }
    return result;
  }

  private withValue(key: string, value: string): Bitset {
    const values = this.byValue.get(key);
    const members = values?.get(value);
    if (members === undefined) return this.empty;
    if (members instanceof Bitset) return members;
    const set = Bitset.of(this.all.size, members);
    values!.set(value, set);
    return set;
  }

  private withKey(key: string): Bitset {
    const members = this.byKey.get(key);
    if (members === undefined) return this.empty;
    if (members instanceof Bitset) return members;
    const set = Bitset.of(this.all.size, members);
    this.byKey.set(key, set);
    return set;
  }

  private applyRequirement(result: Bitset, requirement: LabelSelectorRequirement): void {
    const anyValue = () => {
      const union = new Bitset(this.all.size);
      for (const value of requirement.values) union.unionWith(this.withValue(requirement.key, value));
      return union;
    };
    const withKey = this.withKey(requirement.key);
    switch (requirement.operator) {
      case 'In':
        result.intersectWith(anyValue());
        return;
      case 'NotIn':
        // As in Kubernetes: a missing key satisfies NotIn.
        result.subtractWith(anyValue());
        return;
      case 'Exists':
        result.intersectWith(withKey);
        return;
      case 'DoesNotExist':
        result.subtractWith(withKey);
        return;
      default:
        // An operator the parser should have rejected: select nothing (as `requirementMatches`).
        result.intersectWith(this.empty);
    }
  }
}

export function computePeerMasks(
  set: PolicySet,
  classes: readonly PodClass[],
  namespaces: NamespaceIndex,
  atoms: AddressAtoms,
  options: AnalysisOptions,
): PeerMasks {
  const index = new ClassIndex(namespaces, classes);
  const hostNetwork = Bitset.of(
    classes.length,
    classes.filter((c) => c.hostNetwork).map((c) => c.id),
  );

  /**
   * Adds to `target` the classes a pod scope selects (hostNetwork pods are never selected by pod
   * scopes): namespaces ∩ labels − hostNetwork, word by word, with no bitset allocated.
   */
  // By namespace index: its classes. A scope confined to its policy's namespace, when that
  // namespace holds very few classes, tests their labels directly instead of a word loop over
  // every class (10,000 namespaces of 4 classes each); otherwise (Kano's one namespace of 8,564
  // classes, 28 classes per namespace at 100,000 generated pods) the word loop is cheaper.
  const classesOfNamespace: number[][] = namespaces.names.map(() => []);
  for (const c of classes) classesOfNamespace[c.namespaceIndex].push(c.id);
  // A label test costs some 50 word operations: test directly only below that.
  const fewClasses = ((classes.length + 31) >>> 5) / 50;
  const addPodScope = (scope: PodScope, policyNamespace: string | undefined, target: Bitset): void => {
    let inNamespaces: Bitset | undefined;
    if (scope.namespaces === 'own') {
      const ns = policyNamespace === undefined ? undefined : namespaces.indexOf.get(policyNamespace);
      if (ns === undefined) return;
      if (classesOfNamespace[ns].length <= fewClasses) {
        for (const c of classesOfNamespace[ns]) {
          if (!classes[c].hostNetwork && (scope.pods === null || selectorMatches(scope.pods, classes[c].labels))) target.add(c);
        }
        return;
      }
      inNamespaces = index.inNamespace[ns];
    } else {
      inNamespaces = index.classesInNamespaces(scope.namespaces);
    }
    if (inNamespaces === undefined) return;
    const into = target.words;
    const ns = inNamespaces.words;
    const labels = (scope.pods === null ? index.all : index.classesMatching(scope.pods)).words;
    const host = hostNetwork.words;
    for (let w = 0; w < into.length; w++) into[w] |= ns[w] & labels[w] & ~host[w];
  };
  const podScopeClasses = (scope: PodScope, policyNamespace: string | undefined): Bitset => {
    const result = new Bitset(classes.length);
    addPodScope(scope, policyNamespace, result);
    return result;
  };

  // Only classes with addresses can be matched by address scopes.
  const addressed = classes.filter((c) => c.atoms.length > 0 && !c.ingressController);
  const markAddressScope = (atomsInScope: Uint8Array, podsToo: boolean, mask: Bitset) => {
    for (const c of addressed) {
      if (!c.hostNetwork && !podsToo) continue;
      if (c.atoms.some((a) => atomsInScope[a] === 1)) mask.add(c.id);
    }
  };
  const atomBitset = (m: Uint8Array) => {
    const bits = new Bitset(atoms.count);
    for (let i = 0; i < m.length; i++) if (m[i] === 1) bits.add(i);
    return bits;
  };

  const hostNetworkClasses = classes.filter((c) => c.hostNetwork);
  const everyPeer: boolean[] = [];
  const classMask: Bitset[] = [];
  const atomMask: Bitset[] = [];
  const allAtoms = Bitset.full(atoms.count);
  const noAtoms = new Bitset(atoms.count);

  // Rules whose peers are pod scopes only, with the same selectors (and the same namespace when
  // they mean their own), share one mask: thousands of policies repeat "from namespaces with
  // env in (prod, staging)". Masks are never written once made, so sharing is safe, and the
  // peer grouping refines by each distinct mask once.
  const sharedMasks = new Map<string, Bitset>();
  const scopeKey = (scopes: readonly CompiledScope[], policyNamespace: string | undefined): string | undefined => {
    const parts: string[] = [];
    for (const scope of scopes) {
      if (scope.kind !== 'pods') return undefined;
      const where = scope.namespaces === 'own' ? `own:${policyNamespace ?? ''}` : `sel:${index.keyOf(scope.namespaces)}`;
      parts.push(`${where}|${scope.pods === null ? '*' : index.keyOf(scope.pods)}`);
    }
    return parts.join('\u0000');
  };

  for (const rule of set.rules) {
    const scopes = set.scopes[rule.id];
    if (scopes === null) {
      everyPeer.push(true);
      classMask.push(index.all);
      atomMask.push(allAtoms);
      continue;
    }
    const shareKey = scopeKey(scopes, rule.policy.namespace);
    const shared = shareKey === undefined ? undefined : sharedMasks.get(shareKey);
    if (shared !== undefined) {
      everyPeer.push(false);
      classMask.push(shared);
      atomMask.push(noAtoms);
      continue;
    }
    const ruleClasses = new Bitset(classes.length);
    if (shareKey !== undefined) sharedMasks.set(shareKey, ruleClasses);
    let ruleAtoms: Bitset | undefined;
    const addAtoms = (m: Uint8Array) => {
      if (ruleAtoms === undefined) ruleAtoms = new Bitset(atoms.count);
      ruleAtoms.unionWith(atomBitset(m));
    };
    const policyNamespace = rule.policy.namespace;
    for (const scope of scopes) {
      if (scope.kind === 'pods') {
        addPodScope(scope, policyNamespace, ruleClasses);
      } else if (scope.kind === 'addresses') {
        const m = atoms.mask(scope.addresses);
        addAtoms(m);
        markAddressScope(m, options[scope.podOption], ruleClasses);
      } else {
        addAtoms(atoms.mask(scope.addresses));
        for (const c of hostNetworkClasses) if (selectorMatches(scope.nodes, c.nodeLabels)) ruleClasses.add(c.id);
      }
    }
    everyPeer.push(false);
    classMask.push(ruleClasses);
    atomMask.push(ruleAtoms ?? noAtoms);
  }

  const notSubjects = Bitset.of(
    classes.length,
    classes.filter((c) => !canBeSubject(c)).map((c) => c.id),
  );
  const sharedSubjects = new Map<string, Bitset>();
  const subjects = set.policies.map((policy) => {
    let mask: Bitset;
    if (policy.subject.kind === 'networkpolicy') {
      // Policies of one namespace with the same pod selector select the same classes (shared, read-only).
      const key = `${policy.namespace ?? ''}\u0000${index.keyOf(policy.subject.podSelector)}`;
      const shared = sharedSubjects.get(key);
      if (shared !== undefined) return shared;
      mask = podScopeClasses({ kind: 'pods', namespaces: 'own', pods: policy.subject.podSelector }, policy.namespace);
      sharedSubjects.set(key, mask);
    } else {
      const subject = policy.subject.subject;
      mask = podScopeClasses({ kind: 'pods', namespaces: subject.namespaceSelector, pods: subject.kind === 'pods' ? subject.podSelector : null }, undefined);
    }
    mask.subtractWith(notSubjects);
    return mask;
  });

  return { everyPeer, classMask, atomMask, subjects };
}
