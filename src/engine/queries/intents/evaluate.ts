// Evaluating intents on an analysis. Selectors are matched per pod class (a class's pods share
// namespace and labels), reachability is read per class pair, and offending pairs are reported
// per workload (pairs inside one workload are not checked), each with one connection explained so
// that the policies that allow (or, for must-reach, deny) it are named.

import { explain } from '../../analysis/index.js';
import { PortSetTable } from '../../analysis/port-table.js';
import { stateOf, type Analysis, type AnalysisState } from '../../analysis/state.js';
import type { PodClass } from '../../analysis/classes.js';
import type { LabelSelector, Protocol } from '../../model.js';
import { selectorMatches } from '../../policy/selectors.js';
import type { Decision, Endpoint, NetworkContext, PortEntry } from '../../result.js';
import { formatIp } from '../../sets/ip-set.js';
import { PortSet } from '../../sets/port-set.js';
import { nonInternetAddresses } from '../internet.js';
import { parseSelectorText } from '../paths/selector-text.js';
import { workloadGraph, type WorkloadGraph } from '../paths/workload-graph.js';
import { parseIntentPort, type Intent, type IntentSelector, type IntentType } from './format.js';

/** Offending pairs listed per intent (all are counted); the first `EXPLAINED` carry an explanation. */
export const MAX_LISTED_VIOLATIONS = 50;
const EXPLAINED = 20;


export interface IntentViolation {
  /** A workload, an external address block or the ingress controller. */
  from: Endpoint;
  to: Endpoint;
  /** The offending ports allowed (must-reach: the required ports that are not). */
  allPorts: boolean;
  ports: PortEntry[];
  /** One connection of the pair, explained: `ns/pod` or an address, port and protocol. */
  sample: { from: string; to: string; port: number; protocol: Protocol } | null;
  /** The policy rules that decide the sample (allow it, or for must-reach deny it). */
  decidedBy: Decision[];
  /** Why, in words (egress; ingress). */
  reason: string | null;
}

export interface IntentResult {
  name: string;
  type: IntentType;
  description?: string;
  holds: boolean;
  /** Every offending pair; `violations` lists the first `MAX_LISTED_VIOLATIONS`. */
  violationCount: number;
  violations: IntentViolation[];
  /** E.g. a selector that matches no pod (the intent then holds trivially). */
  warnings: string[];
}

export interface IntentReport {
  /** True when every intent holds. */
  holds: boolean;
  /** Intents that do not hold. */
  violated: number;
  results: IntentResult[];
  enforcement: NetworkContext['enforcement'];
}

interface CompiledSelector {
  namespace?: string;
  namespaceLabels?: LabelSelector;
  labels?: LabelSelector;
}

function compileLabels(value: Record<string, string> | string | undefined): LabelSelector | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return { matchLabels: value, matchExpressions: [] };
  const parsed = parseSelectorText(value);
  // Validated when read; an invalid text here selects nothing rather than everything.
  return 'error' in parsed ? { matchLabels: {}, matchExpressions: [{ key: '', operator: 'Exists', values: [] }] } : parsed;
}

function compile(selector: IntentSelector): CompiledSelector {
  return { namespace: selector.namespace, namespaceLabels: compileLabels(selector.namespaceLabels), labels: compileLabels(selector.labels) };
}

function matches(s: CompiledSelector, c: PodClass): boolean {
  if (c.ingressController || c.pods.length === 0) return false;
  if (s.namespace !== undefined && c.namespace !== s.namespace) return false;
  if (s.namespaceLabels && !selectorMatches(s.namespaceLabels, c.namespaceLabels)) return false;
  return !s.labels || selectorMatches(s.labels, c.labels);
}

function portsOf(intent: Intent): PortSet {
  if (!intent.ports) return PortSet.ALL;
  return intent.ports.reduce((set, text) => {
    const p = parseIntentPort(text);
    return typeof p === 'string' ? set : set.union(PortSet.range(p.protocol, p.from, p.to));
  }, PortSet.EMPTY);
}

/** One offending pair as found, before it is explained. */
interface Found {
  from: Endpoint;
  to: Endpoint;
  id: number;
  /** Texts of one pod (or address) on each side for the sample: made only for listed pairs. */
  sample: () => { from: string; to: string };
}

class Evaluation {
  readonly graph: WorkloadGraph;
  readonly table: PortSetTable;
  constructor(readonly state: AnalysisState) {
    this.graph = workloadGraph(state);
    this.table = state.parts.table;
  }

