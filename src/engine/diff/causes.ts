// Why a connection changed. Each change is explained on one sample connection: representative
// pods of its two endpoints (or the first address of an external block) and one port whose
// verdict changed. The sample is explained in both analyses by the same machinery as `explain`;
// the policies whose rules decided it on either side and that were added, removed or modified
// are the policy causes. Changes that no policy change explains are looked for in the sample's
// pods (labels, namespace labels, container ports, host network), the routes into them, the
// endpoints' presence and the analysis options.
//
// Bounded work: the riskiest MAX_EXPLAINED_CHANGES changes are explained (each costs two
// explanations and a search over at most MAX_CANDIDATE_CLASSES classes per side); the others
// carry no causes and are counted in `unexplainedChanges`.

import { explainParties, type Party } from '../analysis/explain.js';
import type { AnalysisState } from '../analysis/state.js';
import type { AnalysisOptions, Labels, PodModel, Protocol } from '../model.js';
import type {
  ChangeCause,
  ChangeSample,
  ConnectionChange,
  Decision,
  DiffResult,
  Endpoint,
  Granularity,
  SampleVerdict,
} from '../result.js';
import { PortSet } from '../sets/port-set.js';
import { IpSet } from '../sets/ip-set.js';
import { endpointText, externalAddresses, isExternal, isIngressController, portSetOf } from '../render/endpoint-text.js';
import { riskRank } from '../render/diff-order.js';
import { fieldChangeText } from './policy-fields.js';

/** How many changes of one diff get causes (riskiest first). */
export const MAX_EXPLAINED_CHANGES = 500;
/** Distinct pod classes tried per endpoint when looking for a pod pair that shows the change. */
const MAX_CANDIDATE_CLASSES = 32;
/** Field changes quoted per policy cause. */
const MAX_FIELD_DETAILS = 5;
/** Labels that controllers rewrite on every rollout: a change of them alone is not news. */
const GENERATED_LABELS = new Set(['pod-template-hash', 'controller-revision-hash', 'statefulset.kubernetes.io/pod-name']);
const PROTOCOL_PREFERENCE: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

interface Candidate {
  podIndex: number;
  classId: number;
}

/** One analysis with its pods grouped by endpoint text at the diff's granularity. */
class SideIndex {
  private readonly podsByEndpoint = new Map<string, number[]>();
  private readonly podByName = new Map<string, number>();

  constructor(
    readonly state: AnalysisState,
    private readonly g: Granularity,
  ) {
    state.parts.snapshot.pods.forEach((pod, index) => {
      const key = endpointText(podEndpoint(pod, g), g);
      const list = this.podsByEndpoint.get(key);
      if (list === undefined) this.podsByEndpoint.set(key, [index]);
      else list.push(index);
      this.podByName.set(`${pod.namespace}/${pod.name}`, index);
    });
  }

  get pods(): readonly PodModel[] {
    return this.state.parts.snapshot.pods;
  }

  /** Pods of the endpoint, at most two per class (a workload to itself needs two distinct pods). */
  candidates(e: Endpoint): Candidate[] {
    const pods = this.podsByEndpoint.get(endpointText(e, this.g)) ?? [];
    const perClass = new Map<number, number>();
    const out: Candidate[] = [];
    for (const podIndex of pods) {
      const classId = this.state.parts.classOfPod[podIndex];
      const seen = perClass.get(classId) ?? 0;
      if (seen >= 2 || (seen === 0 && perClass.size >= MAX_CANDIDATE_CLASSES)) continue;
      perClass.set(classId, seen + 1);
      out.push({ podIndex, classId });
    }
    return out;
  }

  podNamed(namespace: string, name: string): number | undefined {
    return this.podByName.get(`${namespace}/${name}`);
  }
}

function podEndpoint(pod: PodModel, g: Granularity): Endpoint {
  if (g === 'pod') return { kind: 'Pod', namespace: pod.namespace, name: pod.name };
  if (g === 'workload') return { kind: pod.workload.kind, namespace: pod.workload.namespace, name: pod.workload.name };
  return { kind: 'Namespace', name: pod.namespace };
}

