import { analyze, connectivity, exposureReport, internetExposure, parseDocuments, type AnalysisRequest } from '../../../src/engine/index.js';

// "Internet" leaves out the cluster's own pod and service ranges, given or detected from the
// snapshot (controller manager --cluster-cidr, else Nodes' spec.podCIDRs; API server or controller
// manager --service-cluster-ip-range). Pod range 11.0.0.0/16 and service range 12.0.0.0/24 are
// public blocks on purpose: only the cluster's ranges make them "not internet".

const WEB = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: nginx}]}
`;

function policy(cidr: string): string {
  return `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-block, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{ipBlock: {cidr: "${cidr}"}}], ports: [{port: 80}]}]
`;
}

const CONTROL_PLANE = `---
apiVersion: v1
kind: Pod
metadata: {name: kube-controller-manager-cp1, namespace: kube-system, labels: {component: kube-controller-manager}}
spec: {containers: [{name: kube-controller-manager, image: registry.k8s.io/kube-controller-manager:v1.30.0, command: [kube-controller-manager, --cluster-cidr=11.0.0.0/16, "--service-cluster-ip-range=12.0.0.0/24"]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver-cp1, namespace: kube-system, labels: {component: kube-apiserver}}
spec: {containers: [{name: kube-apiserver, image: registry.k8s.io/kube-apiserver:v1.30.0, command: [kube-apiserver, --service-cluster-ip-range, 12.0.0.0/24]}]}
`;

const NODE = `---
apiVersion: v1
kind: Node
metadata: {name: n1}
spec: {podCIDR: 11.0.3.0/24, podCIDRs: [11.0.3.0/24, "fd00:10:244:3::/64"]}
`;

function internet(yaml: string, request: AnalysisRequest = {}) {
  const analysis = analyze(parseDocuments([{ name: 'in.yaml', content: yaml }]).snapshot, request);
  // The control plane's own pods are left open here: only the shop's web pod is asked about.
  const exposed = internetExposure(connectivity(analysis, 'workload', 's')).filter((e) => 'namespace' in e.endpoint && e.endpoint.namespace === 'shop');
  return { analysis, exposed };
}

describe('cluster pod and service ranges are not the internet', () => {
  it('an ipBlock of exactly the detected pod range is not internet exposure; without the control plane it is', () => {
    expect(internet(WEB + policy('11.0.0.0/16') + CONTROL_PLANE).exposed).toEqual([]);
    expect(internet(WEB + policy('11.0.0.0/16')).exposed.map((e) => e.cidrs)).toEqual([['11.0.0.0/16']]);
  });

  it('the service range is left out too; a block one bit wider than the pod range is still exposed through its public half', () => {
    expect(internet(WEB + policy('12.0.0.0/24') + CONTROL_PLANE).exposed).toEqual([]);
    expect(internet(WEB + policy('11.0.0.0/15') + CONTROL_PLANE).exposed.map((e) => e.cidrs)).toEqual([['11.1.0.0/16']]);
  });

  it('0.0.0.0/0 stays internet exposure, less the cluster\'s ranges', () => {
    const { exposed } = internet(WEB + policy('0.0.0.0/0') + CONTROL_PLANE);
    expect(exposed).toHaveLength(1);
    expect(exposed[0]!.cidrs).toContain('8.0.0.0/7');
    expect(exposed[0]!.cidrs.some((c) => c.startsWith('11.0.') || c.startsWith('12.0.0.'))).toBe(false);
  });

  it('ranges and their sources: detected from the control plane, else the Nodes; given ones win', () => {
    const cp = internet(WEB + CONTROL_PLANE).analysis.network;
    expect(cp.clusterRanges).toEqual({ podCIDRs: ['11.0.0.0/16'], serviceCIDRs: ['12.0.0.0/24'] });
    expect(cp.optionSources).toMatchObject({ podCIDRs: 'detected', serviceCIDRs: 'detected' });
    const nodes = internet(WEB + NODE).analysis.network;
    expect(nodes.clusterRanges).toEqual({ podCIDRs: ['11.0.3.0/24', 'fd00:10:244:3::/64'], serviceCIDRs: [] });
    expect(nodes.optionSources).toMatchObject({ podCIDRs: 'detected', serviceCIDRs: 'default' });
    const given = internet(WEB + policy('13.0.0.0/16') + CONTROL_PLANE, { podCIDRs: ['13.0.0.0/16'], givenBy: { podCIDRs: 'cluster' } });
    expect(given.analysis.network.clusterRanges.podCIDRs).toEqual(['13.0.0.0/16']);
    expect(given.analysis.network.optionSources).toMatchObject({ podCIDRs: 'cluster', serviceCIDRs: 'detected' });
    expect(given.exposed).toEqual([]);
  });

  it('the exposure report says `internet: false` for a workload reachable only from the cluster\'s ranges, and carries the ranges', () => {
    const analysis = analyze(parseDocuments([{ name: 'in.yaml', content: WEB + policy('11.0.0.0/16') + CONTROL_PLANE }]).snapshot);
    const report = exposureReport(analysis);
    expect(report.exposed.filter((e) => 'namespace' in e.endpoint && e.endpoint.namespace === 'shop').map((e) => ({ workload: e.endpoint, internet: e.internet }))).toEqual([{ workload: { kind: 'Pod', namespace: 'shop', name: 'web' }, internet: false }]);
    expect(report.clusterRanges).toEqual({ podCIDRs: ['11.0.0.0/16'], serviceCIDRs: ['12.0.0.0/24'] });
  });
});
