// Plain text: one line per connection or change, in the shape np-guard users know
// (`src => dst : conns`).

import type { ConnectionChange, ConnectivityResult, Decision, DiffResult, DirectionVerdict, Explanation } from '../result.js';
import type { Granularity } from '../result.js';
import { compareEndpoints, connsText, endpointText, sortedConnections, type TextOptions } from './endpoint-text.js';
import { sortedChanges } from './diff-order.js';
import { causeText, crossClusterText, exposurePathLines, fieldLines, findingText, intentDeltaLines, sideText, summaryText } from './diff-text.js';

function lines(items: readonly string[]): string {
  return items.map((line) => `${line}\n`).join('');
}

export function connectivityTxt(result: ConnectivityResult, options: TextOptions = {}): string {
  const g = result.granularity;
  return lines(
    sortedConnections(result.connections, g).map(
      (c) => `${endpointText(c.src, g, options)} => ${endpointText(c.dst, g, options)} : ${connsText(c)}`,
    ),
  );
}

function changeLine(change: ConnectionChange, g: Granularity, options: TextOptions): string {
  const pair = `${endpointText(change.src, g, options)} => ${endpointText(change.dst, g, options)}`;
  const conns =
    change.type === 'changed'
      ? `${connsText(change.before)} -> ${connsText(change.after)}`
      : connsText(change.type === 'added' ? change.after : change.before);
  const note = change.note === null ? '' : ` (${change.note})`;
  return `${change.type}: ${pair} : ${conns}${note}`;
}

function sampleLine(change: ConnectionChange): string[] {
  const s = change.sample;
  if (s === undefined || s === null) return [];
  const verdict = (v: { allowed: boolean } | null) => (v === null ? 'absent' : v.allowed ? 'allowed' : 'denied');
  return [`  sample: ${s.src} => ${s.dst} : ${s.protocol} ${s.port}: ${verdict(s.before)} -> ${verdict(s.after)}`];
}

export function diffTxt(diff: DiffResult, options: TextOptions = {}): string {
  const g = diff.granularity;
  const out = [`Connectivity diff: ${diff.from} -> ${diff.to} (${g} granularity)`, `from: ${sideText(diff.sides.from)}`, `to: ${sideText(diff.sides.to)}`];
  const cross = crossClusterText(diff);
  if (cross !== null) out.push(`cross-cluster diff: ${cross}`);
  out.push(`summary: ${summaryText(diff)}`);
  if (diff.changes.length === 0) out.push('no connectivity changes');
  for (const c of sortedChanges(diff.changes, g)) {
    out.push(changeLine(c, g, options), ...(c.causes ?? []).map((cause) => `  because: ${causeText(cause)}`), ...sampleLine(c));
  }
  if (diff.unexplainedChanges > 0) out.push(`${diff.unexplainedChanges} changes not explained (only the riskiest are)`);
  const policyLines = (label: string, names: readonly string[]) => names.map((n) => `policy ${label}: ${n}`);
  out.push(...policyLines('added', diff.policies.added), ...policyLines('removed', diff.policies.removed));
  for (const name of diff.policies.modified) {
    const fields = diff.policies.fieldChanges.find((f) => f.policy === name)?.fields ?? [];
    out.push(`policy modified: ${name}`, ...fieldLines(fields).map((line) => `  ${line}`));
  }
  const byOrder = (list: DiffResult['exposure']['newlyExposed']) => [...list].sort((a, b) => compareEndpoints(a, b, g));
  out.push(...byOrder(diff.exposure.newlyExposed).map((e) => `newly exposed: ${endpointText(e, g, options)}`));
  out.push(...byOrder(diff.exposure.noLongerExposed).map((e) => `no longer exposed: ${endpointText(e, g, options)}`));
  out.push(...exposurePathLines(diff, options).map((l) => `exposure path: ${l}`));
  out.push(...intentDeltaLines(diff).map((l) => `intent ${l}`));
  out.push(...(diff.findings?.new ?? []).map((f) => `new finding: ${findingText(f)}`));
  out.push(...(diff.findings?.resolved ?? []).map((f) => `resolved finding: ${findingText(f)}`));
  return lines(out);
}

export function decisionText(d: Decision): string {
  const who =
    d.kind === 'Default'
      ? 'default'
      : [d.kind, d.namespace === undefined ? d.name : `${d.namespace}/${d.name}`].filter((s) => s !== undefined).join(' ');
  const details = [`tier ${d.tier}`, `action ${d.action}`];
  if (d.priority !== undefined) details.push(`priority ${d.priority}`);
  return `${who}${d.rule === undefined ? '' : ` ${d.rule}`} (${details.join(', ')})`;
}

function verdictLines(direction: string, v: DirectionVerdict): string[] {
  return [
    `${direction}: ${v.allowed ? 'allowed' : 'denied'}: ${v.reason}`,
    ...v.decidedBy.map((d) => `  decided by ${decisionText(d)}`),
  ];
}

/** Decisions of the overall verdict that neither direction already lists. */
function otherDecisions(e: Explanation): Decision[] {
  const shown = new Set([...e.egress.decidedBy, ...e.ingress.decidedBy].map(decisionText));
  return e.decidedBy.filter((d) => !shown.has(decisionText(d)));
}

export function explanationTxt(e: Explanation, options: TextOptions = {}): string {
  const src = endpointText(e.src, 'pod', options);
  const dst = endpointText(e.dst, 'pod', options);
  const o = e.options;
  return lines([
    `${src} => ${dst} : ${e.protocol} ${e.port}: ${e.allowed ? 'ALLOWED' : 'DENIED'}`,
    ...verdictLines(`egress from ${src}`, e.egress),
    ...verdictLines(`ingress to ${dst}`, e.ingress),
    ...otherDecisions(e).map((d) => `also decided by ${decisionText(d)}`),
    ...intendedLines(e),
    `options: ipBlockMatchesPods=${o.ipBlockMatchesPods} hostNetwork=${o.hostNetwork} adminNetworksMatchPods=${o.adminNetworksMatchPods}`,
    ...networkLines(e),
  ]);
}

function intendedLines(e: Explanation): string[] {
  if (e.intended === undefined) return [];
  return [
    `the policies intend: ${e.intended.allowed ? 'ALLOWED' : 'DENIED'}`,
    ...verdictLines('  intended egress', e.intended.egress),
    ...verdictLines('  intended ingress', e.intended.ingress),
  ];
}

/** The plugin, enforcement and each option's source, when the result carries them. */
export function networkLines(e: Pick<Explanation, 'cni' | 'enforcement' | 'optionSources'>): string[] {
  if (e.cni === undefined || e.enforcement === undefined || e.optionSources === undefined) return [];
  const plugin = e.cni.plugin ?? 'not recognised';
  const enforces = e.cni.enforcesNetworkPolicy === null ? '' : e.cni.enforcesNetworkPolicy ? ' (enforces NetworkPolicy)' : ' (does not enforce NetworkPolicy)';
  const sources = Object.entries(e.optionSources).map(([name, source]) => `${name}=${source}`).join(' ');
  return [
    `network plugin: ${plugin}${enforces}${e.cni.evidence.length ? `; evidence: ${e.cni.evidence.map((x) => `${x.kind} ${x.namespace}/${x.name} (${x.matched})`).join(', ')}` : ''}`,
    `enforcement: ${e.enforcement.mode} → policies ${e.enforcement.enforced ? 'enforced' : 'NOT enforced'}; option sources: ${sources}`,
  ];
}