  matching(selector: IntentSelector | undefined): boolean[] {
    const compiled = compile(selector ?? {});
    return this.state.parts.classes.map((c) => matches(compiled, c));
  }

  /** A pod of workload `g` in class `c`, as `ns/pod`. */
  podText(g: number, c: number): string {
    const e = this.graph.groups[g].endpoint as { namespace: string; name: string; kind: string };
    const pods = this.state.parts.snapshot.pods;
    const p = this.state.parts.classes[c].pods.find((i) => pods[i].workload.namespace === e.namespace && pods[i].workload.name === e.name && pods[i].workload.kind === e.kind);
    const pod = pods[p ?? this.state.parts.classes[c].pods[0]];
    return `${pod.namespace}/${pod.name}`;
  }

  /** Workload pairs (W ≠ V) where a `from` class of W may open a port in `wanted` to a `to` class of V. */
  podPairs(fromMatch: readonly boolean[], toMatch: readonly boolean[], wanted: number): Found[] {
    const out: Found[] = [];
    const { groups } = this.graph;
    groups.forEach((group, w) => {
      const byTarget = new Map<number, { id: number; c: number; d: number }>();
      for (const c of group.classes) {
        if (!fromMatch[c]) continue;
        for (const d of this.graph.classRow(c)) {
          if (!toMatch[d]) continue;
          const id = this.table.intersect(this.state.classToClass(c, d), wanted);
          if (id === PortSetTable.EMPTY_ID) continue;
          for (const v of this.graph.groupsOf(d)) {
            if (v === w) continue;
            const seen = byTarget.get(v);
            if (seen === undefined) byTarget.set(v, { id, c, d });
            else seen.id = this.table.union(seen.id, id);
          }
        }
      }
      for (const [v, { id, c, d }] of byTarget) {
        out.push({ from: group.endpoint, to: groups[v].endpoint, id, sample: () => ({ from: this.podText(w, c), to: this.podText(v, d) }) });
      }
    });
    return out;
  }

  /** Per target workload: what the given address atoms (and the ingress controller) may open to its `to` classes. */
  fromOutside(atoms: readonly number[], toMatch: readonly boolean[], wanted: number, publicOnly: boolean): Found[] {
    const out: Found[] = [];
    const { atoms: space } = this.state.parts;
    this.graph.groups.forEach((group, v) => {
      const classes = group.classes.filter((c) => toMatch[c]);
      if (classes.length === 0) return;
      let id = PortSetTable.EMPTY_ID;
      const reaching: number[] = [];
      let sampleClass = classes[0];
      for (const a of atoms) {
        let cell = PortSetTable.EMPTY_ID;
        for (const d of classes) {
          const x = this.table.intersect(this.state.atomToClass(a, d), wanted);
          if (x !== PortSetTable.EMPTY_ID && cell === PortSetTable.EMPTY_ID && reaching.length === 0) sampleClass = d;
          cell = this.table.union(cell, x);
        }
        if (cell !== PortSetTable.EMPTY_ID) {
          reaching.push(a);
          id = this.table.union(id, cell);
        }
      }
      if (reaching.length > 0) {
        let addresses = space.addresses(reaching);
        if (publicOnly) addresses = addresses.subtract(nonInternetAddresses(this.state.network.clusterRanges));
        const first = addresses.intervals()[0];
        const to = sampleClass;
        out.push({ from: { kind: 'External', cidrs: addresses.toCidrs() }, to: group.endpoint, id, sample: () => ({ from: formatIp(first.family, first.from), to: this.podText(v, to) }) });
      }
      let controller = PortSetTable.EMPTY_ID;
      let controllerClass = classes[0];
      for (const d of classes) {
        const x = this.table.intersect(this.state.controllerToClass(d), wanted);
        if (x !== PortSetTable.EMPTY_ID && controller === PortSetTable.EMPTY_ID) controllerClass = d;
        controller = this.table.union(controller, x);
      }
      if (controller !== PortSetTable.EMPTY_ID) {
        const to = controllerClass;
        out.push({ from: { kind: 'IngressController' }, to: group.endpoint, id: controller, sample: () => ({ from: '{ingress-controller}', to: this.podText(v, to) }) });
      }
    });
    return out;
  }

