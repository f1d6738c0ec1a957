// Why each exposed workload is exposed: "no policy at all" and "deliberately published" read
// differently. Exposure itself is defined once (exposure.ts, on the workload connectivity); this
// adds, per exposed workload, each path in from outside the snapshot shows: no ingress isolation,
// an ipBlock (or allow-all) rule admitting outside addresses, an admin-tier rule, an Ingress/Route,
// a LoadBalancer or NodePort Service, externalIPs, hostNetwork, hostPort.

import { connectivity } from '../analysis/index.js';
import { stateOf, type Analysis } from '../analysis/state.js';
import type { NetworkPolicyModel, PodModel, ServiceModel, SnapshotModel } from '../model.js';
import { selectorMatches } from '../policy/selectors.js';
import type { ClusterRanges, ConnectivityResult, Endpoint } from '../result.js';
import { exposure, type ExposedEndpoint } from './exposure.js';
import type { FindingObject } from './findings.js';
import { internetAddresses } from './internet.js';
import { compareEndpoints, endpointText, isExternal, isNamespaced } from '../render/endpoint-text.js';
import { IpSet } from '../sets/ip-set.js';
import { PortSet } from '../sets/port-set.js';

export const EXPOSURE_REASONS = {
  'no-ingress-isolation': 'no NetworkPolicy isolates its ingress, so every address may connect',
  'ip-block': 'a NetworkPolicy rule admits outside addresses (an ipBlock, or a rule with no peers)',
  'admin-policy': 'an admin-tier policy allows outside addresses (its pods are isolated by no NetworkPolicy rule that admits them)',
  'ingress-route': 'an Ingress or Route sends traffic to a Service selecting it',
  'load-balancer-service': 'a LoadBalancer Service selects it',
  'node-port-service': 'a NodePort Service selects it (every node\'s address, on the node port)',
  'external-ips': 'a Service with externalIPs selects it',
  'host-network': 'its pods use the host network: reachable at the node\'s address, no NetworkPolicy selects them',
  'host-port': 'a container publishes a hostPort on its node',
} as const;

export type ExposureReasonCode = keyof typeof EXPOSURE_REASONS;

export interface ExposureReason {
  code: ExposureReasonCode;
  /** One line for people, naming the objects. */
  message: string;
  objects: FindingObject[];
}

export interface ExposedWithReasons extends ExposedEndpoint {
  /** Reachable from a public address (not only private or special-purpose blocks). */
  internet: boolean;
  reasons: ExposureReason[];
}

/** The workload-level exposure of an analysis, each exposed workload with why. */
export function exposureWithReasons(analysis: Analysis, workload: ConnectivityResult = connectivity(analysis, 'workload', 'exposure')): ExposedWithReasons[] {
  const state = stateOf(analysis);
  const snapshot = state.parts.snapshot;
  const exposed = exposure(workload);
  return exposed.map((e) => {
    const pods = podsOf(snapshot, e.endpoint);
    const internet = e.fromExternal.some((x) => !internetAddresses(x.cidrs, state.network.clusterRanges).isEmpty());
    return { ...e, internet, reasons: reasonsFor(snapshot, pods, e, !state.network.enforcement.enforced) };
  });
}

function podsOf(snapshot: SnapshotModel, endpoint: Endpoint): PodModel[] {
  const w = endpoint as { kind: string; namespace?: string; name?: string };
  return snapshot.pods.filter((p) => p.workload.kind === w.kind && p.workload.namespace === w.namespace && p.workload.name === w.name);
}

function selects(service: ServiceModel, pod: PodModel): boolean {
  return service.selector !== null && service.namespace === pod.namespace && Object.entries(service.selector).every(([k, v]) => pod.labels[k] === v);
}

function policyRef(p: NetworkPolicyModel): FindingObject {
  return { kind: 'NetworkPolicy', namespace: p.namespace, name: p.name };
}

