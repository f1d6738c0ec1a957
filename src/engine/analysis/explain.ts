// Why one connection (source, destination, port, protocol) is allowed or denied: each side's
// direction is evaluated by the same evaluator as the matrix, with a trace, and the trace steps
// covering the port name the policies, rules and tiers that decided.

import { PROTOCOLS, type Protocol } from '../model.js';
import { evaluateDirection, type PriorityTie, type TraceStep } from '../policy/evaluate.js';
import { defaultDecision, isolationDecision, policyText, ruleDecision, ruleText, type Direction, type RuleRef } from '../policy/rules.js';
import type { Decision, DirectionVerdict, Endpoint, Explanation } from '../result.js';
import { IpSet, parseCidr } from '../sets/ip-set.js';
import { PortSet } from '../sets/port-set.js';
import { canBeSubject } from './classes.js';
import { INGRESS_CONTROLLER_TEXT } from './connectivity.js';
import type { AnalysisState } from './state.js';

/** One side of an explained connection, resolved in one analysis. */
export type Party =
  | { kind: 'pod'; classId: number; endpoint: Endpoint; text: string; podIndex: number }
  | { kind: 'address'; atom: number; endpoint: Endpoint; text: string }
  | { kind: 'controller'; endpoint: Endpoint; text: string };

const WORKLOAD_SUFFIX = /^(.*)\[([^\]]+)\]$/;

/**
 * Why a connection cannot be explained: `invalid` (the question is malformed: a client error) or
 * `unknown` (a well-formed name that is not in the snapshot), and which argument is at fault.
 */
export interface ExplainError {
  error: string;
  reason: 'invalid' | 'unknown';
  argument?: 'from' | 'to' | 'port' | 'protocol';
}

type PartyError = Omit<ExplainError, 'argument'>;

function resolveParty(state: AnalysisState, text: string): Party | PartyError {
  const trimmed = text.trim();
  if (trimmed === INGRESS_CONTROLLER_TEXT) return { kind: 'controller', endpoint: { kind: 'IngressController' }, text: trimmed };
  const address = parseCidr(trimmed);
  if (!('error' in address)) {
    const { atoms } = state.parts;
    const atom = atoms.atomOf(address.family, address.from);
    if (atoms.atomOf(address.family, address.to) !== atom) {
      return { error: `${text} spans addresses that policies treat differently: give a single address`, reason: 'invalid' };
    }
    return { kind: 'address', atom, endpoint: { kind: 'External', cidrs: IpSet.fromIntervals([address]).toCidrs() }, text: trimmed };
  }
  if (!trimmed.includes('/')) return { error: `"${text}" is neither "namespace/pod", an IP address nor ${INGRESS_CONTROLLER_TEXT}`, reason: 'invalid' };
  const slash = trimmed.indexOf('/');
  const namespace = trimmed.slice(0, slash);
  let name = trimmed.slice(slash + 1);
  let kind: string | undefined;
  const suffix = WORKLOAD_SUFFIX.exec(name);
  if (suffix) {
    name = suffix[1];
    kind = suffix[2];
  }
  const pods = state.parts.snapshot.pods;
  let podIndex = kind === undefined || kind === 'Pod' ? pods.findIndex((p) => p.namespace === namespace && p.name === name) : -1;
  if (podIndex < 0) {
    podIndex = pods.findIndex((p) => p.workload.namespace === namespace && p.workload.name === name && (kind === undefined || p.workload.kind === kind));
  }
  if (podIndex < 0) return { error: `no pod or workload "${trimmed}" in the snapshot`, reason: 'unknown' };
  const pod = pods[podIndex];
  return {
    kind: 'pod',
    podIndex,
    classId: state.parts.classOfPod[podIndex],
    endpoint: { kind: 'Pod', namespace: pod.namespace, name: pod.name },
    text: `${pod.namespace}/${pod.name}`,
  };
}

function layerText(rule: RuleRef): string {
  const policy = rule.policy;
  const priority = policy.layer === 'networkpolicy' ? '' : ` (${policy.layer} tier, priority ${policy.priority ?? 0})`;
  return `${policy.kind} ${policyText(policy)}${priority} ${ruleText(rule)}`;
}

