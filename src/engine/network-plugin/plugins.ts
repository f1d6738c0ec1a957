// The network plugins the detection recognises, as data: how each shows itself in a snapshot
// (DaemonSet / Deployment names, labels, images, ConfigMaps in the namespaces where plugins run),
// whether it enforces NetworkPolicy, and the analysis options it implies where that is known.
// Every row says where its answers come from (docs/engine-design.md "Network plugin").

import type { AnalysisOptions, SystemObjectModel } from '../model.js';

/** Namespaces whose DaemonSets, Deployments, Pods and ConfigMaps the parser keeps for detection. */
export const NETWORK_PLUGIN_NAMESPACES: readonly string[] = [
  'kube-system',
  'kube-flannel',
  'calico-system',
  'tigera-operator',
  'cilium',
  'antrea-system',
  'openshift-sdn',
  'openshift-ovn-kubernetes',
  'ovn-kubernetes',
  'kube-ovn',
];

/** Kinds the detection reads in those namespaces. */
export const SYSTEM_OBJECT_KINDS: readonly string[] = ['DaemonSet', 'Deployment', 'Pod', 'ConfigMap'];

/** A verdict on enforcement that depends on what was found (versions, flags); `matched` explains it. */
export interface EnforcementFinding {
  enforces: boolean;
  reason: string;
  matched?: { object: SystemObjectModel; matched: string };
}

export interface NetworkPluginRow {
  /** Stable id reported as `cni.plugin`. */
  id: string;
  /** DaemonSet (or Deployment) names; a Pod matches `name-xxxxx` (a DaemonSet's pod name). */
  workloads: readonly string[];
  /** Label key=value pairs on the DaemonSet or its pods. */
  labels: readonly string[];
  /** Image repositories, matched against the image without registry and tag (`calico/node`). */
  images: readonly string[];
  configMaps: readonly string[];
  enforces: boolean;
  /** Why `enforces` (documentation or behaviour the row relies on). */
  enforcesSource: string;
  /** Overrides `enforces` from what was found (a version, a flag). */
  refine?: (objects: readonly SystemObjectModel[]) => EnforcementFinding | undefined;
  /** Option defaults this plugin implies; options left out keep `DEFAULT_OPTIONS`. */
  options: Partial<AnalysisOptions>;
  optionsSource: string;
}

/** Image path without registry, tag or digest: `docker.io/calico/node:v3.27.0` → `calico/node`. */
export function imageRepository(image: string): string {
  let path = image.split('@', 1)[0];
  const lastSlash = path.lastIndexOf('/');
  const colon = path.lastIndexOf(':');
  if (colon > lastSlash) path = path.slice(0, colon);
  const parts = path.split('/');
  // A first part with a dot or a port, or `localhost`, is a registry host.
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) parts.shift();
  return parts.join('/');
}

function imageTag(image: string): string | undefined {
  const path = image.split('@', 1)[0];
  const colon = path.lastIndexOf(':');
  return colon > path.lastIndexOf('/') ? path.slice(colon + 1) : undefined;
}

/**
 * kindnet: kind v0.24.0 (kindnetd image `v20240813-…`) and aojea/kindnet v1.3.0 bundle
 * kube-network-policies and enforce NetworkPolicy; earlier kindnetd enforced nothing. A separate
 * `kube-network-policies` DaemonSet enforces too. An unknown tag is read as the older kindnet.
 */
