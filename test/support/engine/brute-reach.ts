// Reference answers for the security questions (intents, attack paths, blast radius), computed
// the slow way: every pod pair through `podConnections`, public sources through `explain` from
// one public address and from the ingress controller on each container port. Nothing here reads
// the class matrix the questions walk.

import { analyze, explain, parseDocuments, podConnections, PortSet, type Analysis, type PodModel, type SnapshotModel } from '../../../src/engine/index.js';

export const PUBLIC_ADDRESS = '203.0.113.7';

export interface BruteCluster {
  analysis: Analysis;
  snapshot: SnapshotModel;
  pods: PodModel[];
  workloadOf: (p: PodModel) => string;
  /** `src\u0000dst` workload texts → ports some pod of src may open to some pod of dst (distinct workloads). */
  edges: Map<string, PortSet>;
  /** Workload texts reached from a public address or the ingress controller, with the ports. */
  fromInternet: Map<string, PortSet>;
}

export function workloadText(p: PodModel): string {
  return `${p.workload.namespace}/${p.workload.name}[${p.workload.kind}]`;
}

/** What `from` (an address or {ingress-controller}) may open to pod `p`, probing each container port. */
export function probeFromOutside(analysis: Analysis, from: string, p: PodModel): PortSet {
  let set = PortSet.EMPTY;
  for (const port of p.ports) {
    const answer = explain(analysis, from, `${p.namespace}/${p.name}`, port.port, port.protocol);
    if (!('error' in answer) && answer.allowed) set = set.union(PortSet.port(port.protocol, port.port));
  }
  return set;
}

export function bruteCluster(content: string): BruteCluster {
  const snapshot = parseDocuments([{ name: 'manifests.yaml', content }]).snapshot;
  const analysis = analyze(snapshot);
  const pods = [...snapshot.pods];
  const edges = new Map<string, PortSet>();
  for (const p of pods) {
    for (const q of pods) {
      if (p === q || workloadText(p) === workloadText(q)) continue;
      const ports = podConnections(analysis, p, q);
      if (ports.isEmpty()) continue;
      const key = `${workloadText(p)}\u0000${workloadText(q)}`;
      edges.set(key, (edges.get(key) ?? PortSet.EMPTY).union(ports));
    }
  }
  const fromInternet = new Map<string, PortSet>();
  for (const p of pods) {
    const ports = probeFromOutside(analysis, PUBLIC_ADDRESS, p).union(probeFromOutside(analysis, '{ingress-controller}', p));
    if (!ports.isEmpty()) fromInternet.set(workloadText(p), (fromInternet.get(workloadText(p)) ?? PortSet.EMPTY).union(ports));
  }
  return { analysis, snapshot, pods, workloadOf: workloadText, edges, fromInternet };
}

/** Hops from a start (a workload text, or the internet) to every workload reached within `k`. */
export function bruteDistances(c: BruteCluster, start: string | 'internet', k: number): Map<string, number> {
  const depth = new Map<string, number>();
  let frontier: string[];
  if (start === 'internet') frontier = [...c.fromInternet.keys()];
  else {
    depth.set(start, 0);
    frontier = [...c.edges.keys()].filter((key) => key.split('\u0000')[0] === start).map((key) => key.split('\u0000')[1]).filter((w) => w !== start);
  }
  for (const w of frontier) depth.set(w, 1);
  for (let level = 2; level <= k; level++) {
    const next: string[] = [];
    for (const from of frontier) {
      for (const key of c.edges.keys()) {
        const [s, d] = key.split('\u0000');
        if (s === from && !depth.has(d)) {
          depth.set(d, level);
          next.push(d);
        }
      }
    }
    frontier = next;
  }
  if (start !== 'internet') depth.delete(start);
  return depth;
}