function podParty(side: SideIndex, c: Candidate): Party {
  const pod = side.pods[c.podIndex];
  return {
    kind: 'pod',
    podIndex: c.podIndex,
    classId: c.classId,
    endpoint: { kind: 'Pod', namespace: pod.namespace, name: pod.name },
    text: `${pod.namespace}/${pod.name}`,
  };
}

/** The outside parties of an endpoint (same in both analyses up to the atom), or null for a pod endpoint. */
function outsideParty(side: SideIndex, e: Endpoint): Party | null {
  if (isIngressController(e)) return { kind: 'controller', endpoint: e, text: '{ingress-controller}' };
  if (!isExternal(e)) return null;
  const first = externalAddresses(e).intervals()[0];
  const address = IpSet.fromIntervals([{ family: first.family, from: first.from, to: first.from }]);
  return {
    kind: 'address',
    atom: side.state.parts.atoms.atomOf(first.family, first.from),
    endpoint: { kind: 'External', cidrs: address.toCidrs() },
    text: address.toCidrs()[0],
  };
}

function allows(state: AnalysisState, src: Party, dst: Party, protocol: Protocol, port: number): boolean {
  if (dst.kind !== 'pod') {
    return src.kind === 'pod' && dst.kind === 'address' && state.portSet(state.classToAtom(src.classId, dst.atom)).has(protocol, port);
  }
  if (src.kind === 'pod') {
    return src.podIndex === dst.podIndex || state.portSet(state.classToClass(src.classId, dst.classId)).has(protocol, port);
  }
  const id = src.kind === 'address' ? state.atomToClass(src.atom, dst.classId) : state.controllerToClass(dst.classId);
  return state.portSet(id).has(protocol, port);
}

/** The parties of each endpoint in one analysis; null for an endpoint with no pod there. */
function partiesOf(side: SideIndex, e: Endpoint): Party[] | null {
  const outside = outsideParty(side, e);
  if (outside !== null) return [outside];
  const candidates = side.candidates(e);
  return candidates.length === 0 ? null : candidates.map((c) => podParty(side, c));
}

function samePod(a: Party, b: Party): boolean {
  return a.kind === 'pod' && b.kind === 'pod' && a.podIndex === b.podIndex;
}

/** The first pair (distinct pods) for which `wanted(allowed)` holds, else the first pair at all. */
function pickPair(side: SideIndex, srcs: Party[], dsts: Party[], wanted: boolean, protocol: Protocol, port: number): [Party, Party] | null {
  let fallback: [Party, Party] | null = null;
  for (const s of srcs) {
    for (const d of dsts) {
      if (samePod(s, d)) continue;
      if (allows(side.state, s, d, protocol, port) === wanted) return [s, d];
      fallback ??= [s, d];
    }
  }
  return fallback;
}

/** The same pod (by name) in the other analysis, when it is one of the endpoint's candidates there. */
function counterpart(other: SideIndex, party: Party, candidates: Party[]): Party | undefined {
  if (party.kind !== 'pod') return candidates[0];
  const pod = party.endpoint as { namespace: string; name: string };
  const index = other.podNamed(pod.namespace, pod.name);
  return candidates.find((c) => c.kind === 'pod' && c.podIndex === index);
}

/** A port that one side allows and the other does not: TCP first, the lowest port. */
function samplePort(change: ConnectionChange): { protocol: Protocol; port: number; allowedAfter: boolean } | null {
  const before = change.before === null ? PortSet.EMPTY : portSetOf(change.before.allPorts, change.before.ports);
  const after = change.after === null ? PortSet.EMPTY : portSetOf(change.after.allPorts, change.after.ports);
  for (const [set, allowedAfter] of [
    [after.subtract(before), true],
    [before.subtract(after), false],
  ] as const) {
    for (const protocol of PROTOCOL_PREFERENCE) {
      const ranges = set.ranges(protocol);
      if (ranges.length > 0) return { protocol, port: ranges[0][0], allowedAfter };
    }
  }
  return null;
}

