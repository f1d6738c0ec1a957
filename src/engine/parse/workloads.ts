// Pods and pod-owning workloads, decoded to what the analysis needs: labels, container ports,
// addresses, and the owner reference used to find each pod's workload.

import type { ContainerPort, Labels } from '../model.js';
import { isIpAddress } from './cidr.js';
import { fatal, warn, type Decoder } from './diagnostics.js';
import { at, child, isAbsent, isRecord, readArray, readBoolean, readRecord, readString, readStringMap, requireRecord, type JsonRecord } from './fields.js';
import { readPortNumber, readProtocol } from './ports.js';
import { invalidEnumValue } from './validation.js';

/** Container `restartPolicy` (init containers: `Always` makes a sidecar; 1.34 allows all three on containers). */
const CONTAINER_RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];

export interface OwnerRef {
  kind: string;
  name: string;
}

export interface PodShape {
  labels: Labels;
  ports: ContainerPort[];
  hostNetwork: boolean;
  nodeName?: string;
}

export interface DecodedPod extends PodShape {
  namespace: string;
  name: string;
  ips: string[];
  owner?: OwnerRef;
  /** Succeeded or Failed: the pod holds no address and takes no traffic. */
  finished: boolean;
}

export interface DecodedWorkload {
  kind: string;
  namespace: string;
  name: string;
  owner?: OwnerRef;
  template: PodShape;
}

export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
]);

/**
 * The controlling owner reference (or the first one). An owner reference without a kind names a
 * workload kind we cannot know; it is reported as a Pod-kind workload, as np-guard does.
 */
export function readOwner(metadata: JsonRecord): OwnerRef | undefined {
  // Their types are checked, with all of the metadata, in unread-fields.ts.
  const list = metadata.ownerReferences;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  let chosen = -1;
  for (let i = 0; i < list.length; i++) {
    const ref = list[i];
    if (chosen < 0 && typeof ref === 'object' && ref !== null) chosen = i;
    if (typeof ref === 'object' && ref !== null && (ref as JsonRecord).controller === true) {
      chosen = i;
      break;
    }
  }
  if (chosen < 0) return undefined;
  const ref = list[chosen] as JsonRecord;
  const name = typeof ref.name === 'string' ? ref.name : undefined;
  const kind = typeof ref.kind === 'string' ? ref.kind : undefined;
  if (!name) return undefined;
  return { kind: kind || 'Pod', name };
}

export function decodePod(d: Decoder, object: JsonRecord, metadata: JsonRecord, namespace: string, name: string, labels: Labels): DecodedPod {
  const spec = readRecord(d, object.spec, 'spec') ?? {};
  // `status` of the wrong type is reported in unread-fields.ts, for every kind.
  const status = isRecord(object.status) ? object.status : {};
  const phase = readString(d, status.phase, 'status.phase');
  const shape = readPodSpec(d, spec, 'spec', labels);
  const pod: DecodedPod = {
    labels: shape.labels,
    ports: shape.ports,
    hostNetwork: shape.hostNetwork,
    namespace,
    name,
    ips: readPodIps(d, status),
    finished: phase === 'Succeeded' || phase === 'Failed',
  };
  if (shape.nodeName !== undefined) pod.nodeName = shape.nodeName;
  const owner = readOwner(metadata);
  if (owner) pod.owner = owner;
  return pod;
}

export function decodeWorkload(d: Decoder, object: JsonRecord, metadata: JsonRecord, kind: string, namespace: string, name: string): DecodedWorkload | undefined {
  const spec = requireRecord(d, object.spec, 'spec');
  if (!spec) return undefined;
  let templateValue = spec.template;
  let templatePath = 'spec.template';
  if (kind === 'CronJob') {
    const jobTemplate = requireRecord(d, spec.jobTemplate, 'spec.jobTemplate');
    const jobSpec = jobTemplate && requireRecord(d, jobTemplate.spec, 'spec.jobTemplate.spec');
    if (!jobSpec) return undefined;
    templateValue = jobSpec.template;
    templatePath = 'spec.jobTemplate.spec.template';
  }
  const template = requireRecord(d, templateValue, templatePath);
  if (!template) return undefined;
  const templateMetadata = readRecord(d, template.metadata, child(templatePath, 'metadata')) ?? {};
  const labels = readStringMap(d, templateMetadata.labels, child(templatePath, 'metadata.labels')) ?? {};
  const podSpec = readRecord(d, template.spec, child(templatePath, 'spec')) ?? {};
  const workload: DecodedWorkload = { kind, namespace, name, template: readPodSpec(d, podSpec, child(templatePath, 'spec'), labels) };
  const owner = readOwner(metadata);
  if (owner) workload.owner = owner;
  return workload;
}