function kindnetEnforcement(objects: readonly SystemObjectModel[]): EnforcementFinding | undefined {
  const separate = objects.find((o) => o.kind !== 'ConfigMap' && (o.name === 'kube-network-policies' || o.name.startsWith('kube-network-policies-')));
  if (separate) return { enforces: true, reason: 'kube-network-policies runs beside kindnet and enforces NetworkPolicy', matched: { object: separate, matched: 'name' } };
  for (const object of objects) {
    for (const container of object.containers) {
      const repository = imageRepository(container.image);
      const tag = imageTag(container.image) ?? '';
      if (repository.endsWith('kindnetd')) {
        const date = /^v(\d{8})-/.exec(tag);
        if (date && date[1] >= '20240813') {
          return { enforces: true, reason: 'kindnetd from kind v0.24.0 (image v20240813 or later) enforces NetworkPolicy (kube-network-policies)', matched: { object, matched: `image ${container.image}` } };
        }
      }
      if (repository.endsWith('aojea/kindnet')) {
        const version = /^v(\d+)\.(\d+)/.exec(tag);
        if (version && (Number(version[1]) > 1 || (Number(version[1]) === 1 && Number(version[2]) >= 3))) {
          return { enforces: true, reason: 'kindnet v1.3.0 and later enforces NetworkPolicy', matched: { object, matched: `image ${container.image}` } };
        }
      }
    }
  }
  return undefined;
}

/**
 * AWS VPC CNI: policies are enforced only by its network policy agent (container
 * `aws-eks-nodeagent` in aws-node) started with `--enable-network-policy=true`.
 */
function awsEnforcement(objects: readonly SystemObjectModel[]): EnforcementFinding | undefined {
  for (const object of objects) {
    for (const container of object.containers) {
      if (container.name !== 'aws-eks-nodeagent' && !imageRepository(container.image).endsWith('aws-network-policy-agent')) continue;
      const flag = container.args.find((a) => a.startsWith('--enable-network-policy'));
      if (flag === '--enable-network-policy=true' || flag === '--enable-network-policy') {
        return { enforces: true, reason: 'the AWS network policy agent runs with --enable-network-policy=true', matched: { object, matched: `container ${container.name} ${flag}` } };
      }
      return {
        enforces: false,
        reason: `the AWS network policy agent runs ${flag === undefined ? 'without --enable-network-policy (default false)' : `with ${flag}`}: policies are not enforced`,
        matched: { object, matched: `container ${container.name} ${flag ?? '(no --enable-network-policy)'}` },
      };
    }
  }
  return undefined;
}

const CALICO_IPBLOCK = 'Calico applies ipBlock to pod IPs too (as the Kubernetes netpol e2e suite expects)';

