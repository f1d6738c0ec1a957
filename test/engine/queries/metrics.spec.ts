import { readFileSync } from 'node:fs';
import { analyze, connectivity, internetAddresses, internetExposure, parseDocuments, snapshotMetrics, summarizeAnalysis, METRICS } from '../../../src/engine/index.js';

// Two live pods of a Deployment (replicas 2), a StatefulSet with replicas 3 and no live pod, and
// a bare pod: 3 pods observed, 4 modelled (one representative for the StatefulSet), 3 workloads.
const MANIFESTS = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web, ports: [{containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web-1, namespace: shop, ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u1}]}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-1-a, namespace: shop, labels: {app: web}, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: u2}]}
spec: {containers: [{name: web, image: web}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: web-1-b, namespace: shop, labels: {app: web}, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: u2}]}
spec: {containers: [{name: web, image: web}]}
status: {podIP: 10.0.0.2}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  replicas: 3
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: db}]}
---
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: shop, labels: {app: debug}}
spec: {containers: [{name: debug, image: busybox}]}
status: {podIP: 10.0.0.9}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
`;

function metricsOf(yaml: string) {
  const parsed = parseDocuments([{ name: 'shop.yaml', content: yaml }]);
  expect(parsed.fatal).toBe(false);
  const analysis = analyze(parsed.snapshot);
  return snapshotMetrics(summarizeAnalysis(analysis), connectivity(analysis, 'workload', 's'));
}

describe('snapshot metrics', () => {
  const m = metricsOf(MANIFESTS);

  it('counts live pods and modelled pods apart (a workload without live pods adds one representative)', () => {
    expect(m.pods_observed).toBe(3);
    expect(m.pods_modelled).toBe(4);
    expect(m.workloads).toBe(3);
    expect(m.namespaces).toBe(1);
    expect(m.policies).toBe(1);
  });

  it('shares isolation over modelled pods', () => {
    expect(m.ingress_isolated_pod_share).toBeCloseTo(1 / 4);
    expect(m.egress_isolated_pod_share).toBe(0);
  });

  it('counts allowed workload pairs and exposed workloads from the workload connectivity', () => {
    // web and debug reach each other, db (egress open) reaches both, only web reaches db.
    expect(m.allowed_workload_pairs).toBe(5);
    // Only db limits ingress: web and debug are reachable from outside.
    expect(m.workloads_reachable_from_outside).toBe(2);
  });

  it('names every metric it computes in the catalogue, with what it counts', () => {
    for (const name of Object.keys(m)) expect(METRICS).toHaveProperty(name);
    for (const description of Object.values(METRICS)) expect(description.length).toBeGreaterThan(10);
  });

  it('is listed, metric by metric, in the README table', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const name of Object.keys(METRICS)) expect(readme).toContain(`| \`${name}\` |`);
  });
});

// api in namespace a (ingress denied), db and cache in b. db takes 5432 from 10.0.0.0/8 and
// anything from every namespace; cache takes 6379 and 7000-7005 from 0.0.0.0/0.
function twoNamespaces(dbBlock: string): string {
  const deployment = (ns: string, app: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: ${app}}}
  template: {metadata: {labels: {app: ${app}}}, spec: {containers: [{name: c, image: i}]}}
---`;
  return `${deployment('a', 'api')}${deployment('b', 'db')}${deployment('b', 'cache')}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: a}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: b}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - {from: [{ipBlock: {cidr: ${dbBlock}}}], ports: [{port: 5432}]}
  - {from: [{namespaceSelector: {}}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: cache, namespace: b}
spec:
  podSelector: {matchLabels: {app: cache}}
  ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: 6379}, {port: 7000, endPort: 7005}]}]
`;
}

describe('risk metrics', () => {
  it('counts workloads and port ranges reachable from a public address, not from private blocks only', () => {
    const m = metricsOf(twoNamespaces('10.0.0.0/8'));
    // db is reached from 10.0.0.0/8 only; cache from 0.0.0.0/0 on TCP 6379 and TCP 7000-7005.
    expect(m.internet_exposed_workloads).toBe(1);
    expect(m.internet_exposed_ports).toBe(2);
  });

  it('counts allowed pairs across namespaces apart from all pairs', () => {
    const m = metricsOf(twoNamespaces('10.0.0.0/8'));
    // api -> db crosses namespaces; cache -> db does not; nothing reaches api or cache from a pod.
    expect(m.allowed_workload_pairs).toBe(2);
    expect(m.cross_namespace_workload_pairs).toBe(1);
  });

  it('moves when a database is opened to the internet, though the allowed pairs do not', () => {
    const before = metricsOf(twoNamespaces('10.0.0.0/8'));
    const after = metricsOf(twoNamespaces('0.0.0.0/0'));
    expect(after.allowed_workload_pairs).toBe(before.allowed_workload_pairs);
    expect(after.internet_exposed_workloads).toBe(2);
    expect(after.internet_exposed_ports).toBe(3);
  });

  it('counts all ports of a workload open to everything as one range per protocol', () => {
    // In the shop manifests web and debug take anything from anywhere: TCP, UDP and SCTP each.
    expect(m0().internet_exposed_workloads).toBe(2);
    expect(m0().internet_exposed_ports).toBe(6);
  });

  it('names the public part of the blocks that reach an exposed workload', () => {
    const parsed = parseDocuments([{ name: 'x.yaml', content: twoNamespaces('0.0.0.0/0') }]);
    const exposed = internetExposure(connectivity(analyze(parsed.snapshot), 'workload', 's'));
    expect(exposed.map((e) => `${e.endpoint.kind}/${'name' in e.endpoint ? e.endpoint.name : ''}`)).toEqual(['Deployment/cache', 'Deployment/db']);
    expect(exposed[1]!.cidrs).not.toContain('10.0.0.0/8');
    expect(exposed[1]!.ports).toEqual([{ protocol: 'TCP', from: 5432, to: 5432 }]);
  });

  it('treats private, shared, loopback and link-local blocks as not the internet', () => {
    for (const cidr of ['10.1.0.0/16', '172.20.0.0/16', '192.168.1.0/24', '100.64.0.0/10', '127.0.0.1/32', '169.254.0.0/16', 'fd00::/8', 'fe80::/64', '::1/128']) {
      expect(internetAddresses([cidr]).isEmpty()).toBe(true);
    }
    expect(internetAddresses(['203.0.113.0/24']).toCidrs()).toEqual(['203.0.113.0/24']);
    expect(internetAddresses(['2001:db8::/32']).isEmpty()).toBe(false);
    expect(internetAddresses(['10.0.0.0/7']).toCidrs()).toEqual(['11.0.0.0/8']);
  });
});

function m0() {
  return metricsOf(MANIFESTS);
}
