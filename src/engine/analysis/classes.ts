// Pod equivalence classes: pods that every policy treats alike (same namespace, labels, named
// container ports, hostNetwork flag and node labels, and the same address atoms where address
// peers can match them). All later work is per class, never per pod.

import type { AnalysisOptions, ContainerPort, Labels, NodeModel, PodModel, SnapshotModel } from '../model.js';
import { labelsKey } from '../policy/selectors.js';
import type { AddressAtoms } from './addresses.js';

/** The ingress controller's pseudo-namespace: not a valid Kubernetes name, so no policy lives there. */
export const INGRESS_CONTROLLER_NAMESPACE = '{ingress-controller}';

export interface PodClass {
  id: number;
  namespace: string;
  namespaceIndex: number;
  namespaceLabels: Labels;
  labels: Labels;
  /** The container ports of the first pod (the named ones are equal across the class). */
  ports: readonly ContainerPort[];
  hostNetwork: boolean;
  /** Labels of the node a hostNetwork pod runs on ({} otherwise or when unknown). */
  nodeLabels: Labels;
  /** Atoms of the addresses that address peers may match (node and pod IPs for hostNetwork pods). */
  atoms: readonly number[];
  /** Indices into snapshot.pods. */
  pods: number[];
  /** The pseudo-pod standing for the ingress controller (no pods, never a policy subject). */
  ingressController: boolean;
}

export interface NamespaceIndex {
  names: string[];
  labels: Labels[];
  indexOf: Map<string, number>;
}

export function indexNamespaces(snapshot: SnapshotModel, withIngressController: boolean): NamespaceIndex {
  const index: NamespaceIndex = { names: [], labels: [], indexOf: new Map() };
  const add = (name: string, labels: Labels) => {
    if (index.indexOf.has(name)) return;
    index.indexOf.set(name, index.names.length);
    index.names.push(name);
    index.labels.push(labels);
  };
  for (const ns of snapshot.namespaces) add(ns.name, ns.labels);
  // A pod in a namespace the snapshot lacks still has the label the API server always sets.
  for (const pod of snapshot.pods) add(pod.namespace, { 'kubernetes.io/metadata.name': pod.namespace });
  if (withIngressController) add(INGRESS_CONTROLLER_NAMESPACE, {});
  return index;
}

function namedPortsKey(ports: readonly ContainerPort[]): string {
  return ports
    .filter((p) => p.name !== undefined && p.name !== '')
    .map((p) => `${p.name}/${p.protocol}/${p.port}`)
    .sort()
    .join(',');
}

function matchableAddresses(pod: PodModel, node: NodeModel | undefined, options: AnalysisOptions): readonly string[] {
  if (pod.hostNetwork) return [...pod.ips, ...(node?.ips ?? [])];
  return options.ipBlockMatchesPods || options.adminNetworksMatchPods ? pod.ips : [];
}

function atomsOf(addresses: readonly string[], atoms: AddressAtoms): number[] {
  const ids = new Set<number>();
  for (const ip of addresses) {
    const atom = atoms.atomOfIp(ip);
    if (atom !== undefined) ids.add(atom);
  }
  return [...ids].sort((a, b) => a - b);
}

export function buildClasses(
  snapshot: SnapshotModel,
  namespaces: NamespaceIndex,
  nodes: ReadonlyMap<string, NodeModel>,
  atoms: AddressAtoms,
  options: AnalysisOptions,
  withIngressController: boolean,
): { classes: PodClass[]; classOfPod: Int32Array } {
  const classes: PodClass[] = [];
  const byKey = new Map<string, PodClass>();
  const classOfPod = new Int32Array(snapshot.pods.length);
  snapshot.pods.forEach((pod, podIndex) => {
    const node = pod.hostNetwork && pod.nodeName !== undefined ? nodes.get(pod.nodeName) : undefined;
    const podAtoms = atomsOf(matchableAddresses(pod, node, options), atoms);
    const nodeLabels = node?.labels ?? {};
    const key = [
      pod.namespace,
      labelsKey(pod.labels),
      namedPortsKey(pod.ports),
      pod.hostNetwork ? 'host' : 'pod',
      pod.hostNetwork ? labelsKey(nodeLabels) : '',
      podAtoms.join(','),
    ].join('\u0000');
    let podClass = byKey.get(key);
    if (podClass === undefined) {
      const namespaceIndex = namespaces.indexOf.get(pod.namespace) ?? 0;
      podClass = {
        id: classes.length,
        namespace: pod.namespace,
        namespaceIndex,
        namespaceLabels: namespaces.labels[namespaceIndex],
        labels: pod.labels,
        ports: pod.ports,
        hostNetwork: pod.hostNetwork,
        nodeLabels: pod.hostNetwork ? nodeLabels : {},
        atoms: podAtoms,
        pods: [],
        ingressController: false,
      };
      byKey.set(key, podClass);
      classes.push(podClass);
    }
    podClass.pods.push(podIndex);
    classOfPod[podIndex] = podClass.id;
  });
  if (withIngressController) {
    const namespaceIndex = namespaces.indexOf.get(INGRESS_CONTROLLER_NAMESPACE) ?? 0;
    classes.push({
      id: classes.length,
      namespace: INGRESS_CONTROLLER_NAMESPACE,
      namespaceIndex,
      namespaceLabels: namespaces.labels[namespaceIndex],
      labels: {},
      ports: [],
      hostNetwork: false,
      nodeLabels: {},
      atoms: [],
      pods: [],
      ingressController: true,
    });
  }
  return { classes, classOfPod };
}

/** Policies select neither hostNetwork pods nor the ingress controller as subjects. */
export function canBeSubject(podClass: PodClass): boolean {
  return !podClass.hostNetwork && !podClass.ingressController;
}
