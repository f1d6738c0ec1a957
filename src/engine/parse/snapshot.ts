// Decoded parts → SnapshotModel: assumed namespaces, each pod's workload, and one representative
// pod for every top-level workload that has no live pod in the input.

import type { AdminPolicyModel, IngressRouteModel, NamespaceModel, NetworkPolicyModel, NodeModel, PodModel, ServiceModel, SnapshotModel, WorkloadRef } from '../model.js';
import type { DecodedPart } from './decode-object.js';
import type { DiagnosticSink, Location } from './diagnostics.js';
import { resolveRoute, type DecodedRoute } from './services.js';
import type { DecodedPod, DecodedWorkload, OwnerRef } from './workloads.js';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface PlacedPart {
  part: DecodedPart;
  at: Location;
}

/** Owner chains are short (Pod → ReplicaSet → Deployment); the bound only stops reference cycles. */
const MAX_OWNER_HOPS = 16;

export function buildSnapshot(parts: readonly PlacedPart[], objectCounts: Record<string, number>, sink: DiagnosticSink): SnapshotModel {
  const namespaces = new Map<string, NamespaceModel>();
  const referenced = new Map<string, Location>();
  const nodes: NodeModel[] = [];
  const pods: DecodedPod[] = [];
  const workloads = new Map<string, DecodedWorkload>();
  const services: ServiceModel[] = [];
  const ingressRoutes: IngressRouteModel[] = [];
  const routes: DecodedRoute[] = [];
  const networkPolicies: NetworkPolicyModel[] = [];
  const adminPolicies: AdminPolicyModel[] = [];
  const reference = (namespace: string, at: Location): void => {
    if (!referenced.has(namespace)) referenced.set(namespace, at);
  };

  for (const { part, at } of parts) {
    switch (part.type) {
      case 'namespace':
        namespaces.set(part.name, { name: part.name, labels: { ...part.labels, [NAMESPACE_NAME_LABEL]: part.name }, assumed: false });
        break;
      case 'node':
        nodes.push(part.node);
        break;
      case 'pod':
        reference(part.pod.namespace, at);
        if (!part.pod.finished) pods.push(part.pod);
        break;
      case 'workload':
        reference(part.workload.namespace, at);
        workloads.set(workloadKey(part.workload.kind, part.workload.namespace, part.workload.name), part.workload);
        break;
      case 'service':
        reference(part.service.namespace, at);
        services.push(part.service);
        break;
      case 'ingress':
        for (const route of part.routes) reference(route.namespace, at);
        ingressRoutes.push(...part.routes);
        break;
      case 'route':
        reference(part.route.source.namespace, at);
        routes.push(part.route);
        break;
      case 'networkPolicy':
        reference(part.policy.namespace, at);
        networkPolicies.push(part.policy);
        break;
      case 'adminPolicy':
        adminPolicies.push(part.policy);
        break;
    }
  }

  for (const [name, at] of referenced) {
    if (namespaces.has(name)) continue;
    namespaces.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name }, assumed: true });
    sink.report('warning', 'namespace.assumed', `namespace ${name} is referenced but not in the input; assumed with only its ${NAMESPACE_NAME_LABEL} label`, { ...at, object: `Namespace ${name}` });
  }

  const servicesByKey = new Map(services.map((s) => [`${s.namespace}/${s.name}`, s]));
  for (const route of routes) ingressRoutes.push(...resolveRoute(route, servicesByKey));

  return {
    namespaces: [...namespaces.values()],
    nodes,
    pods: buildPods(pods, workloads),
    services,
    ingressRoutes,
    networkPolicies,
    adminPolicies,
    objectCounts,
  };
}

function workloadKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** Climbs owner references while the owner is in the input; stops at the first absent owner. */
function topOfChain(namespace: string, owner: OwnerRef, workloads: ReadonlyMap<string, DecodedWorkload>): WorkloadRef {
  let current = owner;
  for (let hop = 0; hop < MAX_OWNER_HOPS; hop++) {
    const present = workloads.get(workloadKey(current.kind, namespace, current.name));
    if (!present?.owner) break;
    current = present.owner;
  }
  return { kind: current.kind, namespace, name: current.name };
}

export function podWorkload(pod: DecodedPod, workloads: ReadonlyMap<string, DecodedWorkload>): WorkloadRef {
  // A static pod's mirror is owned by its Node: the pod is its own workload.
  if (!pod.owner || pod.owner.kind === 'Node') return { kind: 'Pod', namespace: pod.namespace, name: pod.name };
  return topOfChain(pod.namespace, pod.owner, workloads);
}

function workloadTop(workload: DecodedWorkload, workloads: ReadonlyMap<string, DecodedWorkload>): WorkloadRef {
  const self = { kind: workload.kind, name: workload.name };
  return topOfChain(workload.namespace, workload.owner ?? self, workloads);
}

function buildPods(livePods: readonly DecodedPod[], workloads: ReadonlyMap<string, DecodedWorkload>): PodModel[] {
  const pods: PodModel[] = [];
  const covered = new Set<string>();
  for (const pod of livePods) {
    const workload = podWorkload(pod, workloads);
    covered.add(workloadKey(workload.kind, workload.namespace, workload.name));
    const model: PodModel = {
      namespace: pod.namespace,
      name: pod.name,
      labels: pod.labels,
      ips: pod.ips,
      ports: pod.ports,
      hostNetwork: pod.hostNetwork,
      workload,
      representative: false,
    };
    if (pod.nodeName) model.nodeName = pod.nodeName;
    pods.push(model);
  }
  for (const workload of workloads.values()) {
    const top = workloadTop(workload, workloads);
    const key = workloadKey(top.kind, top.namespace, top.name);
    if (covered.has(key)) continue;
    covered.add(key);
    // Prefer the top workload's own template (a Deployment over its ReplicaSet).
    const source = workloads.get(key) ?? workload;
    pods.push({
      namespace: top.namespace,
      name: top.name,
      labels: source.template.labels,
      ips: [],
      ports: source.template.ports,
      hostNetwork: source.template.hostNetwork,
      workload: top,
      representative: true,
    });
  }
  return pods;
}