/** In table order; when several plugins are found, the first enforcing one decides. */
export const NETWORK_PLUGINS: readonly NetworkPluginRow[] = [
  {
    id: 'canal',
    workloads: ['canal'],
    labels: ['k8s-app=canal'],
    images: [],
    configMaps: ['canal-config'],
    enforces: true,
    enforcesSource: 'Canal = flannel networking + Calico (Felix) policy enforcement',
    options: { ipBlockMatchesPods: true },
    optionsSource: CALICO_IPBLOCK,
  },
  {
    id: 'calico',
    workloads: ['calico-node'],
    labels: ['k8s-app=calico-node'],
    images: ['calico/node', 'tigera/cnx-node'],
    configMaps: ['calico-config'],
    enforces: true,
    enforcesSource: 'Calico (Felix) enforces NetworkPolicy',
    options: { ipBlockMatchesPods: true },
    optionsSource: CALICO_IPBLOCK,
  },
  {
    id: 'cilium',
    workloads: ['cilium', 'anetd'],
    labels: ['k8s-app=cilium'],
    images: ['cilium/cilium'],
    configMaps: ['cilium-config'],
    enforces: true,
    enforcesSource: 'Cilium enforces NetworkPolicy (GKE Dataplane V2 runs it as anetd)',
    options: { ipBlockMatchesPods: false },
    optionsSource: 'Cilium: CIDR (ipBlock) rules do not select endpoints Cilium manages, so pod IPs are not matched',
  },
  {
    id: 'antrea',
    workloads: ['antrea-agent'],
    labels: ['component=antrea-agent'],
    images: ['antrea/antrea-agent-ubuntu', 'antrea/antrea-ubuntu', 'antrea/antrea-agent'],
    configMaps: ['antrea-config'],
    enforces: true,
    enforcesSource: 'the Antrea agent enforces NetworkPolicy (and Antrea-native policies, not read)',
    options: {},
    optionsSource: 'ipBlock on pod IPs and admin networks: not established; defaults kept',
  },
  {
    id: 'weave-net',
    workloads: ['weave-net'],
    labels: ['name=weave-net'],
    images: ['weaveworks/weave-kube', 'weaveworks/weave-npc'],
    configMaps: [],
    enforces: true,
    enforcesSource: 'Weave Net enforces NetworkPolicy with its weave-npc container',
    options: {},
    optionsSource: 'not established; defaults kept',
  },
  {
    id: 'kube-router',
    workloads: ['kube-router'],
    labels: ['k8s-app=kube-router'],
    images: ['cloudnativelabs/kube-router'],
    configMaps: ['kube-router-cfg'],
    enforces: true,
    enforcesSource: 'kube-router runs its network policy firewall by default (--run-firewall=true)',
    options: {},
    optionsSource: 'not established; defaults kept',
  },
  {
    id: 'azure-npm',
    workloads: ['azure-npm', 'azure-npm-win'],
    labels: ['k8s-app=azure-npm'],
    images: ['containernetworking/azure-npm'],
    configMaps: ['azure-npm-config'],
    enforces: true,
    enforcesSource: 'Azure Network Policy Manager enforces NetworkPolicy',
    options: {},
    optionsSource: 'not established; defaults kept',
  },
  {
    id: 'ovn-kubernetes',
    workloads: ['ovnkube-node'],
    labels: ['app=ovnkube-node'],
    images: ['ovn-org/ovn-kubernetes/ovn-kube-ubuntu', 'ovn-kubernetes/ovn-kube-ubuntu', 'ovn-kube-fedora'],
    configMaps: ['ovnkube-config'],
    enforces: true,
    enforcesSource: 'OVN-Kubernetes enforces NetworkPolicy and AdminNetworkPolicy',
    options: {},
    optionsSource: 'not established; defaults kept',
  },
  {
    id: 'kube-ovn',
    workloads: ['kube-ovn-cni'],
    labels: ['app=kube-ovn-cni'],
    images: ['kubeovn/kube-ovn'],
    configMaps: ['ovn-config'],
    enforces: true,
    enforcesSource: 'Kube-OVN enforces NetworkPolicy',
    options: {},
    optionsSource: 'not established; defaults kept',
  },
  {
    id: 'openshift-sdn',
    workloads: ['sdn'],
    labels: ['app=sdn'],
    images: [],
    configMaps: [],
    enforces: true,
    enforcesSource: 'OpenShift SDN (NetworkPolicy mode, the default) enforces NetworkPolicy',
    options: {},
    optionsSource: 'not established; defaults kept',
  },
  {
    id: 'aws-vpc-cni',
    workloads: ['aws-node'],
    labels: ['k8s-app=aws-node'],
    images: ['amazon-k8s-cni', 'amazon/amazon-k8s-cni'],
    configMaps: ['amazon-vpc-cni'],
    enforces: false,
    enforcesSource: 'the AWS VPC CNI alone enforces nothing; its network policy agent must be enabled',
    refine: awsEnforcement,
    options: {},
    optionsSource: 'not established; defaults kept',
  },
  {
    id: 'kindnet',
    workloads: ['kindnet'],
    labels: ['app=kindnet'],
    images: ['kindest/kindnetd', 'aojea/kindnet'],
    configMaps: [],
    enforces: false,
    enforcesSource: 'kindnet before kind v0.24.0 (kindnetd v20240813) enforces no NetworkPolicy',
    refine: kindnetEnforcement,
    options: {},
    optionsSource: 'nothing enforced: no option applies',
  },
  {
    id: 'flannel',
    workloads: ['kube-flannel-ds', 'kube-flannel'],
    labels: ['app=flannel'],
    images: ['flannel/flannel', 'coreos/flannel', 'flannel-io/flannel'],
    configMaps: ['kube-flannel-cfg'],
    enforces: false,
    enforcesSource: 'flannel provides networking only and enforces no NetworkPolicy',
    options: {},
    optionsSource: 'nothing enforced: no option applies',
  },
];
