// Network-plugin detection from parsed manifests: each plugin recognised with its evidence, look-alikes
// not taken for plugins, and the effect of the plugin on enforcement and option defaults.

import { analyze, connectivity, detectNetworkPlugin, explain, NETWORK_PLUGINS, parseDocuments, type Explanation, type ParseResult } from '../../../src/engine/index.js';

type Container = { name: string; image: string; args?: string[] };

function daemonSet(name: string, containers: Container[], options: { namespace?: string; labels?: Record<string, string> } = {}) {
  const labels = options.labels ?? { 'k8s-app': `x-${name}` };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: options.namespace ?? 'kube-system', labels },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { hostNetwork: true, containers } },
    },
  };
}

function configMap(name: string, namespace = 'kube-system') {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { 'cni_network_config': '{"secret": "not kept"}' } };
}

const appPods = [
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'app', labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', namespace: 'app', labels: { app: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] } },
];

const denyAll = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'deny-all', namespace: 'app' },
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
};

function parse(...objects: unknown[]): ParseResult {
  const result = parseDocuments([{ name: 'input.json', content: JSON.stringify(objects) }]);
  expect(result.diagnostics.filter((d) => d.severity === 'fatal')).toEqual([]);
  return result;
}

function detect(...objects: unknown[]) {
  return detectNetworkPlugin(parse(...objects).snapshot);
}

