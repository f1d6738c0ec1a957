// End-to-end helpers for the rule tests: YAML text → parseDocuments → analyze → questions.
// Tests go through the public API only (src/engine/index.ts), so they pin what users get.

import {
  analyze,
  connectivity,
  explain,
  parseDocuments,
  podConnections,
  type Analysis,
  type AnalysisOptions,
  type Explanation,
  type ParseResult,
  type Protocol,
} from '../../../src/engine/index.js';

export interface World {
  parsed: ParseResult;
  analysis: Analysis;
}

/** Parses YAML documents (joined with `---`) and analyses them; fails the test on a fatal parse. */
export function load(documents: string | string[], options?: Partial<AnalysisOptions>): World {
  const content = Array.isArray(documents) ? documents.join('\n---\n') : documents;
  const parsed = parseDocuments([{ name: 'rules.yaml', content }]);
  if (parsed.fatal) throw new Error(`fatal parse: ${JSON.stringify(parsed.diagnostics)}`);
  return { parsed, analysis: analyze(parsed.snapshot, options) };
}

function ref(text: string): { namespace: string; name: string } {
  const [namespace, name] = text.split('/');
  return { namespace, name };
}

/** What `from` may open to `to`, as PortSet text ("All Connections", "TCP 80", "No Connections", ...). */
export function conns(world: World, from: string, to: string): string {
  return podConnections(world.analysis, ref(from), ref(to)).toString();
}

export function reach(world: World, from: string, to: string, port = 80, protocol: Protocol = 'TCP'): boolean {
  return podConnections(world.analysis, ref(from), ref(to)).has(protocol, port);
}

export function why(world: World, from: string, to: string, port = 80, protocol: Protocol = 'TCP'): Explanation {
  const e = explain(world.analysis, from, to, port, protocol);
  if ('error' in e) throw new Error(e.error);
  return e;
}

/** Whether the explain verdict allows it: works for IP addresses and `{ingress-controller}` too. */
export function allowed(world: World, from: string, to: string, port = 80, protocol: Protocol = 'TCP'): boolean {
  return why(world, from, to, port, protocol).allowed;
}

export function analysisCodes(world: World): string[] {
  return world.analysis.diagnostics.map((d) => d.code);
}

export function parseCodes(world: World): string[] {
  return world.parsed.diagnostics.map((d) => d.code);
}

export function podConnectivity(world: World, granularity: 'pod' | 'workload' | 'namespace' = 'pod') {
  return connectivity(world.analysis, granularity, 'rules');
}

// ---------------------------------------------------------------- YAML builders

const indent = (text: string, spaces: number) => text.split('\n').map((l) => ' '.repeat(spaces) + l).join('\n');

function labelsYaml(labels: Record<string, string>, spaces: number): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return ' {}';
  return '\n' + entries.map(([k, v]) => `${' '.repeat(spaces)}${k}: "${v}"`).join('\n');
}

export function ns(name: string, labels: Record<string, string> = {}): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:${labelsYaml(labels, 4)}`;
}

export interface PodExtra {
  ip?: string | string[];
  /** Container ports, e.g. `- {name: http, containerPort: 8080}` lines (YAML list items). */
  ports?: string;
  hostNetwork?: boolean;
  nodeName?: string;
  phase?: string;
}

/** A running pod "ns/name" with labels (default `{app: name}`). */
export function pod(refText: string, labels?: Record<string, string>, extra: PodExtra = {}): string {
  const { namespace, name } = ref(refText);
  const ips = extra.ip === undefined ? [] : Array.isArray(extra.ip) ? extra.ip : [extra.ip];
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:${labelsYaml(labels ?? { app: name }, 4)}
spec:
${extra.hostNetwork ? '  hostNetwork: true\n' : ''}${extra.nodeName ? `  nodeName: ${extra.nodeName}\n` : ''}  containers:
  - name: c
    image: i
${extra.ports ? `    ports:\n${indent(extra.ports, 4)}\n` : ''}status:
  phase: ${extra.phase ?? 'Running'}
${ips.length ? `  podIPs:\n${ips.map((ip) => `  - ip: "${ip}"`).join('\n')}` : ''}`;
}

/** A NetworkPolicy "ns/name" whose spec is given as YAML text (indented by the caller at column 0). */
export function netpol(refText: string, spec: string): string {
  const { namespace, name } = ref(refText);
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${indent(spec, 2)}`;
}

export function anp(name: string, spec: string): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: ${name}
spec:
${indent(spec, 2)}`;
}

export function banp(spec: string, name = 'default'): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata:
  name: ${name}
spec:
${indent(spec, 2)}`;
}

export function cnp(name: string, spec: string): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: ${name}
spec:
${indent(spec, 2)}`;
}
