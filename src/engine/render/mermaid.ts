// Mermaid flowchart: node ids are generated (n0, n1, ...) because endpoint texts hold `/`, `[`,
// `{` and `.` that Mermaid would read as syntax; the texts go into quoted labels instead.

import type { ConnectivityResult } from '../result.js';
import { buildGraph, type GraphNode, type NodeShape } from './graph.js';
import type { TextOptions } from './endpoint-text.js';

/** Mermaid's quoted label: a quote is written as its entity, `#` too so that it is not read as one. */
export function mermaidLabel(value: string): string {
  return `"${value.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/\r?\n/g, ' ')}"`;
}

function shaped(shape: NodeShape, label: string): string {
  switch (shape) {
    case 'external':
      return `[/${label}/]`;
    case 'ingress-controller':
      return `{{${label}}}`;
    case 'namespace':
      return `[(${label})]`;
    default:
      return `[${label}]`;
  }
}

export function connectivityMermaid(result: ConnectivityResult, options: TextOptions = {}): string {
  const graph = buildGraph(result, options);
  const ids = new Map<string, string>();
  const idOf = (node: GraphNode) => {
    ids.set(node.text, `n${ids.size}`);
    return ids.get(node.text) as string;
  };
  const out = ['flowchart LR'];
  graph.groups.forEach((group, i) => {
    out.push(`  subgraph ns${i}[${mermaidLabel(group.namespace)}]`);
    out.push(...group.nodes.map((n) => `    ${idOf(n)}${shaped(n.shape, mermaidLabel(n.label))}`), '  end');
  });
  out.push(...graph.loose.map((n) => `  ${idOf(n)}${shaped(n.shape, mermaidLabel(n.label))}`));
  out.push(...graph.edges.map((e) => `  ${ids.get(e.from)} -->|${mermaidLabel(e.label)}| ${ids.get(e.to)}`));
  return `${out.join('\n')}\n`;
}
