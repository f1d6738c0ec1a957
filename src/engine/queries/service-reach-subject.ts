// A Service as the subject of who-can-reach and reachable-from: it stands for its backends (the
// pods it selects). Who-can-reach on a Service port translates that port, for each backend, to its
// target port (a named one looked up among the backend's container ports of the same protocol), and
// says which backends each source reaches.

import type { AnalysisState } from '../analysis/state.js';
import type { Protocol, ServiceModel } from '../model.js';
import type { ReachEntry, ReachError, ReachResult, ReachService } from '../result.js';
import { finish, resolveSubject, rowAllows, sourcesOf, type Subject } from './reach.js';
import { portText, selects, serviceName, servicePortOf } from './service-reach.js';

export interface ServiceSubject extends Subject {
  model: ServiceModel;
  service: ReachService;
}

/**
 * `Service ns/name` or `ns/name[Service]`: that Service (an error when the snapshot lacks it);
 * a plain `ns/name` only when no pod or workload has that name; undefined when not a Service.
 */
export function resolveServiceSubject(state: AnalysisState, text: string): ServiceSubject | ReachError | undefined {
  const named = serviceName(text);
  if (named === undefined) return undefined;
  const model = state.parts.snapshot.services.find((s) => s.namespace === named.namespace && s.name === named.name);
  if (named.explicit && model === undefined) return { error: `no Service ${named.namespace}/${named.name} in the snapshot`, reason: 'unknown' };
  if (model === undefined) return undefined;
  if (!named.explicit && !('error' in resolveSubject(state, text))) return undefined;
  const pods: number[] = [];
  state.parts.snapshot.pods.forEach((pod, i) => {
    if (selects(model, pod)) pods.push(i);
  });
  const podRef = (i: number) => ({ kind: 'Pod' as const, namespace: state.parts.snapshot.pods[i]!.namespace, name: state.parts.snapshot.pods[i]!.name });
  return {
    endpoint: { kind: 'Service', namespace: model.namespace, name: model.name },
    text: `${model.namespace}/${model.name}[Service]`,
    pods,
    model,
    service: { kind: 'Service', namespace: model.namespace, name: model.name, type: model.type, backends: pods.map((i) => ({ pod: podRef(i) })) },
  };
}

/** Who can reach a Service: without a port, every source of its backends; with a Service port, who reaches which backend on its target port. */
export function whoCanReachService(state: AnalysisState, subject: ServiceSubject, query: { granularity?: 'pod' | 'workload'; port?: number; protocol?: Protocol }): ReachResult | ReachError {
  const granularity = query.granularity ?? 'workload';
  if (query.port === undefined) {
    const { rows, ...rest } = finish(state, subject, sourcesOf(state, subject, granularity), query, granularity);
    return { ...rest, sources: rows, service: subject.service };
  }
  const protocol = query.protocol ?? 'TCP';
  const servicePort = servicePortOf(subject.model, query.port, protocol);
  if (servicePort === undefined) {
    return { error: `Service ${subject.model.namespace}/${subject.model.name} has no ${protocol} port ${query.port}; its ports: ${subject.model.ports.map(portText).join(', ') || 'none'}`, reason: 'unknown', argument: 'port' };
  }
  const { pods } = state.parts.snapshot;
  const { classOfPod } = state.parts;
  const targetOf = (i: number): number | null => {
    const target = servicePort.targetPort;
    return typeof target === 'number' ? target : (pods[i]!.ports.find((p) => p.name === target && p.protocol === protocol)?.port ?? null);
  };
  // Backends alike for every policy (same class) and target port are asked about together.
  const groups = new Map<string, { targetPort: number; pods: number[] }>();
  for (const i of subject.pods) {
    const targetPort = targetOf(i);
    if (targetPort === null) continue;
    const key = `${targetPort} ${classOfPod[i]}`;
    const group = groups.get(key) ?? { targetPort, pods: [] };
    group.pods.push(i);
    groups.set(key, group);
  }
  const rows = new Map<string, { entry: ReachEntry; backends: Set<string> }>();
  const reached = new Set<number>();
  for (const group of groups.values()) {
    for (const row of sourcesOf(state, { ...subject, pods: group.pods }, granularity)) {
      if (!rowAllows(state, row, protocol, group.targetPort)) continue;
      const key = JSON.stringify(row.endpoint);
      const kept = rows.get(key) ?? { entry: { endpoint: row.endpoint, allPorts: false, ports: [{ protocol, from: servicePort.port, to: servicePort.port }] }, backends: new Set<string>() };
      for (const i of group.pods) {
        kept.backends.add(`${pods[i]!.namespace}/${pods[i]!.name}`);
        reached.add(i);
      }
      rows.set(key, kept);
    }
  }
  const entries = [...rows.values()].map(({ entry, backends }) => ({ ...entry, backends: [...backends].sort() }));
  const { rows: sorted, ...rest } = finish(state, subject, entries, { granularity }, granularity);
  return {
    ...rest,
    port: servicePort.port,
    protocol,
    sources: sorted,
    service: {
      ...subject.service,
      servicePort: { ...(servicePort.name ? { name: servicePort.name } : {}), port: servicePort.port, targetPort: servicePort.targetPort },
      backends: subject.pods.map((i) => ({ pod: { kind: 'Pod' as const, namespace: pods[i]!.namespace, name: pods[i]!.name }, targetPort: targetOf(i), reachable: reached.has(i) })),
    },
  };
}