function verdictOf(side: SideIndex, src: Party, dst: Party, protocol: Protocol, port: number): SampleVerdict {
  const e = explainParties(side.state, src, dst, port, protocol);
  return { allowed: e.allowed, egress: e.egress, ingress: e.ingress };
}

interface Sample {
  sample: ChangeSample;
  /** The parties used on each side (null where the endpoint has no pod). */
  before: [Party, Party] | null;
  after: [Party, Party] | null;
}

function sampleOf(change: ConnectionChange, before: SideIndex, after: SideIndex): Sample | null {
  const port = samplePort(change);
  if (port === null) return null;
  const [witness, other] = port.allowedAfter ? [after, before] : [before, after];
  const wSrcs = partiesOf(witness, change.src);
  const wDsts = partiesOf(witness, change.dst);
  if (wSrcs === null || wDsts === null) return null;
  const wPair = pickPair(witness, wSrcs, wDsts, true, port.protocol, port.port);
  if (wPair === null) return null;
  const oSrcs = partiesOf(other, change.src);
  const oDsts = partiesOf(other, change.dst);
  let oPair: [Party, Party] | null = null;
  if (oSrcs !== null && oDsts !== null) {
    const src = counterpart(other, wPair[0], oSrcs);
    const dst = counterpart(other, wPair[1], oDsts);
    oPair =
      src !== undefined && dst !== undefined && !samePod(src, dst)
        ? [src, dst]
        : pickPair(other, src === undefined ? oSrcs : [src], dst === undefined ? oDsts : [dst], false, port.protocol, port.port);
  }
  const wVerdict = verdictOf(witness, wPair[0], wPair[1], port.protocol, port.port);
  const oVerdict = oPair === null ? null : verdictOf(other, oPair[0], oPair[1], port.protocol, port.port);
  const sample: ChangeSample = {
    src: wPair[0].text,
    dst: wPair[1].text,
    protocol: port.protocol,
    port: port.port,
    before: port.allowedAfter ? oVerdict : wVerdict,
    after: port.allowedAfter ? wVerdict : oVerdict,
  };
  return port.allowedAfter ? { sample, before: oPair, after: wPair } : { sample, before: wPair, after: oPair };
}

// ---------------------------------------------------------------- causes

function decisionPolicy(d: Decision): string | null {
  if (d.kind === 'Default' || d.name === undefined) return null;
  return d.namespace === undefined || d.namespace === '' ? `${d.kind} ${d.name}` : `${d.kind} ${d.namespace}/${d.name}`;
}

function decisionsOf(verdict: SampleVerdict | null): Decision[] {
  return verdict === null ? [] : [...verdict.egress.decidedBy, ...verdict.ingress.decidedBy];
}

/** `spec.ingress[0]` for rule `ingress[0] (name: x)`. */
function rulePath(rule: string | undefined): string | null {
  const m = rule === undefined ? null : /^(ingress|egress)\[\d+\]/.exec(rule);
  return m === null ? null : `spec.${m[0]}`;
}

function limited(items: readonly string[], max: number): string[] {
  return items.length <= max ? [...items] : [...items.slice(0, max), `and ${items.length - max} more`];
}

function policyCauses(sample: ChangeSample, policies: DiffResult['policies']): ChangeCause[] {
  const before = decisionsOf(sample.before);
  const after = decisionsOf(sample.after);
  const names = [...new Set([...before, ...after].map(decisionPolicy).filter((n): n is string => n !== null))].sort();
  const fieldsOf = new Map(policies.fieldChanges.map((f) => [f.policy, f.fields]));
  const out: ChangeCause[] = [];
  for (const name of names) {
    const kind = policies.added.includes(name)
      ? 'policy added'
      : policies.removed.includes(name)
        ? 'policy removed'
        : policies.modified.includes(name)
          ? 'policy modified'
          : null;
    if (kind === null) continue;
    const rulesBefore = before.filter((d) => decisionPolicy(d) === name);
    const rulesAfter = after.filter((d) => decisionPolicy(d) === name);
    let details: string[] = [];
    if (kind === 'policy modified') {
      const fields = fieldsOf.get(name) ?? [];
      const paths = [...rulesBefore, ...rulesAfter].map((d) => rulePath(d.rule)).filter((p): p is string => p !== null);
      const underRules = fields.filter((f) => paths.some((p) => f.path === p || f.path.startsWith(`${p}.`) || f.path.startsWith(`${p}[`)));
      details = limited((underRules.length > 0 ? underRules : fields).map(fieldChangeText), MAX_FIELD_DETAILS);
    }
    out.push({ kind, object: name, details, rulesBefore, rulesAfter });
  }
  return out;
}

