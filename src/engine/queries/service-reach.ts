// Can a source reach a Service: the Service port is translated, for each pod the Service selects,
// to that pod's target port (a named targetPort looked up among the pod's container ports of the
// same protocol), and each pod is explained on it. `canReach` sends a destination that names a
// Service here and everything else to `explain`.

import { explain } from '../analysis/index.js';
import { stateOf, type Analysis } from '../analysis/state.js';
import type { PodModel, Protocol, ServiceModel, ServicePort } from '../model.js';
import type { ExplainError } from '../analysis/explain.js';
import type { Explanation, ServiceEndpointVerdict, ServiceExplanation } from '../result.js';

const SERVICE_SUFFIX = /^(.*)\[Service\]$/;
const SERVICE_PREFIX = /^Service\s+/;

/** `ns/name[Service]` or `Service ns/name`: a Service named explicitly; `ns/name` otherwise (may still be one). */
export function serviceName(text: string): { namespace: string; name: string; explicit: boolean } | undefined {
  let trimmed = text.trim();
  let explicit = false;
  const suffix = SERVICE_SUFFIX.exec(trimmed);
  if (suffix) {
    trimmed = suffix[1];
    explicit = true;
  } else if (SERVICE_PREFIX.test(trimmed)) {
    trimmed = trimmed.replace(SERVICE_PREFIX, '');
    explicit = true;
  }
  const parts = trimmed.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1] || parts[1].includes('[')) return undefined;
  return { namespace: parts[0], name: parts[1], explicit };
}

export function selects(service: ServiceModel, pod: PodModel): boolean {
  const selector = service.selector;
  if (selector === null || Object.keys(selector).length === 0 || pod.namespace !== service.namespace) return false;
  return Object.entries(selector).every(([k, v]) => pod.labels[k] === v);
}

export function portText(p: ServicePort): string {
  return `${p.port}/${p.protocol}${p.name ? ` (${p.name})` : ''}`;
}

/** The Service port a question names: by number or by name, of the protocol asked. */
export function servicePortOf(service: ServiceModel, port: number | string, protocol: Protocol): ServicePort | undefined {
  return service.ports.find((p) => p.protocol === protocol && (typeof port === 'number' ? p.port === port : p.name === port));
}

export function explainService(analysis: Analysis, from: string, service: ServiceModel, port: number | string, protocol: Protocol): ServiceExplanation | ExplainError {
  const state = stateOf(analysis);
  const servicePort = servicePortOf(service, port, protocol);
  if (servicePort === undefined) {
    const known = service.ports.map(portText).join(', ') || 'none';
    return { error: `Service ${service.namespace}/${service.name} has no ${protocol} port ${port}; its ports: ${known}`, reason: 'unknown', argument: 'port' };
  }
  const endpoints: ServiceEndpointVerdict[] = [];
  let src: Explanation['src'] | undefined;
  let network: Pick<Explanation, 'cni' | 'enforcement' | 'optionSources'> = {};
  for (const pod of state.parts.snapshot.pods) {
    if (!selects(service, pod)) continue;
    const endpoint = { kind: 'Pod' as const, namespace: pod.namespace, name: pod.name };
    const target = servicePort.targetPort;
    const resolved = typeof target === 'number' ? target : pod.ports.find((p) => p.name === target && p.protocol === protocol)?.port;
    if (resolved === undefined) {
      endpoints.push({ pod: endpoint, targetPort: null, allowed: false, reason: `named targetPort ${String(target)} is not a ${protocol} container port of this pod` });
      continue;
    }
    const answer = explain(analysis, from, `${pod.namespace}/${pod.name}`, resolved, protocol);
    if ('error' in answer) {
      if (answer.argument === 'from') return answer;
      endpoints.push({ pod: endpoint, targetPort: resolved, allowed: false, reason: answer.error });
      continue;
    }
    src ??= answer.src;
    network = { cni: answer.cni, enforcement: answer.enforcement, optionSources: answer.optionSources };
    const verdict: NonNullable<ServiceEndpointVerdict['verdict']> = { egress: answer.egress, ingress: answer.ingress, decidedBy: answer.decidedBy };
    if (answer.intended) verdict.intended = answer.intended;
    endpoints.push({ pod: endpoint, targetPort: resolved, allowed: answer.allowed, verdict });
  }
  if (src === undefined) {
    // No pod to explain against: resolve the source alone (against the Service's own namespace name is enough to validate it).
    const probe = state.parts.snapshot.pods[0];
    const check = probe ? explain(analysis, from, `${probe.namespace}/${probe.name}`, 1, protocol) : undefined;
    if (check && 'error' in check && check.argument === 'from') return check;
    src = check && !('error' in check) ? check.src : { kind: 'Pod', namespace: '', name: from };
    if (check && !('error' in check)) network = { cni: check.cni, enforcement: check.enforcement, optionSources: check.optionSources };
  }
  return {
    allowed: endpoints.some((e) => e.allowed),
    src,
    service: { kind: 'Service', namespace: service.namespace, name: service.name, type: service.type },
    protocol,
    servicePort: { ...(servicePort.name ? { name: servicePort.name } : {}), port: servicePort.port, targetPort: servicePort.targetPort },
    endpoints,
    options: { ...state.options },
    ...network,
  };
}

/**
 * `explain`, with Services: `to` written `ns/name[Service]` or `Service ns/name` is a Service and
 * `port` one of its ports; a plain `ns/name` is a pod or workload first, and a Service when no pod
 * or workload has that name.
 */
export function canReach(analysis: Analysis, from: string, to: string, port: number | string, protocol: Protocol): Explanation | ServiceExplanation | ExplainError {
  const state = stateOf(analysis);
  const named = serviceName(to);
  const service = named && state.parts.snapshot.services.find((s) => s.namespace === named.namespace && s.name === named.name);
  if (named?.explicit) {
    if (!service) return { error: `no Service ${named.namespace}/${named.name} in the snapshot`, reason: 'unknown', argument: 'to' };
    return explainService(analysis, from, service, port, protocol);
  }
  if (typeof port !== 'number') return { error: `a port name (${port}) needs a Service destination`, reason: 'invalid', argument: 'port' };
  const answer = explain(analysis, from, to, port, protocol);
  if ('error' in answer && answer.argument === 'to' && answer.reason === 'unknown' && service) return explainService(analysis, from, service, port, protocol);
  return answer;
}
