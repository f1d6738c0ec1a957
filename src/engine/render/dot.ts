// Graphviz: namespaces are clusters, external blocks and the ingress controller get their own
// shapes so outside traffic stands out, edges carry their conns.

import type { ConnectivityResult } from '../result.js';
import { buildGraph, type GraphNode, type NodeShape } from './graph.js';
import type { TextOptions } from './endpoint-text.js';

/** A DOT double-quoted string: backslash and quote escaped, line breaks flattened. */
export function dotString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, ' ')}"`;
}

const SHAPE_ATTRS: Record<NodeShape, string> = {
  workload: 'shape=box',
  namespace: 'shape=tab',
  external: 'shape=ellipse, style=dashed, color=red3',
  'ingress-controller': 'shape=diamond, color=blue3',
};

function nodeLine(node: GraphNode, indent: string): string {
  return `${indent}${dotString(node.text)} [label=${dotString(node.label)}, ${SHAPE_ATTRS[node.shape]}];`;
}

export function connectivityDot(result: ConnectivityResult, options: TextOptions = {}): string {
  const graph = buildGraph(result, options);
  const out = ['digraph policyscope {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  graph.groups.forEach((group, i) => {
    out.push(`  subgraph cluster_${i} {`, `    label=${dotString(group.namespace)};`, '    style=rounded;');
    out.push(...group.nodes.map((n) => nodeLine(n, '    ')), '  }');
  });
  out.push(...graph.loose.map((n) => nodeLine(n, '  ')));
  out.push(...graph.edges.map((e) => `  ${dotString(e.from)} -> ${dotString(e.to)} [label=${dotString(e.label)}];`));
  out.push('}');
  return `${out.join('\n')}\n`;
}
