import { readFileSync } from 'node:fs';
import { analyze, connectivity, parseDocuments, snapshotMetrics, summarizeAnalysis, METRICS } from '../../../src/engine/index.js';

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