function labelDetails(before: Labels, after: Labels, what: string): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !GENERATED_LABELS.has(k)).sort();
  const out: string[] = [];
  for (const k of keys) {
    const b = before[k];
    const a = after[k];
    if (b === a) continue;
    if (b === undefined) out.push(`${what} ${k}=${a} added`);
    else if (a === undefined) out.push(`${what} ${k}=${b} removed`);
    else out.push(`${what} ${k}: ${b} → ${a}`);
  }
  return out;
}

function portsText(pod: PodModel): string {
  return pod.ports
    .map((p) => `${p.name === undefined ? '' : `${p.name}=`}${p.protocol}/${p.port}`)
    .sort()
    .join(', ');
}

function namespaceLabels(side: SideIndex, namespace: string): Labels | undefined {
  return side.state.parts.snapshot.namespaces.find((n) => n.name === namespace)?.labels;
}

/** Where the pod is in the diff: its workload at workload granularity, the pod otherwise. */
function podObject(pod: PodModel, g: Granularity): string {
  return g === 'workload' ? `${pod.workload.kind} ${pod.workload.namespace}/${pod.workload.name}` : `Pod ${pod.namespace}/${pod.name}`;
}

/** Differences between the two pods that stand for one endpoint (labels, namespace labels, ports, host network). */
function podCauses(before: SideIndex, after: SideIndex, b: Party, a: Party, g: Granularity): ChangeCause[] {
  if (b.kind !== 'pod' || a.kind !== 'pod') return [];
  const pb = before.pods[b.podIndex];
  const pa = after.pods[a.podIndex];
  const cause = (kind: ChangeCause['kind'], object: string, details: string[]): ChangeCause[] =>
    details.length === 0 ? [] : [{ kind, object, details, rulesBefore: [], rulesAfter: [] }];
  const podDetails: string[] = [];
  if (portsText(pb) !== portsText(pa)) podDetails.push(`container ports: ${portsText(pb) || 'none'} → ${portsText(pa) || 'none'}`);
  if (pb.hostNetwork !== pa.hostNetwork) podDetails.push(`hostNetwork: ${pb.hostNetwork} → ${pa.hostNetwork}`);
  if (after.state.options.ipBlockMatchesPods && pb.ips.join(',') !== pa.ips.join(',')) {
    podDetails.push(`IPs: ${pb.ips.join(', ') || 'none'} → ${pa.ips.join(', ') || 'none'}`);
  }
  return [
    ...cause('labels changed', podObject(pa, g), labelDetails(pb.labels, pa.labels, 'label')),
    ...cause('namespace labels changed', `Namespace ${pa.namespace}`, labelDetails(namespaceLabels(before, pb.namespace) ?? {}, namespaceLabels(after, pa.namespace) ?? {}, 'label')),
    ...cause('pod changed', podObject(pa, g), podDetails),
  ];
}

/** The Ingress / Route objects routing the sample port to the destination pod. */
function routesTo(side: SideIndex, dst: Party, protocol: Protocol, port: number): string[] {
  if (dst.kind !== 'pod') return [];
  const routed = side.state.parts.routes.get(dst.classId);
  return (routed?.grants ?? [])
    .filter((grant) => grant.ports.has(protocol, port))
    .map((grant) => `${grant.source.kind} ${grant.source.namespace}/${grant.source.name} (Service ${grant.service})`)
    .sort();
}