  /** Workload pairs (W ≠ V) where some `from` class of W misses some of `required` towards a `to` class of V. */
  missingPairs(fromMatch: readonly boolean[], toMatch: readonly boolean[], required: PortSet, anyPort: boolean): Found[] {
    const out: Found[] = [];
    const { groups } = this.graph;
    const requiredId = this.table.id(required);
    // What is missing depends only on what is covered: one subtraction per distinct covered set.
    const lacking = new Map<number, number>();
    const lacksOf = (covered: number): number => {
      let id = lacking.get(covered);
      if (id === undefined) lacking.set(covered, (id = this.table.id(required.subtract(this.state.portSet(covered)))));
      return id;
    };
    const toGroups = groups.map((g, v) => ({ v, classes: g.classes.filter((c) => toMatch[c]) })).filter((x) => x.classes.length > 0);
    groups.forEach((group, w) => {
      const fromClasses = group.classes.filter((c) => fromMatch[c]);
      if (fromClasses.length === 0) return;
      for (const { v, classes } of toGroups) {
        if (v === w) continue;
        let missing = PortSetTable.EMPTY_ID;
        let sample: { c: number; d: number } | undefined;
        for (const c of fromClasses) {
          for (const d of classes) {
            const cell = this.state.classToClass(c, d);
            // Interned ids: "every required port allowed" is one memoised intersection, no set built.
            const covered = this.table.intersect(cell, requiredId);
            if (anyPort ? cell !== PortSetTable.EMPTY_ID : covered === requiredId) continue;
            missing = this.table.union(missing, anyPort ? requiredId : lacksOf(covered));
            sample ??= { c, d };
          }
        }
        if (sample) {
          const { c, d } = sample;
          out.push({ from: group.endpoint, to: groups[v].endpoint, id: missing, sample: () => ({ from: this.podText(w, c), to: this.podText(v, d) }) });
        }
      }
    });
    return out;
  }
}

function firstPort(set: PortSet): { port: number; protocol: Protocol } | null {
  for (const e of set.toEntries()) if ('from' in e) return { port: e.from, protocol: e.protocol };
  return null;
}

function violation(analysis: Analysis, ev: Evaluation, found: Found, explained: boolean): IntentViolation {
  const set = ev.state.portSet(found.id);
  const base = { from: found.from, to: found.to, allPorts: set.isAll(), ports: set.isAll() ? [] : set.toEntries() };
  const port = firstPort(set);
  if (!explained || port === null) return { ...base, sample: null, decidedBy: [], reason: null };
  const sample = { ...found.sample(), ...port };
  const answer = explain(analysis, sample.from, sample.to, port.port, port.protocol);
  if ('error' in answer) return { ...base, sample, decidedBy: [], reason: answer.error };
  const side = answer.intended ?? answer;
  return { ...base, sample, decidedBy: side.decidedBy, reason: `egress: ${side.egress.reason}; ingress: ${side.ingress.reason}` };
}

function evaluateOne(analysis: Analysis, ev: Evaluation, intent: Intent): IntentResult {
  const toMatch = ev.matching(intent.to);
  const fromMatch = intent.from ? ev.matching(intent.from) : [];
  const wantedSet = portsOf(intent);
  const wanted = ev.table.id(wantedSet);
  const warnings: string[] = [];
  if (!toMatch.some(Boolean)) warnings.push('to matches no pod');
  if (intent.from && !fromMatch.some(Boolean)) warnings.push('from matches no pod');
  let found: Found[];
  const { atoms } = ev.state.parts;
  switch (intent.type) {
    case 'deny':
      found = ev.podPairs(fromMatch, toMatch, wanted);
      break;
    case 'only-may-reach': {
      const others = fromMatch.map((m) => !m);
      found = [...ev.podPairs(others, toMatch, wanted), ...ev.fromOutside(Array.from({ length: atoms.count }, (_, a) => a), toMatch, wanted, false)];
      break;
    }
    case 'not-exposed':
      found = ev.fromOutside(ev.graph.publicAtoms, toMatch, wanted, true);
      break;
    case 'must-reach':
      found = ev.missingPairs(fromMatch, toMatch, wantedSet, intent.ports === undefined);
      break;
  }
  return {
    name: intent.name,
    type: intent.type,
    ...(intent.description ? { description: intent.description } : {}),
    holds: found.length === 0,
    violationCount: found.length,
    violations: found.slice(0, MAX_LISTED_VIOLATIONS).map((f, i) => violation(analysis, ev, f, i < EXPLAINED)),
    warnings,
  };
}

/** Each intent evaluated on the analysis, in the order given. */
export function evaluateIntents(analysis: Analysis, intents: readonly Intent[]): IntentReport {
  const state = stateOf(analysis);
  const ev = new Evaluation(state);
  const results = intents.map((intent) => evaluateOne(analysis, ev, intent));
  const violated = results.filter((r) => !r.holds).length;
  return { holds: violated === 0, violated, results, enforcement: { ...state.network.enforcement } };
}