const ACTION_VERB = { Allow: 'allows', Deny: 'denies', Pass: 'passes' } as const;

interface DirectionContext {
  direction: Direction;
  subjectText: string;
  peerText: string;
  protocol: Protocol;
  port: number;
  hadPolicies: boolean;
}

function stepSentence(step: TraceStep, ctx: DirectionContext): string {
  const what = `${ctx.protocol}/${ctx.port}`;
  const towards = ctx.direction === 'egress' ? `to ${ctx.peerText}` : `from ${ctx.peerText}`;
  switch (step.kind) {
    case 'rule': {
      const verb = ACTION_VERB[step.rule.action];
      const onward = step.rule.action === 'Pass' ? (step.rule.policy.layer === 'admin' ? ' on to NetworkPolicies and the baseline tier' : ' on to the default') : '';
      return `${layerText(step.rule)} ${verb} ${what} ${towards}${onward}`;
    }
    case 'isolation': {
      const names = step.policies.map((p) => policyText(p)).join(', ');
      return `${ctx.subjectText} is isolated for ${ctx.direction} by NetworkPolicy ${names}, and no rule of them allows ${what} ${towards}`;
    }
    case 'default':
      return ctx.hadPolicies
        ? `no policy rule decides ${what} ${towards}: allowed by default`
        : `no policy selects ${ctx.subjectText} for ${ctx.direction}: allowed by default`;
  }
}

function stepDecisions(step: TraceStep): Decision[] {
  switch (step.kind) {
    case 'rule':
      return [ruleDecision(step.rule)];
    case 'isolation':
      return step.policies.map(isolationDecision);
    case 'default':
      return [defaultDecision()];
  }
}

function tieSentence(tie: PriorityTie): string {
  return (
    `priority tie: ${tie.applied.kind} ${policyText(tie.applied)} and ${tie.other.kind} ${policyText(tie.other)} both have ` +
    `priority ${tie.priority}; ${policyText(tie.applied)} was applied (first by name)`
  );
}

function evaluateSide(state: AnalysisState, subjectClass: number, direction: Direction, peer: number, ctx: Omit<DirectionContext, 'hadPolicies'>): DirectionVerdict {
  const { evaluator } = state.parts;
  const subject = state.parts.classes[subjectClass];
  if (!canBeSubject(subject)) {
    return {
      allowed: true,
      reason: `${ctx.subjectText} uses the host network: policies do not select it, so its ${direction} is not restricted`,
      decidedBy: [],
    };
  }
  const policies = evaluator.policiesOf(subject, direction);
  const steps: TraceStep[] = [];
  const ties: PriorityTie[] = [];
  const result = evaluateDirection(evaluator.query(subject, direction, peer, false, policies), {
    trace: (step) => steps.push(step),
    onTie: (tie) => ties.push(tie),
  });
  const full: DirectionContext = { ...ctx, hadPolicies: policies.rules.length > 0 || policies.networkPolicies.length > 0 };
  const relevant = steps.filter((s) => s.ports.has(ctx.protocol, ctx.port));
  const allowed = result.has(ctx.protocol, ctx.port);
  const sentences = relevant.map((s) => stepSentence(s, full));
  const deciding = new Set(relevant.flatMap((s) => (s.kind === 'rule' ? [s.rule.policy.id] : [])));
  for (const tie of ties) {
    if (tie.ports.has(ctx.protocol, ctx.port) && deciding.has(tie.applied.id)) sentences.push(tieSentence(tie));
  }
  return {
    allowed,
    reason: sentences.length > 0 ? sentences.join('; ') : `nothing allows ${ctx.protocol}/${ctx.port}`,
    decidedBy: relevant.flatMap(stepDecisions),
  };
}