describe('detectNetworkPlugin: each plugin from its objects', () => {
  const cases: Array<{ plugin: string; enforces: boolean; objects: unknown[]; matched: string }> = [
    { plugin: 'flannel', enforces: false, objects: [daemonSet('kube-flannel-ds', [{ name: 'kube-flannel', image: 'docker.io/flannel/flannel:v0.25.1' }], { namespace: 'kube-flannel' })], matched: 'name' },
    { plugin: 'kindnet', enforces: false, objects: [daemonSet('kindnet', [{ name: 'kindnet-cni', image: 'docker.io/kindest/kindnetd:v20230511-dc714da8' }])], matched: 'name' },
    { plugin: 'calico', enforces: true, objects: [daemonSet('calico-node', [{ name: 'calico-node', image: 'docker.io/calico/node:v3.27.0' }])], matched: 'name' },
    { plugin: 'calico', enforces: true, objects: [daemonSet('node-agent', [{ name: 'node', image: 'quay.io/calico/node:v3.28.1' }], { namespace: 'calico-system' })], matched: 'image quay.io/calico/node:v3.28.1' },
    { plugin: 'cilium', enforces: true, objects: [daemonSet('cilium', [{ name: 'cilium-agent', image: 'quay.io/cilium/cilium:v1.15.1@sha256:abc' }])], matched: 'name' },
    { plugin: 'cilium', enforces: true, objects: [configMap('cilium-config')], matched: 'name' },
    { plugin: 'antrea', enforces: true, objects: [daemonSet('agent', [{ name: 'antrea-agent', image: 'antrea/antrea-agent-ubuntu:v2.0.0' }], { labels: { component: 'antrea-agent' } })], matched: 'label component=antrea-agent' },
    { plugin: 'weave-net', enforces: true, objects: [daemonSet('weave-net', [{ name: 'weave', image: 'weaveworks/weave-kube:2.8.1' }, { name: 'weave-npc', image: 'weaveworks/weave-npc:2.8.1' }])], matched: 'name' },
    { plugin: 'kube-router', enforces: true, objects: [daemonSet('kube-router', [{ name: 'kube-router', image: 'docker.io/cloudnativelabs/kube-router:v2.1.0' }])], matched: 'name' },
    { plugin: 'azure-npm', enforces: true, objects: [daemonSet('azure-npm', [{ name: 'azure-npm', image: 'mcr.microsoft.com/containernetworking/azure-npm:v1.5.0' }])], matched: 'name' },
    { plugin: 'aws-vpc-cni', enforces: false, objects: [daemonSet('aws-node', [{ name: 'aws-node', image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.12.0' }])], matched: 'name' },
    { plugin: 'ovn-kubernetes', enforces: true, objects: [daemonSet('ovnkube-node', [{ name: 'ovnkube-controller', image: 'ghcr.io/ovn-org/ovn-kubernetes/ovn-kube-ubuntu:master' }], { namespace: 'ovn-kubernetes' })], matched: 'name' },
  ];

  it.each(cases)('$plugin from $matched (enforces: $enforces)', ({ plugin, enforces, objects, matched }) => {
    const report = detect(...objects, ...appPods);
    expect(report.plugin).toBe(plugin);
    expect(report.enforcesNetworkPolicy).toBe(enforces);
    expect(report.evidence[0].matched).toBe(matched);
    expect(report.reason).toBe(NETWORK_PLUGINS.find((r) => r.id === plugin)!.enforcesSource);
  });

  it('a DaemonSet pod is evidence by its name; the plugin is also found from pods alone', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'calico-node-x7k2p', namespace: 'kube-system' }, spec: { containers: [{ name: 'c', image: 'registry.local:5000/mirror/calico/node:v3' }] } };
    const report = detect(pod);
    expect(report.plugin).toBe('calico');
    expect(report.evidence).toEqual([{ kind: 'Pod', namespace: 'kube-system', name: 'calico-node-x7k2p', matched: 'name' }]);
  });
});

describe('detectNetworkPlugin: versions and flags that decide enforcement', () => {
  it('kindnetd from kind v0.24.0 (image v20240813 and later) enforces policies', () => {
    const report = detect(daemonSet('kindnet', [{ name: 'kindnet-cni', image: 'docker.io/kindest/kindnetd:v20240813-c6f155d6' }]));
    expect(report).toMatchObject({ plugin: 'kindnet', enforcesNetworkPolicy: true });
    expect(report.evidence.map((e) => e.matched)).toEqual(['name', 'image docker.io/kindest/kindnetd:v20240813-c6f155d6']);
  });

  it('the AWS VPC CNI enforces only when its network policy agent runs with --enable-network-policy=true', () => {
    const node = (flag: string | undefined) =>
      daemonSet('aws-node', [
        { name: 'aws-node', image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.0' },
        { name: 'aws-eks-nodeagent', image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon/aws-network-policy-agent:v1.1.0', args: flag === undefined ? [] : ['--enable-ipv6=false', flag] },
      ]);
    const on = detect(node('--enable-network-policy=true'));
    expect(on).toMatchObject({ plugin: 'aws-vpc-cni', enforcesNetworkPolicy: true });
    expect(on.evidence).toContainEqual({ kind: 'DaemonSet', namespace: 'kube-system', name: 'aws-node', matched: 'container aws-eks-nodeagent --enable-network-policy=true' });
    expect(detect(node('--enable-network-policy=false'))).toMatchObject({ plugin: 'aws-vpc-cni', enforcesNetworkPolicy: false });
    const absent = detect(node(undefined));
    expect(absent).toMatchObject({ plugin: 'aws-vpc-cni', enforcesNetworkPolicy: false });
    expect(absent.reason).toMatch(/without --enable-network-policy/);
  });

  it('with several plugins (AWS VPC CNI chained with Calico), the enforcing one decides and all are listed', () => {
    const report = detect(
      daemonSet('aws-node', [{ name: 'aws-node', image: 'amazon-k8s-cni:v1.12.0' }]),
      daemonSet('calico-node', [{ name: 'calico-node', image: 'calico/node:v3.27.0' }], { namespace: 'calico-system' }),
    );
    expect(report.plugin).toBe('calico');
    expect(report.detected.map((d) => [d.plugin, d.enforcesNetworkPolicy])).toEqual([
      ['calico', true],
      ['aws-vpc-cni', false],
    ]);
  });
});

describe('detectNetworkPlugin: look-alikes are not plugins', () => {
  it('plugin names outside the plugins\' namespaces are not evidence', () => {
    const report = detect(daemonSet('calico-node', [{ name: 'x', image: 'calico/node:v3' }], { namespace: 'app' }), configMap('cilium-config', 'default'));
    expect(report).toEqual({ plugin: null, enforcesNetworkPolicy: null, reason: 'no known network plugin found in the snapshot', evidence: [], detected: [] });
  });

  it('near names and images do not match: a cilium-operator pod, a "flannel-exporter" DaemonSet, a calico/kube-controllers image', () => {
    const operatorPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'cilium-operator-6f9c8d7b4-abcde', namespace: 'kube-system' }, spec: { containers: [{ name: 'op', image: 'quay.io/cilium/operator-generic:v1.15' }] } };
    const report = detect(
      operatorPod,
      daemonSet('flannel-exporter', [{ name: 'e', image: 'example/flannel-exporter:1' }]),
      daemonSet('kube-controllers', [{ name: 'k', image: 'calico/kube-controllers:v3.27.0' }]),
    );
    expect(report.plugin).toBeNull();
    expect(report.detected).toEqual([]);
  });

  it('ConfigMaps outside the plugins\' namespaces stay a skipped kind; those inside are kept without their data', () => {
    const result = parse(configMap('cilium-config'), configMap('app-settings', 'app'));
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ code: 'kind.unknown', message: expect.stringMatching(/^ConfigMap: not read \(1 object\)/) }));
    const kept = result.objects.filter((o) => o.kind === 'ConfigMap');
    expect(kept).toHaveLength(1);
    expect(kept[0].raw).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cilium-config', namespace: 'kube-system' } });
    expect(result.snapshot.systemObjects).toEqual([{ kind: 'ConfigMap', namespace: 'kube-system', name: 'cilium-config', labels: {}, containers: [] }]);
  });
});