function routeCauses(s: Sample, before: SideIndex, after: SideIndex): ChangeCause[] {
  if (s.before === null || s.after === null || s.after[0].kind !== 'controller') return [];
  const b = routesTo(before, s.before[1], s.sample.protocol, s.sample.port);
  const a = routesTo(after, s.after[1], s.sample.protocol, s.sample.port);
  const details = [...a.filter((r) => !b.includes(r)).map((r) => `${r} routes it`), ...b.filter((r) => !a.includes(r)).map((r) => `${r} no longer routes it`)];
  return details.length === 0 ? [] : [{ kind: 'service or route changed', object: `routes to ${s.sample.dst}`, details, rulesBefore: [], rulesAfter: [] }];
}

function optionCauses(before: AnalysisOptions, after: AnalysisOptions): ChangeCause[] {
  const keys = Object.keys(after).sort() as (keyof AnalysisOptions)[];
  const details = keys.filter((k) => before[k] !== after[k]).map((k) => `${k}: ${String(before[k])} → ${String(after[k])}`);
  return details.length === 0 ? [] : [{ kind: 'options changed', object: 'options', details, rulesBefore: [], rulesAfter: [] }];
}

function endpointObject(e: Endpoint, g: Granularity): string {
  if ('namespace' in e && typeof e.namespace === 'string' && 'name' in e) return `${e.kind} ${e.namespace}/${e.name}`;
  return `${e.kind} ${endpointText(e, g)}`;
}

function presenceCauses(change: ConnectionChange, before: SideIndex, after: SideIndex, g: Granularity): ChangeCause[] {
  const out: ChangeCause[] = [];
  for (const e of change.src === change.dst ? [change.src] : [change.src, change.dst]) {
    const inBefore = partiesOf(before, e) !== null;
    const inAfter = partiesOf(after, e) !== null;
    if (inBefore === inAfter) continue;
    out.push({ kind: inAfter ? 'workload added' : 'workload removed', object: endpointObject(e, g), details: [], rulesBefore: [], rulesAfter: [] });
  }
  return out;
}

function causesOf(change: ConnectionChange, s: Sample | null, before: SideIndex, after: SideIndex, diff: DiffResult): ChangeCause[] {
  const g = diff.granularity;
  const causes = [
    ...(s === null ? [] : policyCauses(s.sample, diff.policies)),
    ...presenceCauses(change, before, after, g),
    ...(s === null || s.before === null || s.after === null
      ? []
      : [...podCauses(before, after, s.before[0], s.after[0], g), ...podCauses(before, after, s.before[1], s.after[1], g), ...routeCauses(s, before, after)]),
    ...optionCauses(before.state.options, after.state.options),
  ];
  if (causes.length > 0) return causes;
  return [
    {
      kind: 'unknown',
      object: '',
      details: ['no policy, workload, label, Service or option change was found on the sample connection'],
      rulesBefore: [],
      rulesAfter: [],
    },
  ];
}

/** The diff with causes and a sample on its riskiest `MAX_EXPLAINED_CHANGES` changes. */
export function explainChanges(diff: DiffResult, before: AnalysisState, after: AnalysisState): DiffResult {
  const g = diff.granularity;
  const b = new SideIndex(before, g);
  const a = new SideIndex(after, g);
  const order = diff.changes.map((change, index) => ({ index, rank: riskRank(change) })).sort((x, y) => x.rank - y.rank || x.index - y.index);
  const explained = new Set(order.slice(0, MAX_EXPLAINED_CHANGES).map((o) => o.index));
  const changes = diff.changes.map((change, index): ConnectionChange => {
    if (!explained.has(index)) return { ...change, causes: [], sample: null };
    const s = sampleOf(change, b, a);
    return { ...change, causes: causesOf(change, s, b, a, diff), sample: s?.sample ?? null };
  });
  return { ...diff, changes, unexplainedChanges: diff.changes.length - explained.size };
}
