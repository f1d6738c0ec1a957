// The cluster's own pod and service address ranges, read from the snapshot: they hold no public
// address (exposure to "the internet" leaves them out). Only ranges the cluster declares are read,
// never guessed from single addresses (a Service's clusterIP is one address of an unknown range).

import type { SnapshotModel, SystemObjectModel } from '../model.js';
import { IpSet, parseCidr } from '../sets/ip-set.js';

export interface DetectedRanges {
  podCIDRs: string[];
  serviceCIDRs: string[];
}

/** `--flag=a,b` or `--flag a,b` in a container's command and args. */
function flagValues(args: readonly string[], flag: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith(`${flag}=`)) out.push(...arg.slice(flag.length + 1).split(','));
    else if (arg === flag && i + 1 < args.length) out.push(...args[i + 1]!.split(','));
  }
  return out;
}

/** The control plane's static pods (or their Deployments) in kube-system, by component name. */
function isComponent(object: SystemObjectModel, component: string): boolean {
  if (object.namespace !== 'kube-system' || (object.kind !== 'Pod' && object.kind !== 'Deployment' && object.kind !== 'DaemonSet')) return false;
  return object.labels.component === component || object.name === component || object.name.startsWith(`${component}-`);
}

function fromComponents(objects: readonly SystemObjectModel[], components: readonly string[], flag: string): string[] {
  const values: string[] = [];
  for (const object of objects) {
    if (!components.some((c) => isComponent(object, c))) continue;
    for (const container of object.containers) values.push(...flagValues(container.args, flag));
  }
  return values;
}

/** Canonical, valid, distinct CIDRs (a malformed flag value is left out). */
export function canonicalCidrs(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of texts) {
    const trimmed = text.trim();
    if (!trimmed.includes('/')) continue;
    const parsed = parseCidr(trimmed);
    if ('error' in parsed) continue;
    for (const cidr of IpSet.fromIntervals([parsed]).toCidrs()) if (!out.includes(cidr)) out.push(cidr);
  }
  return out;
}

/**
 * Pod ranges: the controller manager's `--cluster-cidr`, else the Nodes' `spec.podCIDRs`. Service
 * ranges: `--service-cluster-ip-range` of the API server or the controller manager.
 */
export function detectClusterRanges(snapshot: SnapshotModel): DetectedRanges {
  const objects = snapshot.systemObjects ?? [];
  let podCIDRs = canonicalCidrs(fromComponents(objects, ['kube-controller-manager'], '--cluster-cidr'));
  if (podCIDRs.length === 0) podCIDRs = canonicalCidrs(snapshot.nodes.flatMap((n) => n.podCIDRs ?? []));
  const serviceCIDRs = canonicalCidrs(fromComponents(objects, ['kube-apiserver', 'kube-controller-manager'], '--service-cluster-ip-range'));
  return { podCIDRs, serviceCIDRs };
}
