// A deterministic synthetic cluster for performance tests: namespaces of workloads with a few
// pods each, and a mix of the policy shapes real clusters use.

import type { NetworkPolicyModel, PodModel, SnapshotModel } from '../../../src/engine/model.js';
import { containerPort, ipBlock, namespace, networkPolicy, pod, pods, sel, snapshot, tcp, named, udp } from './builders.js';

/** Park–Miller: the same cluster on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

export function syntheticCluster(podCount: number, policyCount: number, seed = 7): SnapshotModel {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const podsPerWorkload = 5;
  const workloadCount = Math.max(1, Math.floor(podCount / podsPerWorkload));
  const namespaceCount = Math.max(1, Math.floor(workloadCount / 40));
  const tiers = ['web', 'api', 'db', 'cache'];
  const teams = ['red', 'blue', 'green'];
  const namespaces = Array.from({ length: namespaceCount }, (_, i) => namespace(`ns-${i}`, { team: teams[i % teams.length], env: i % 2 === 0 ? 'prod' : 'dev' }));
  const podList: PodModel[] = [];
  for (let w = 0; w < workloadCount; w++) {
    const ns = `ns-${w % namespaceCount}`;
    const labels = { app: `app-${w}`, tier: tiers[w % tiers.length] };
    for (let r = 0; r < podsPerWorkload && podList.length < podCount; r++) {
      podList.push(
        pod(`${ns}/app-${w}-${r}`, labels, {
          ips: [`10.${Math.floor(podList.length / 65536) % 256}.${Math.floor(podList.length / 256) % 256}.${podList.length % 256}`],
          ports: [containerPort(8080, 'http'), containerPort(9090, 'metrics')],
          workload: { kind: 'Deployment', namespace: ns, name: `app-${w}` },
        }),
      );
    }
  }
  const policies: NetworkPolicyModel[] = [];
  for (let p = 0; p < policyCount; p++) {
    const ns = `ns-${p % namespaceCount}`;
    const target = Math.floor(next() * workloadCount);
    const shape = p < namespaceCount ? 0 : 1 + Math.floor(next() * 5);
    const name = `${ns}/policy-${p}`;
    switch (shape) {
      case 0:
        policies.push(networkPolicy(name, { podSelector: sel(), ingress: [] }));
        break;
      case 1:
        policies.push(networkPolicy(name, { podSelector: sel({ app: `app-${target}` }), ingress: [{ peers: [pods(sel({ tier: pick(tiers) }))], ports: [tcp(8080)] }] }));
        break;
      case 2:
        policies.push(
          networkPolicy(name, {
            podSelector: sel({ tier: pick(tiers) }),
            ingress: [{ peers: [pods(null, sel({ team: pick(teams) }))], ports: [named('http')] }],
          }),
        );
        break;
      case 3:
        policies.push(
          networkPolicy(name, {
            podSelector: sel({ app: `app-${target}` }),
            egress: [
              { peers: [ipBlock(`172.${Math.floor(next() * 32)}.0.0/16`, [`172.16.${Math.floor(next() * 256)}.0/24`])], ports: [tcp(443)] },
              { ports: [udp(53)] },
            ],
            types: ['Egress'],
          }),
        );
        break;
      case 4:
        policies.push(
          networkPolicy(name, {
            podSelector: sel({}, [{ key: 'tier', operator: 'In', values: [pick(tiers), pick(tiers)] }]),
            ingress: [{ peers: [pods(sel({ app: `app-${Math.floor(next() * workloadCount)}` }), sel({ env: 'prod' }))], ports: [tcp(9090), tcp(8000, 8100)] }],
          }),
        );
        break;
      default:
        policies.push(networkPolicy(name, { podSelector: sel({ app: `app-${target}` }), ingress: [{ peers: [pods(sel())] }] }));
    }
  }
  return snapshot({ namespaces, pods: podList, networkPolicies: policies });
}