describe('enforcement and option sources', () => {
  const kindnet = daemonSet('kindnet', [{ name: 'kindnet-cni', image: 'docker.io/kindest/kindnetd:v20230511-dc714da8' }]);
  const calico = daemonSet('calico-node', [{ name: 'calico-node', image: 'calico/node:v3.27.0' }]);

  it('auto with a plugin that does not enforce: every pair allowed, and explain says why and what the policies intend', () => {
    const analysis = analyze(parse(kindnet, denyAll, ...appPods).snapshot);
    expect(analysis.network.enforcement).toEqual({ mode: 'auto', enforced: false });
    expect(analysis.network.optionSources.enforcement).toBe('detected');
    const result = connectivity(analysis, 'pod', 's');
    expect(result.enforcement).toEqual({ mode: 'auto', enforced: false });
    expect(result.cni?.plugin).toBe('kindnet');
    expect(result.connections.find((c) => c.src.kind === 'Pod' && c.src.name === 'a' && c.dst.kind === 'Pod' && c.dst.name === 'b')?.allPorts).toBe(true);
    const e = explain(analysis, 'app/a', 'app/b', 80, 'TCP') as Explanation;
    expect(e.allowed).toBe(true);
    expect(e.ingress.reason).toMatch(/network plugin kindnet does not enforce NetworkPolicy/);
    expect(e.intended).toMatchObject({ allowed: false, ingress: { allowed: false }, egress: { allowed: false } });
    expect(e.cni?.evidence).toEqual([{ kind: 'DaemonSet', namespace: 'kube-system', name: 'kindnet', matched: 'name' }]);
  });

  it('enforcement: enforced overrides the plugin; not-enforced opens a cluster whose plugin enforces', () => {
    const enforced = analyze(parse(kindnet, denyAll, ...appPods).snapshot, { enforcement: 'enforced' });
    expect((explain(enforced, 'app/a', 'app/b', 80, 'TCP') as Explanation).allowed).toBe(false);
    expect(enforced.network.optionSources.enforcement).toBe('option');
    const open = analyze(parse(calico, denyAll, ...appPods).snapshot, { enforcement: 'not-enforced' });
    const e = explain(open, 'app/a', 'app/b', 80, 'TCP') as Explanation;
    expect(e.allowed).toBe(true);
    expect(e.egress.reason).toMatch(/enforcement: not-enforced/);
    expect(e.intended?.allowed).toBe(false);
  });

  it('no plugin recognised: policies enforced by default, and every option from the defaults', () => {
    const analysis = analyze(parse(denyAll, ...appPods).snapshot);
    expect(analysis.network.enforcement).toEqual({ mode: 'auto', enforced: true });
    expect(analysis.network.optionSources).toEqual({ ipBlockMatchesPods: 'default', hostNetwork: 'default', adminNetworksMatchPods: 'default', enforcement: 'default', podCIDRs: 'default', serviceCIDRs: 'default' });
    const e = explain(analysis, 'app/a', 'app/b', 80, 'TCP') as Explanation;
    expect(e.allowed).toBe(false);
    expect(e.intended).toBeUndefined();
  });

  it('Calico: ipBlockMatchesPods defaults to true (detected); an explicit option wins', () => {
    const detected = analyze(parse(calico, ...appPods).snapshot);
    expect(detected.options.ipBlockMatchesPods).toBe(true);
    expect(detected.network.optionSources.ipBlockMatchesPods).toBe('detected');
    const explicit = analyze(parse(calico, ...appPods).snapshot, { ipBlockMatchesPods: false });
    expect(explicit.options.ipBlockMatchesPods).toBe(false);
    expect(explicit.network.optionSources.ipBlockMatchesPods).toBe('option');
  });

  it('every table row names a source for enforcement and options', () => {
    for (const row of NETWORK_PLUGINS) {
      expect(row.enforcesSource.length).toBeGreaterThan(10);
      expect(row.optionsSource.length).toBeGreaterThan(10);
    }
  });
});