function readPodSpec(d: Decoder, spec: JsonRecord, path: string, labels: Labels): PodShape {
  const ports: ContainerPort[] = [];
  readContainerPorts(d, spec.containers, child(path, 'containers'), false, ports);
  // Restartable init containers (sidecars) run for the pod's life and serve traffic; others exit first.
  readContainerPorts(d, spec.initContainers, child(path, 'initContainers'), true, ports);
  const shape: PodShape = { labels, ports, hostNetwork: readBoolean(d, spec.hostNetwork, child(path, 'hostNetwork')) ?? false };
  const nodeName = readString(d, spec.nodeName, child(path, 'nodeName'));
  if (nodeName) shape.nodeName = nodeName;
  return shape;
}

function readContainerPorts(d: Decoder, value: unknown, path: string, sidecarsOnly: boolean, into: ContainerPort[]): void {
  const containers = readArray(d, value, path);
  if (!containers) return;
  for (let c = 0; c < containers.length; c++) {
    const containerPath = at(path, c);
    const container = readRecord(d, containers[c], containerPath);
    if (!container) continue;
    const restartPolicy = readString(d, container.restartPolicy, child(containerPath, 'restartPolicy'));
    if (restartPolicy !== undefined && !CONTAINER_RESTART_POLICIES.includes(restartPolicy)) {
      invalidEnumValue(d, 'object.field.value', child(containerPath, 'restartPolicy'), 'container restartPolicy', restartPolicy, CONTAINER_RESTART_POLICIES);
    }
    if (sidecarsOnly && restartPolicy !== 'Always') continue;
    const ports = readArray(d, container.ports, child(containerPath, 'ports'));
    if (!ports) continue;
    for (let p = 0; p < ports.length; p++) {
      const portPath = at(child(containerPath, 'ports'), p);
      const entry = readRecord(d, ports[p], portPath);
      if (!entry) continue;
      if (isAbsent(entry.containerPort)) {
        // Seen in the wild as a mis-cased `containerport`; the entry declares nothing usable.
        warn(d, 'container.port.missing', child(portPath, 'containerPort'), 'container port entry without containerPort is ignored');
        continue;
      }
      const port = readPortNumber(d, entry.containerPort, child(portPath, 'containerPort'));
      const protocol = readProtocol(d, entry.protocol, child(portPath, 'protocol'));
      const name = readString(d, entry.name, child(portPath, 'name'));
      if (port === undefined || protocol === undefined) continue;
      const hostPort = isAbsent(entry.hostPort) ? undefined : readPortNumber(d, entry.hostPort, child(portPath, 'hostPort'));
      // Built field by field: object spreads here made this loop the parser's slowest (10k pods).
      const containerPort: ContainerPort = name ? { name, port, protocol } : { port, protocol };
      if (hostPort !== undefined) containerPort.hostPort = hostPort;
      into.push(containerPort);
    }
  }
}

function readPodIps(d: Decoder, status: JsonRecord): string[] {
  const ips: string[] = [];
  const add = (value: unknown, path: string): void => {
    const ip = readString(d, value, path);
    if (ip === undefined || ip === '' || ips.includes(ip)) return;
    if (isIpAddress(ip)) ips.push(ip);
    else fatal(d, 'ip.invalid', path, `invalid IP address ${JSON.stringify(ip)}`);
  };
  const podIps = readArray(d, status.podIPs, 'status.podIPs') ?? [];
  for (let i = 0; i < podIps.length; i++) {
    const entry = readRecord(d, podIps[i], at('status.podIPs', i));
    if (entry) add(entry.ip, child(at('status.podIPs', i), 'ip'));
  }
  if (ips.length === 0) add(status.podIP, 'status.podIP');
  return ips;
}
