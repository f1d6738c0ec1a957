// Which network plugin a snapshot runs, from the objects the parser kept in the plugins'
// namespaces, and the effective analysis options with the source of each.

import { DEFAULT_OPTIONS, type AnalysisOptions, type AnalysisRequest, type GivenBy, type SnapshotModel, type SystemObjectModel } from '../model.js';
import type { NetworkContext, NetworkPluginReport, OptionName, OptionSource, PluginEvidence } from '../result.js';
import { imageRepository, NETWORK_PLUGINS, type NetworkPluginRow } from './plugins.js';
import { canonicalCidrs, detectClusterRanges } from './cluster-ranges.js';

function evidence(object: SystemObjectModel, matched: string): PluginEvidence {
  return { kind: object.kind, namespace: object.namespace, name: object.name, matched };
}

/** A DaemonSet's pods are named `<daemonset>-<5 characters>`: `cilium-x7k2p`, not `cilium-operator-…`. */
function isDaemonSetPodName(pod: string, daemonSet: string): boolean {
  return pod.length === daemonSet.length + 6 && pod.startsWith(`${daemonSet}-`) && /^[a-z0-9]{5}$/.test(pod.slice(-5));
}

/** What about `object` matches `row`, if anything (name first, then labels, images, ConfigMap name). */
function matchOf(row: NetworkPluginRow, object: SystemObjectModel): string | undefined {
  if (object.kind === 'ConfigMap') return row.configMaps.includes(object.name) ? 'name' : undefined;
  if (object.kind === 'Pod' ? row.workloads.some((w) => isDaemonSetPodName(object.name, w)) : row.workloads.includes(object.name)) return 'name';
  const label = row.labels.find((pair) => {
    const [key, value] = pair.split('=');
    return object.labels[key] === value;
  });
  if (label !== undefined) return `label ${label}`;
  for (const container of object.containers) {
    const repository = imageRepository(container.image);
    if (row.images.some((image) => repository === image || repository.endsWith(`/${image}`))) return `image ${container.image}`;
  }
  return undefined;
}

export function detectNetworkPlugin(snapshot: SnapshotModel): NetworkPluginReport {
  const objects = snapshot.systemObjects ?? [];
  const detected: NetworkPluginReport['detected'] = [];
  for (const row of NETWORK_PLUGINS) {
    const found: PluginEvidence[] = [];
    for (const object of objects) {
      const matched = matchOf(row, object);
      if (matched !== undefined) found.push(evidence(object, matched));
    }
    if (found.length === 0) continue;
    const refined = row.refine?.(objects);
    if (refined?.matched) found.push(evidence(refined.matched.object, refined.matched.matched));
    detected.push({ plugin: row.id, enforcesNetworkPolicy: refined?.enforces ?? row.enforces, reason: refined?.reason ?? row.enforcesSource, evidence: found });
  }
  const decider = detected.find((d) => d.enforcesNetworkPolicy) ?? detected[0];
  if (decider === undefined) {
    return { plugin: null, enforcesNetworkPolicy: null, reason: 'no known network plugin found in the snapshot', evidence: [], detected };
  }
  return { plugin: decider.plugin, enforcesNetworkPolicy: decider.enforcesNetworkPolicy, reason: decider.reason, evidence: decider.evidence, detected };
}

const OPTION_NAMES: readonly (keyof AnalysisOptions)[] = ['ipBlockMatchesPods', 'hostNetwork', 'adminNetworksMatchPods'];

export interface ResolvedNetwork extends NetworkContext {
  options: AnalysisOptions;
}

function givenBy(request: AnalysisRequest, name: OptionName): GivenBy {
  const by = request.givenBy;
  return (typeof by === 'object' ? by[name] : by) ?? 'option';
}

/** Explicit options win, then the detected plugin's defaults, then `DEFAULT_OPTIONS`. */
export function resolveNetwork(snapshot: SnapshotModel, request: AnalysisRequest = {}): ResolvedNetwork {
  const cni = detectNetworkPlugin(snapshot);
  const row = NETWORK_PLUGINS.find((r) => r.id === cni.plugin);
  const options = { ...DEFAULT_OPTIONS };
  const sources = {} as Record<OptionName, OptionSource>;
  for (const name of OPTION_NAMES) {
    const explicit = request[name];
    const detected = cni.enforcesNetworkPolicy ? row?.options[name] : undefined;
    if (explicit !== undefined) {
      (options as Record<string, unknown>)[name] = explicit;
      sources[name] = givenBy(request, name);
    } else if (detected !== undefined) {
      (options as Record<string, unknown>)[name] = detected;
      sources[name] = 'detected';
    } else {
      sources[name] = 'default';
    }
  }
  const mode = request.enforcement ?? 'auto';
  let enforced: boolean;
  if (mode !== 'auto') {
    enforced = mode === 'enforced';
    sources.enforcement = givenBy(request, 'enforcement');
  } else if (cni.enforcesNetworkPolicy !== null) {
    enforced = cni.enforcesNetworkPolicy;
    sources.enforcement = 'detected';
  } else {
    // Nothing recognised: assume the policies take effect, as a cluster that uses them would.
    enforced = true;
    sources.enforcement = 'default';
  }
  const detectedRanges = detectClusterRanges(snapshot);
  const clusterRanges = { podCIDRs: [] as string[], serviceCIDRs: [] as string[] };
  for (const name of ['podCIDRs', 'serviceCIDRs'] as const) {
    const explicit = request[name];
    if (explicit !== undefined) {
      clusterRanges[name] = canonicalCidrs(explicit);
      sources[name] = givenBy(request, name);
    } else if (detectedRanges[name].length > 0) {
      clusterRanges[name] = detectedRanges[name];
      sources[name] = 'detected';
    } else {
      sources[name] = 'default';
    }
  }
  return { cni, enforcement: { mode, enforced }, optionSources: sources, options, clusterRanges };
}
