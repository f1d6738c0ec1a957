// The graph both dot and mermaid draw: every endpoint once (those of the snapshot without any
// connection too, when the result lists them), namespaced endpoints grouped by namespace, edges
// labelled with their conns. Everything in the one deterministic order.

import type { ConnectivityResult, Endpoint, Granularity } from '../result.js';
import {
  compareEndpoints,
  connsText,
  endpointText,
  isExternal,
  isIngressController,
  isNamespaced,
  sortedConnections,
  type TextOptions,
} from './endpoint-text.js';

export type NodeShape = 'workload' | 'namespace' | 'external' | 'ingress-controller';

export interface GraphNode {
  /** Unique text form of the endpoint. */
  text: string;
  /** What the node shows: inside a namespace group the namespace prefix is left out. */
  label: string;
  shape: NodeShape;
}

export interface GraphGroup {
  namespace: string;
  nodes: GraphNode[];
}

export interface Graph {
  groups: GraphGroup[];
  /** Nodes outside any namespace group: namespaces, external blocks, the ingress controller. */
  loose: GraphNode[];
  edges: { from: string; to: string; label: string }[];
}

function shapeOf(e: Endpoint): NodeShape {
  if (isExternal(e)) return 'external';
  if (isIngressController(e)) return 'ingress-controller';
  if (isNamespaced(e)) return 'workload';
  return 'namespace';
}

function labelOf(e: Endpoint, g: Granularity, options: TextOptions): string {
  if (!isNamespaced(e)) return endpointText(e, g, options);
  const text = endpointText(e, g);
  return text.slice(e.namespace.length + 1);
}

export function buildGraph(result: ConnectivityResult, options: TextOptions = {}): Graph {
  const g = result.granularity;
  const connections = sortedConnections(result.connections, g);
  const seen = new Map<string, Endpoint>();
  const add = (e: Endpoint) => {
    const text = endpointText(e, g, options);
    if (!seen.has(text)) seen.set(text, e);
  };
  for (const c of connections) {
    add(c.src);
    add(c.dst);
  }
  for (const e of result.endpoints ?? []) add(e);

  const endpoints = [...seen.values()].sort((a, b) => compareEndpoints(a, b, g));
  const groups = new Map<string, GraphGroup>();
  const loose: GraphNode[] = [];
  for (const e of endpoints) {
    const node: GraphNode = { text: endpointText(e, g, options), label: labelOf(e, g, options), shape: shapeOf(e) };
    if (!isNamespaced(e)) {
      loose.push(node);
      continue;
    }
    let group = groups.get(e.namespace);
    if (group === undefined) {
      group = { namespace: e.namespace, nodes: [] };
      groups.set(e.namespace, group);
    }
    group.nodes.push(node);
  }
  return {
    groups: [...groups.values()].sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0)),
    loose,
    edges: connections.map((c) => ({ from: endpointText(c.src, g, options), to: endpointText(c.dst, g, options), label: connsText(c) })),
  };
}