function reasonsFor(snapshot: SnapshotModel, pods: PodModel[], exposed: ExposedEndpoint, notEnforced: boolean): ExposureReason[] {
  const reasons: ExposureReason[] = [];
  const add = (code: ExposureReasonCode, message: string, objects: FindingObject[]) => reasons.push({ code, message, objects });
  const subjects = pods.filter((p) => !p.hostNetwork);
  if (exposed.fromExternal.length > 0) {
    const selecting = snapshot.networkPolicies.filter((np) => np.affectsIngress && subjects.some((p) => p.namespace === np.namespace && selectorMatches(np.podSelector, p.labels)));
    if (notEnforced) add('no-ingress-isolation', 'the network plugin enforces no NetworkPolicy, so every address may connect', []);
    else if (subjects.some((p) => !snapshot.networkPolicies.some((np) => np.affectsIngress && np.namespace === p.namespace && selectorMatches(np.podSelector, p.labels)))) {
      add('no-ingress-isolation', 'no NetworkPolicy isolates its ingress, so every address may connect', []);
    } else {
      const admitting = selecting.filter((np) => np.ingress.some((rule) => rule.peers === null || rule.peers.some((peer) => peer.kind === 'ipBlock')));
      if (admitting.length > 0) {
        const cidrs = [...new Set(admitting.flatMap((np) => np.ingress.flatMap((rule) => (rule.peers === null ? ['every address'] : rule.peers.flatMap((peer) => (peer.kind === 'ipBlock' ? [peer.ipBlock.cidr] : []))))))];
        add('ip-block', `${admitting.map((np) => `NetworkPolicy ${np.namespace}/${np.name}`).join(', ')} admit${admitting.length > 1 ? '' : 's'} ${cidrs.join(', ')}`, admitting.map(policyRef));
      } else if (snapshot.adminPolicies.length > 0) {
        const allowing = snapshot.adminPolicies.filter((ap) => ap.ingress.some((rule) => rule.action === 'Allow' && rule.peers.some((peer) => peer.kind === 'networks')));
        add('admin-policy', `${allowing.map((ap) => `${ap.kind} ${ap.name}`).join(', ') || 'an admin-tier policy'} allows outside addresses`, allowing.map((ap) => ({ kind: ap.kind, namespace: null, name: ap.name })));
      }
    }
  }
  if (exposed.fromIngressController !== null) {
    const services = snapshot.services.filter((s) => pods.some((p) => selects(s, p)));
    const routes = snapshot.ingressRoutes.filter((r) => services.some((s) => s.namespace === r.namespace && s.name === r.service));
    add('ingress-route', `${routes.map((r) => `${r.source.kind} ${r.source.namespace}/${r.source.name}`).join(', ') || 'an Ingress or Route'} route${routes.length > 1 ? '' : 's'} to it`, routes.map((r) => ({ ...r.source })));
  }
  for (const s of snapshot.services.filter((svc) => pods.some((p) => selects(svc, p)))) {
    const ref = { kind: 'Service', namespace: s.namespace, name: s.name };
    if (s.type === 'LoadBalancer') add('load-balancer-service', `Service ${s.namespace}/${s.name} (LoadBalancer) publishes it`, [ref]);
    else if (s.type === 'NodePort') add('node-port-service', `Service ${s.namespace}/${s.name} (NodePort) publishes it on every node`, [ref]);
    if (s.externalIPs?.length) add('external-ips', `Service ${s.namespace}/${s.name} publishes it on ${s.externalIPs.join(', ')}`, [ref]);
  }
  const host = pods.filter((p) => p.hostNetwork);
  if (host.length > 0) add('host-network', `${host.length} pod${host.length > 1 ? 's use' : ' uses'} the host network`, host.map((p) => ({ kind: 'Pod', namespace: p.namespace, name: p.name })));
  const hostPorts = [...new Set(pods.flatMap((p) => p.ports.filter((c) => c.hostPort !== undefined).map((c) => `${c.hostPort}/${c.protocol}`)))];
  if (hostPorts.length > 0) add('host-port', `hostPort ${hostPorts.join(', ')} on its node`, []);
  return reasons;
}

/** A workload that can open connections to public addresses, with the ports. */
export interface InternetEgress {
  endpoint: Endpoint;
  /** The public part of the destinations it reaches, as CIDRs. */
  cidrs: string[];
  allPorts: boolean;
  ports: ReturnType<PortSet['toEntries']>;
}

/** Workloads that reach the internet (an external block holding a public address), in endpoint order. */
export function internetEgress(analysis: Analysis): InternetEgress[] {
  const result = connectivity(analysis, 'workload', 'egress');
  const bySrc = new Map<string, { endpoint: Endpoint; addresses: IpSet; ports: PortSet }>();
  for (const c of result.connections) {
    if (!isExternal(c.dst) || !isNamespaced(c.src)) continue;
    const addresses = internetAddresses(c.dst.cidrs, result.clusterRanges);
    if (addresses.isEmpty()) continue;
    const key = endpointText(c.src, 'workload');
    const ports = c.allPorts ? PortSet.ALL : PortSet.fromEntries(c.ports);
    const entry = bySrc.get(key);
    if (entry === undefined) bySrc.set(key, { endpoint: c.src, addresses, ports });
    else {
      entry.addresses = entry.addresses.union(addresses);
      entry.ports = entry.ports.union(ports);
    }
  }
  return [...bySrc.values()]
    .sort((a, b) => compareEndpoints(a.endpoint, b.endpoint, 'workload'))
    .map((e) => ({ endpoint: e.endpoint, cidrs: e.addresses.toCidrs(), allPorts: e.ports.isAll(), ports: e.ports.isAll() ? [] : e.ports.toEntries() }));
}

/** The exposure question's answer (snapshot question `exposureReasons`). */
export interface ExposureReport {
  exposed: ExposedWithReasons[];
  internetEgress: InternetEgress[];
  /** The cluster's own pod and service ranges, left out of "public addresses" (`internet`, `internetEgress`). */
  clusterRanges: ClusterRanges;
}

export function exposureReport(analysis: Analysis): ExposureReport & Pick<ReturnType<typeof networkOf>, 'options' | 'cni' | 'enforcement' | 'optionSources'> {
  return { exposed: exposureWithReasons(analysis), internetEgress: internetEgress(analysis), ...networkOf(analysis) };
}

function networkOf(analysis: Analysis) {
  const { cni, enforcement, optionSources, clusterRanges } = analysis.network;
  return {
    options: { ...analysis.options },
    cni,
    enforcement: { ...enforcement },
    optionSources: { ...optionSources },
    // The cluster's own ranges, left out of "internet" (`internet` of each exposed workload).
    clusterRanges: { podCIDRs: [...clusterRanges.podCIDRs], serviceCIDRs: [...clusterRanges.serviceCIDRs] },
  };
}
