import { fatalOnes, ns, parseObjects, pod, template } from './helpers.js';

const deployment = (name: string, labels: Record<string, string>, namespace = 'x', containers?: object[]) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: { selector: { matchLabels: labels }, template: template(labels, containers) },
});
const replicaSet = (name: string, owner: string | null, labels: Record<string, string>, namespace = 'x') => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, namespace, ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: owner, controller: true, uid: 'u' }] } : {}) },
  spec: { template: template(labels) },
});

describe("a pod's workload", () => {
  it('is the top of its owner chain among the objects present (Pod → ReplicaSet → Deployment)', () => {
    const result = parseObjects(ns('x'), deployment('web', { app: 'web' }), replicaSet('web-1', 'web', { app: 'web' }), pod('web-1-a', { namespace: 'x', owner: { kind: 'ReplicaSet', name: 'web-1' } }));
    expect(result.snapshot.pods).toHaveLength(1);
    expect(result.snapshot.pods[0].workload).toEqual({ kind: 'Deployment', namespace: 'x', name: 'web' });
  });

  it("is the owner reference's kind and name when the owner is absent", () => {
    const result = parseObjects(ns('x'), pod('web-1-a', { namespace: 'x', owner: { kind: 'ReplicaSet', name: 'web-1' } }));
    expect(result.snapshot.pods[0].workload).toEqual({ kind: 'ReplicaSet', namespace: 'x', name: 'web-1' });
  });

  it("is the absent owner's owner reference when only the middle of the chain is present", () => {
    const result = parseObjects(ns('x'), replicaSet('web-1', 'web', { app: 'web' }), pod('web-1-a', { namespace: 'x', owner: { kind: 'ReplicaSet', name: 'web-1' } }));
    expect(result.snapshot.pods.map((p) => p.workload)).toEqual([{ kind: 'Deployment', namespace: 'x', name: 'web' }]);
  });

  it('matches owners in the same namespace only', () => {
    const result = parseObjects(ns('x'), ns('y'), deployment('web', { app: 'web' }, 'y'), replicaSet('web-1', 'web', { app: 'web' }, 'y'), pod('p', { namespace: 'x', owner: { kind: 'ReplicaSet', name: 'web-1' } }));
    const live = result.snapshot.pods.find((p) => !p.representative);
    expect(live?.workload).toEqual({ kind: 'ReplicaSet', namespace: 'x', name: 'web-1' });
  });

  it('is the pod itself without owner, or when a Node owns it (mirror pod)', () => {
    const result = parseObjects(ns('x'), pod('solo', { namespace: 'x' }), pod('etcd-node1', { namespace: 'x', owner: { kind: 'Node', name: 'node1' } }));
    expect(result.snapshot.pods.map((p) => p.workload)).toEqual([
      { kind: 'Pod', namespace: 'x', name: 'solo' },
      { kind: 'Pod', namespace: 'x', name: 'etcd-node1' },
    ]);
  });

  it('takes the controller owner reference when there are several', () => {
    const p = pod('a', { namespace: 'x' }) as { metadata: Record<string, unknown> };
    p.metadata.ownerReferences = [
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'not-me', uid: '1' },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: '2', controller: true },
    ];
    expect(parseObjects(ns('x'), p).snapshot.pods[0].workload).toEqual({ kind: 'StatefulSet', namespace: 'x', name: 'db' });
  });
});

