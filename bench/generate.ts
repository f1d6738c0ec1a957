// Seeded synthetic cluster generator for benchmarks: plain Kubernetes objects in their real shapes
// (Namespaces, Nodes, Deployments with their ReplicaSets and live Pods, NetworkPolicies) and the
// same as text (a `kind: List` in JSON, as `kubectl get -o json` prints it, or multi-document YAML).
//
// The policy mix imitates what clusters run: per-namespace default deny and DNS egress to
// kube-system, app-to-app ingress on named ports, cross-namespace ingress by namespace labels,
// egress to the internet by ipBlock with private ranges excepted, port ranges with endPort, and
// selectors with matchExpressions. The same seed always gives the same cluster.

import { stringify } from 'yaml';

export interface GeneratorParams {
  pods: number;
  policies: number;
  namespaces: number;
  seed: number;
}

export interface GeneratedCluster {
  params: GeneratorParams;
  objects: KubeObject[];
  counts: Record<string, number>;
}

export type KubeObject = { apiVersion: string; kind: string; metadata: Metadata } & Record<string, unknown>;

interface Metadata {
  name: string;
  namespace?: string;
  uid: string;
  labels?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller: boolean }[];
}

// ---------------------------------------------------------------- seeded randomness

/** mulberry32: small, fast, good enough for synthetic data, and reproducible across platforms. */
function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = makeRandom(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  suffix(length: number): string {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  uid(): string {
    const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(this.next() * 16).toString(16)).join('');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  }
}

// ---------------------------------------------------------------- cluster shape

const TEAMS = ['payments', 'search', 'identity', 'platform', 'data'];
const ENVS = ['prod', 'staging', 'dev'];
const TIERS = ['frontend', 'backend', 'db', 'worker'];
const APP_WORDS = ['cart', 'checkout', 'catalog', 'auth', 'users', 'orders', 'ledger', 'search', 'index', 'mailer', 'gateway', 'reports', 'billing', 'profile', 'inventory', 'shipping', 'pricing', 'notify', 'session', 'audit'];

/** Container ports by tier: names are what policies refer to. */
const PORTS_BY_TIER: Record<string, { name: string; containerPort: number; protocol: string }[]> = {
  frontend: [
    { name: 'http', containerPort: 8080, protocol: 'TCP' },
    { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
  ],
  backend: [
    { name: 'http', containerPort: 8080, protocol: 'TCP' },
    { name: 'grpc', containerPort: 50051, protocol: 'TCP' },
    { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
  ],
  db: [
    { name: 'postgres', containerPort: 5432, protocol: 'TCP' },
    { name: 'metrics', containerPort: 9187, protocol: 'TCP' },
  ],
  worker: [
    { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
    { name: 'statsd', containerPort: 8125, protocol: 'UDP' },
  ],
};

interface AppInfo {
  namespace: string;
  name: string;
  tier: string;
  version: string;
}

interface NamespaceInfo {
  name: string;
  team: string;
  env: string;
  apps: AppInfo[];
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

function podIp(index: number): string {
  // 10.64.0.0/10 style pod network, one /24 per 250 pods, never .0 or .255.
  const block = Math.floor(index / 250);
  return `10.${64 + Math.floor(block / 256)}.${block % 256}.${(index % 250) + 2}`;
}

function namespaceObject(rng: Rng, name: string, labels: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, uid: rng.uid(), labels: { 'kubernetes.io/metadata.name': name, ...labels } },
  };
}

function nodeObjects(rng: Rng, count: number): KubeObject[] {
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: `node-${i}`,
      uid: rng.uid(),
      labels: { 'kubernetes.io/hostname': `node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 3}` },
    },
    status: { addresses: [{ type: 'InternalIP', address: `192.168.100.${(i % 250) + 2}` }] },
  }));
}