function controllerEgress(state: AnalysisState, dst: Party & { kind: 'pod' }, protocol: Protocol, port: number): DirectionVerdict {
  const routed = state.parts.routes.get(dst.classId);
  const grants = (routed?.grants ?? []).filter((g) => g.ports.has(protocol, port));
  if (grants.length === 0) {
    return { allowed: false, reason: `no Ingress or Route object routes ${protocol}/${port} to ${dst.text}`, decidedBy: [] };
  }
  const names = grants.map((g) => `${g.source.kind} ${g.source.namespace}/${g.source.name} (Service ${g.service})`).join(', ');
  return { allowed: true, reason: `${names} routes ${protocol}/${port} to ${dst.text}`, decidedBy: [] };
}

function unrestricted(reason: string): DirectionVerdict {
  return { allowed: true, reason, decidedBy: [] };
}

export function explainConnection(state: AnalysisState, from: string, to: string, port: number, protocol: Protocol): Explanation | ExplainError {
  if (!PROTOCOLS.includes(protocol)) return { error: `unknown protocol "${String(protocol)}" (TCP, UDP, SCTP)`, reason: 'invalid', argument: 'protocol' };
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: `port must be an integer from 1 to 65535, not ${String(port)}`, reason: 'invalid', argument: 'port' };
  const src = resolveParty(state, from);
  if ('error' in src) return { ...src, argument: 'from' };
  const dst = resolveParty(state, to);
  if ('error' in dst) return { ...dst, argument: 'to' };
  if (dst.kind === 'controller') return { error: `${INGRESS_CONTROLLER_TEXT} can only be a source`, reason: 'invalid', argument: 'to' };
  if (src.kind !== 'pod' && dst.kind !== 'pod') return { error: 'at least one side must be a pod', reason: 'invalid', argument: 'to' };
  return explainParties(state, src, dst, port, protocol);
}

/** The explanation between two resolved parties (a controller only as source, at least one pod). */
export function explainParties(state: AnalysisState, src: Party, dst: Party, port: number, protocol: Protocol): Explanation {
  const classCount = state.classCount;
  const base = { protocol, port };
  let egress: DirectionVerdict;
  let ingress: DirectionVerdict;
  if (src.kind === 'pod' && dst.kind === 'pod' && src.podIndex === dst.podIndex) {
    egress = unrestricted('a pod can always reach itself');
    ingress = unrestricted('a pod can always reach itself');
  } else {
    const peerOf = (party: Party): number =>
      party.kind === 'pod' ? party.classId : party.kind === 'address' ? classCount + party.atom : state.parts.controllerClass;
    if (src.kind === 'pod') {
      egress = evaluateSide(state, src.classId, 'egress', peerOf(dst), { ...base, direction: 'egress', subjectText: src.text, peerText: dst.text });
    } else if (src.kind === 'controller') {
      egress = controllerEgress(state, dst as Party & { kind: 'pod' }, protocol, port);
    } else {
      egress = unrestricted(`${src.text} is outside the cluster: no egress policy applies to it`);
    }
    if (dst.kind === 'pod') {
      ingress = evaluateSide(state, dst.classId, 'ingress', peerOf(src), { ...base, direction: 'ingress', subjectText: dst.text, peerText: src.text });
    } else {
      ingress = unrestricted(`${dst.text} is outside the cluster: no ingress policy applies to it`);
    }
  }
  const allowed = egress.allowed && ingress.allowed;
  const decidedBy = allowed
    ? [...egress.decidedBy, ...ingress.decidedBy]
    : [...(egress.allowed ? [] : egress.decidedBy), ...(ingress.allowed ? [] : ingress.decidedBy)];
  return { allowed, src: src.endpoint, dst: dst.endpoint, protocol, port, egress, ingress, decidedBy, options: { ...state.options } };
}

/** Ports a pod may open to another pod (ALL for a pod and itself). */
export function connectionsBetweenPods(state: AnalysisState, srcPod: { namespace: string; name: string }, dstPod: { namespace: string; name: string }): PortSet {
  const pods = state.parts.snapshot.pods;
  const find = (p: { namespace: string; name: string }) => pods.findIndex((q) => q.namespace === p.namespace && q.name === p.name);
  const s = find(srcPod);
  const d = find(dstPod);
  if (s < 0 || d < 0) return PortSet.EMPTY;
  if (s === d) return PortSet.ALL;
  return state.portSet(state.classToClass(state.parts.classOfPod[s], state.parts.classOfPod[d]));
}