describe('representative pods', () => {
  it('stand for a workload without live pods, built from its template', () => {
    const result = parseObjects(ns('x'), deployment('api', { app: 'api' }, 'x', [{ name: 'c', image: 'i', ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 53, protocol: 'UDP' }] }]));
    expect(result.snapshot.pods).toEqual([
      {
        namespace: 'x',
        name: 'api',
        labels: { app: 'api' },
        ips: [],
        ports: [
          { name: 'http', port: 8080, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
        hostNetwork: false,
        workload: { kind: 'Deployment', namespace: 'x', name: 'api' },
        representative: true,
      },
    ]);
  });

  it('are not built when the workload has live pods', () => {
    const result = parseObjects(ns('x'), deployment('web', { app: 'web' }), replicaSet('web-1', 'web', { app: 'web' }), replicaSet('web-0', 'web', { app: 'web' }), pod('web-1-a', { namespace: 'x', owner: { kind: 'ReplicaSet', name: 'web-1' } }));
    expect(result.snapshot.pods.map((p) => [p.name, p.representative])).toEqual([['web-1-a', false]]);
  });

  it('are built once per top-level workload, from the top workload', () => {
    const result = parseObjects(ns('x'), replicaSet('web-1', 'web', { app: 'old' }), deployment('web', { app: 'web' }));
    expect(result.snapshot.pods).toHaveLength(1);
    expect(result.snapshot.pods[0]).toMatchObject({ name: 'web', labels: { app: 'web' }, workload: { kind: 'Deployment', name: 'web' } });
  });

  it('are built for every workload kind, a CronJob from its job template', () => {
    const kinds = ['StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet', 'ReplicationController'].map((kind) => ({
      apiVersion: 'apps/v1',
      kind,
      metadata: { name: kind.toLowerCase(), namespace: 'x' },
      spec: { template: template({ kind }) },
    }));
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cron', namespace: 'x' }, spec: { jobTemplate: { spec: { template: template({ kind: 'CronJob' }) } } } };
    const result = parseObjects(ns('x'), ...kinds, cron);
    expect(result.snapshot.pods.map((p) => [p.workload.kind, p.labels.kind, p.representative])).toEqual([
      ['StatefulSet', 'StatefulSet', true],
      ['DaemonSet', 'DaemonSet', true],
      ['Job', 'Job', true],
      ['ReplicaSet', 'ReplicaSet', true],
      ['ReplicationController', 'ReplicationController', true],
      ['CronJob', 'CronJob', true],
    ]);
  });

  it('represent a CronJob whose finished Job pods are ignored', () => {
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cron', namespace: 'x' }, spec: { jobTemplate: { spec: { template: template({ app: 'cron' }) } } } };
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'cron-1', namespace: 'x', ownerReferences: [{ kind: 'CronJob', name: 'cron', controller: true }] }, spec: { template: template({ app: 'cron' }) } };
    const done = pod('cron-1-a', { namespace: 'x', owner: { kind: 'Job', name: 'cron-1' }, status: { phase: 'Succeeded' } });
    const result = parseObjects(ns('x'), cron, job, done);
    expect(result.snapshot.pods.map((p) => [p.name, p.representative, p.workload.kind])).toEqual([['cron', true, 'CronJob']]);
  });

  it('require a pod template', () => {
    const result = parseObjects(ns('x'), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'x' }, spec: {} });
    expect(fatalOnes(result)).toMatchObject([{ code: 'object.field.required', path: 'spec.template', object: 'Deployment x/d' }]);
  });
});

describe('pod fields', () => {
  it('ignores Succeeded and Failed pods', () => {
    const result = parseObjects(ns('x'), pod('a', { namespace: 'x', status: { phase: 'Succeeded' } }), pod('b', { namespace: 'x', status: { phase: 'Failed' } }), pod('c', { namespace: 'x', status: { phase: 'Pending' } }));
    expect(result.snapshot.pods.map((p) => p.name)).toEqual(['c']);
  });

  it('reads IPs from podIPs, else podIP', () => {
    const result = parseObjects(
      ns('x'),
      pod('a', { namespace: 'x', status: { phase: 'Running', podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }] } }),
      pod('b', { namespace: 'x', status: { phase: 'Running', podIP: '10.0.0.2' } }),
    );
    expect(result.snapshot.pods.map((p) => p.ips)).toEqual([['10.0.0.1', 'fd00::1'], ['10.0.0.2']]);
  });

  it('rejects an invalid pod IP', () => {
    const result = parseObjects(ns('x'), pod('a', { namespace: 'x', status: { podIP: '10.0.0.300' } }));
    expect(fatalOnes(result)).toMatchObject([{ code: 'ip.invalid', path: 'status.podIP' }]);
  });

  it('reads hostNetwork, nodeName, container ports and sidecar ports only among init containers', () => {
    const spec = {
      hostNetwork: true,
      nodeName: 'n1',
      containers: [{ name: 'c', ports: [{ containerPort: 80, name: 'http' }] }],
      initContainers: [
        { name: 'setup', ports: [{ containerPort: 9000 }] },
        { name: 'proxy', restartPolicy: 'Always', ports: [{ containerPort: 15001, protocol: 'UDP' }] },
      ],
    };
    const [p] = parseObjects(ns('x'), pod('a', { namespace: 'x', spec })).snapshot.pods;
    expect(p).toMatchObject({ hostNetwork: true, nodeName: 'n1', representative: false });
    expect(p.ports).toEqual([
      { name: 'http', port: 80, protocol: 'TCP' },
      { port: 15001, protocol: 'UDP' },
    ]);
  });

  it('rejects a container port out of range', () => {
    const result = parseObjects(ns('x'), pod('a', { namespace: 'x', spec: { containers: [{ name: 'c', ports: [{ containerPort: 0 }] }] } }));
    expect(fatalOnes(result)).toMatchObject([{ code: 'port.out-of-range', path: 'spec.containers[0].ports[0].containerPort' }]);
  });
});