/** A Deployment, its current ReplicaSet and `replicas` running Pods. */
function workloadObjects(
  rng: Rng,
  app: AppInfo,
  replicas: number,
  firstPodIndex: number,
  nodeCount: number,
): KubeObject[] {
  const templateLabels = { app: app.name, tier: app.tier, version: app.version };
  const ports = PORTS_BY_TIER[app.tier]!;
  const containers = [{ name: app.name, image: `registry.example.com/${app.namespace}/${app.name}:${app.version}`, ports }];
  const deploymentUid = rng.uid();
  const hash = rng.suffix(10);
  const replicaSetName = `${app.name}-${hash}`;
  const replicaSetUid = rng.uid();
  const podLabels = { ...templateLabels, 'pod-template-hash': hash };
  const objects: KubeObject[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: app.name, namespace: app.namespace, uid: deploymentUid, labels: { app: app.name } },
      spec: {
        replicas,
        selector: { matchLabels: { app: app.name } },
        template: { metadata: { labels: templateLabels }, spec: { containers } },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: replicaSetName,
        namespace: app.namespace,
        uid: replicaSetUid,
        labels: podLabels,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: app.name, uid: deploymentUid, controller: true }],
      },
      spec: {
        replicas,
        selector: { matchLabels: { app: app.name, 'pod-template-hash': hash } },
        template: { metadata: { labels: podLabels }, spec: { containers } },
      },
    },
  ];
  for (let r = 0; r < replicas; r++) {
    const ip = podIp(firstPodIndex + r);
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${replicaSetName}-${rng.suffix(5)}`,
        namespace: app.namespace,
        uid: rng.uid(),
        labels: podLabels,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: replicaSetName, uid: replicaSetUid, controller: true }],
      },
      spec: { nodeName: `node-${(firstPodIndex + r) % nodeCount}`, containers },
      status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
    });
  }
  return objects;
}

// ---------------------------------------------------------------- policies

type Spec = Record<string, unknown>;

function networkPolicy(rng: Rng, namespace: string, name: string, spec: Spec): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, uid: rng.uid() },
    spec,
  };
}

const byApp = (app: AppInfo): Spec => ({ matchLabels: { app: app.name } });

/** One policy of the realistic mix, chosen by `variant`; every variant is valid Kubernetes. */
function mixedPolicy(rng: Rng, variant: number, index: number, namespaces: readonly NamespaceInfo[]): KubeObject {
  const ns = rng.pick(namespaces);
  const target = rng.pick(ns.apps);
  const name = `${target.name}-p${index}`;
  switch (variant % 6) {
    case 0: {
      // App-to-app inside the namespace, on a named port.
      const client = rng.pick(ns.apps);
      return networkPolicy(rng, ns.name, `allow-${client.name}-to-${name}`, {
        podSelector: byApp(target),
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: byApp(client) }], ports: [{ protocol: 'TCP', port: rng.pick(['http', 'grpc', 'postgres']) }] }],
      });
    }
    case 1: {
      // Cross-namespace: frontends of a team's namespaces reach this backend.
      return networkPolicy(rng, ns.name, `allow-team-${name}`, {
        podSelector: { matchLabels: { tier: target.tier } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { team: rng.pick(TEAMS) } }, podSelector: { matchLabels: { tier: 'frontend' } } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
      });
    }
    case 2: {
      // Egress to the internet on 443, private ranges excepted, plus half of a partner network.
      const partner = rng.int(0, 255);
      return networkPolicy(rng, ns.name, `egress-internet-${name}`, {
        podSelector: byApp(target),
        policyTypes: ['Egress'],
        egress: [
          { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE_RANGES } }], ports: [{ protocol: 'TCP', port: 443 }] },
          {
            to: [{ ipBlock: { cidr: `203.0.${partner}.0/24`, except: [`203.0.${partner}.128/25`] } }],
            ports: [{ protocol: 'TCP', port: 8443 }],
          },
        ],
      });
    }
    case 3: {
      // Port ranges (endPort) from prod and staging namespaces.
      return networkPolicy(rng, ns.name, `allow-range-${name}`, {
        podSelector: byApp(target),
        ingress: [
          {
            from: [{ namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'staging'] }] } }],
            ports: [
              { protocol: 'TCP', port: 30000, endPort: 32767 },
              { protocol: 'UDP', port: 5000, endPort: 5100 },
            ],
          },
        ],
      });
    }
    case 4: {
      // matchExpressions on both sides.
      return networkPolicy(rng, ns.name, `allow-expr-${name}`, {
        podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'backend'] }] },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              {
                podSelector: {
                  matchExpressions: [
                    { key: 'app', operator: 'NotIn', values: [rng.pick(ns.apps).name] },
                    { key: 'version', operator: 'Exists' },
                  ],
                },
              },
            ],
            ports: [{ port: 'http' }, { protocol: 'TCP', port: 9090 }],
          },
        ],
      });
    }
    default: {
      // Egress to an app of another namespace by its metadata.name label, and scraping by monitoring.
      const other = rng.pick(namespaces);
      const server = rng.pick(other.apps);
      return networkPolicy(rng, ns.name, `egress-${server.name}-${name}`, {
        podSelector: byApp(target),
        policyTypes: ['Egress', 'Ingress'],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': other.name } }, podSelector: byApp(server) }],
            ports: [{ protocol: 'TCP', port: 'http' }],
          },
        ],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'platform' } } }], ports: [{ port: 'metrics' }] }],
      });
    }
  }
}

function baselinePolicies(rng: Rng, namespace: string): KubeObject[] {
  return [
    networkPolicy(rng, namespace, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    networkPolicy(rng, namespace, 'allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    }),
  ];
}

function kubeSystem(rng: Rng, nodeCount: number, firstPodIndex: number): KubeObject[] {
  const objects = [namespaceObject(rng, 'kube-system', {})];
  const dnsPorts = [
    { name: 'dns', containerPort: 53, protocol: 'UDP' },
    { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
    { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
  ];
  const hash = rng.suffix(10);
  const labels = { 'k8s-app': 'kube-dns', 'pod-template-hash': hash };
  const containers = [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.1', ports: dnsPorts }];
  const deploymentUid = rng.uid();
  const rsUid = rng.uid();
  objects.push(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'coredns', namespace: 'kube-system', uid: deploymentUid, labels: { 'k8s-app': 'kube-dns' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        template: { metadata: { labels: { 'k8s-app': 'kube-dns' } }, spec: { containers } },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `coredns-${hash}`,
        namespace: 'kube-system',
        uid: rsUid,
        labels,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'coredns', uid: deploymentUid, controller: true }],
      },
      spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers } } },
    },
  );
  for (let r = 0; r < 2; r++) {
    const ip = podIp(firstPodIndex + r);
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `coredns-${hash}-${rng.suffix(5)}`,
        namespace: 'kube-system',
        uid: rng.uid(),
        labels,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `coredns-${hash}`, uid: rsUid, controller: true }],
      },
      spec: { nodeName: `node-${r % nodeCount}`, containers },
      status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
    });
  }
  return objects;
}

// ---------------------------------------------------------------- entry points

/**
 * A cluster with exactly `pods` pods (two of them CoreDNS in kube-system), `policies`
 * NetworkPolicies and `namespaces` application namespaces (plus kube-system).
 */
export function generateCluster(params: GeneratorParams): GeneratedCluster {
  const rng = new Rng(params.seed);
  const namespaceCount = Math.max(1, params.namespaces);
  const nodeCount = Math.max(1, Math.ceil(params.pods / 30));
  const appPods = Math.max(namespaceCount, params.pods - 2);

  const namespaces: NamespaceInfo[] = Array.from({ length: namespaceCount }, (_, i) => ({
    name: `${TEAMS[i % TEAMS.length]!}-${i}`,
    team: TEAMS[i % TEAMS.length]!,
    env: rng.pick(ENVS),
    apps: [],
  }));

  const objects: KubeObject[] = [...kubeSystem(rng, nodeCount, 0), ...nodeObjects(rng, nodeCount)];
  for (const ns of namespaces) objects.push(namespaceObject(rng, ns.name, { team: ns.team, env: ns.env }));

  // Deployments of 1-6 replicas, spread over namespaces round-robin until the pod budget is spent.
  let podIndex = 2;
  let remaining = appPods;
  let appIndex = 0;
  while (remaining > 0) {
    const ns = namespaces[appIndex % namespaceCount]!;
    const replicas = Math.min(remaining, rng.int(1, 6));
    const app: AppInfo = {
      namespace: ns.name,
      name: `${rng.pick(APP_WORDS)}-${ns.apps.length}`,
      tier: rng.pick(TIERS),
      version: `v${rng.int(1, 3)}`,
    };
    ns.apps.push(app);
    objects.push(...workloadObjects(rng, app, replicas, podIndex, nodeCount));
    podIndex += replicas;
    remaining -= replicas;
    appIndex++;
  }

  // Default deny + DNS per namespace first (what most clusters start with), then the mix.
  const withApps = namespaces.filter((ns) => ns.apps.length > 0);
  const policies: KubeObject[] = [];
  for (const ns of withApps) {
    for (const policy of baselinePolicies(rng, ns.name)) if (policies.length < params.policies) policies.push(policy);
  }
  for (let i = 0; policies.length < params.policies; i++) policies.push(mixedPolicy(rng, i, i, withApps));
  objects.push(...policies);

  const counts: Record<string, number> = {};
  for (const object of objects) counts[object.kind] = (counts[object.kind] ?? 0) + 1;
  return { params, objects, counts };
}

/**
 * The shape of Kano's workloads (the peer benchmark in docs/performance.md), from our own seeded
 * generator: one namespace, bare pods whose labels are `User: user0..4` plus a random subset of
 * `key0..key4` with values `value0..value9`, and NetworkPolicies that select a random label set
 * (a user and up to two keys), isolate it in both directions (`policyTypes: [Ingress, Egress]`)
 * and allow, in one random direction, a random label set of peers. No ports, no namespaces, no
 * address blocks: a pair is allowed on every port or on none.
 */
export function generateKanoShaped(params: { pods: number; policies: number; seed: number }): GeneratedCluster {
  const rng = new Rng(params.seed);
  const namespace = 'kano';
  const users = 5;
  const keys = 5;
  const values = 10;
  const labelSet = (extraKeys: number): Record<string, string> => {
    const labels: Record<string, string> = { User: `user${rng.int(0, users - 1)}` };
    for (let k = 0; k < extraKeys; k++) labels[`key${rng.int(0, keys - 1)}`] = `value${rng.int(0, values - 1)}`;
    return labels;
  };
  const objects: KubeObject[] = [namespaceObject(rng, namespace, {})];
  for (let i = 0; i < params.pods; i++) {
    const ip = `10.${1 + Math.floor(i / 62500)}.${Math.floor((i % 62500) / 250)}.${(i % 250) + 2}`;
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod${i}`, namespace, uid: rng.uid(), labels: labelSet(rng.int(0, 4)) },
      spec: { containers: [{ name: 'app', image: 'pause' }] },
      status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
    });
  }
  for (let i = 0; i < params.policies; i++) {
    const peers = [{ podSelector: { matchLabels: labelSet(rng.int(0, 2)) } }];
    const spec: Record<string, unknown> = { podSelector: { matchLabels: labelSet(rng.int(0, 2)) }, policyTypes: ['Ingress', 'Egress'] };
    if (rng.chance(0.5)) spec.ingress = [{ from: peers }];
    else spec.egress = [{ to: peers }];
    objects.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `kano-policy-${i}`, namespace, uid: rng.uid() }, spec });
  }
  const counts: Record<string, number> = {};
  for (const object of objects) counts[object.kind] = (counts[object.kind] ?? 0) + 1;
  return { params: { ...params, namespaces: 1 }, objects, counts };
}

/** `kubectl get ... -o json` shape: one `kind: List` document. */
export function toJsonList(cluster: GeneratedCluster): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: cluster.objects });
}

/**
 * The cluster as `kind: List` JSON files of at most `parts` equal shares of its objects, for
 * inputs above the parser's per-document limit (128 MB): as `kubectl get -o json` per kind would
 * give them. One file when `parts` is 1.
 */
export function toJsonLists(cluster: GeneratedCluster, parts: number): string[] {
  const size = Math.ceil(cluster.objects.length / parts);
  const lists: string[] = [];
  for (let at = 0; at < cluster.objects.length; at += size) {
    lists.push(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: cluster.objects.slice(at, at + size) }));
  }
  return lists;
}

/** Multi-document YAML, one object per document. */
export function toYaml(cluster: GeneratedCluster): string {
  return cluster.objects.map((object) => stringify(object, { aliasDuplicateObjects: false })).join('---\n');
}
