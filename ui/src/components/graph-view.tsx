import Graph from 'graphology';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import Sigma from 'sigma';
import type { GraphEdge, GraphNode, NodeKind } from './graph-model';

const NODE_COLOURS: Record<NodeKind, string> = { namespace: '#1d4ed8', workload: '#0f766e', external: '#b91c1c', ingress: '#b45309' };
const NODE_SIZES: Record<NodeKind, number> = { namespace: 9, workload: 5, external: 10, ingress: 10 };
const EDGE_COLOURS = { added: '#15803d', removed: '#dc2626', changed: '#a16207', none: '#94a3b8', outside: '#f87171' };

export interface GraphViewProps {
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
  label: string;
  selected?: string | null;
  onNodeClick?: (key: string) => void;
  /** Called once the first frame is drawn, with the milliseconds since the page started. */
  onFirstRender?: (ms: number) => void;
}

/**
 * The connectivity graph, drawn by sigma.js with WebGL so a thousand workloads pan and zoom smoothly.
 * Keyboard: arrows pan, + and - zoom, 0 resets; the table and matrix views carry the same data as text.
 */
export function GraphView({ nodes, edges, label, selected, onNodeClick, onFirstRender }: GraphViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const sigma = useRef<Sigma | null>(null);
  const clickHandler = useRef(onNodeClick);
  clickHandler.current = onNodeClick;
  const firstRender = useRef(onFirstRender);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;

  useEffect(() => {
    const graph = new Graph({ type: 'directed', multi: false });
    // On a large graph outside sources are many (hundreds of address blocks): drawn small, labels on zoom.
    const crowded = nodes.length > 150;
    for (const n of nodes) {
      const size = crowded && (n.kind === 'external' || n.kind === 'ingress') ? 3 : crowded && n.kind === 'namespace' ? 6 : NODE_SIZES[n.kind];
      graph.addNode(n.key, { x: n.x, y: n.y, label: n.label, size, color: NODE_COLOURS[n.kind], kind: n.kind });
    }
    for (const e of edges) {
      if (!graph.hasNode(e.source) || !graph.hasNode(e.target) || graph.hasEdge(e.source, e.target)) continue;
      const outside = e.source === 'ingress' || e.source.startsWith('ext:');
      graph.addDirectedEdgeWithKey(e.key, e.source, e.target, {
        label: e.label,
        size: e.change ? 2.5 : 1,
        color: EDGE_COLOURS[e.change ?? (outside ? 'outside' : 'none')],
      });
    }
    const renderer = new Sigma(graph, container.current!, {
      defaultEdgeType: 'arrow',
      renderEdgeLabels: edges.length <= 60,
      labelRenderedSizeThreshold: crowded ? 5 : 0,
      labelFont: 'system-ui, sans-serif',
      labelColor: { color: '#0f172a' },
      edgeLabelColor: { color: '#334155' },
      hideEdgesOnMove: edges.length > 5000,
      zIndex: true,
      nodeReducer: (key, data) => (key === selectedRef.current ? { ...data, highlighted: true, zIndex: 1 } : data),
    });
    renderer.on('clickNode', ({ node }) => clickHandler.current?.(node));
    let reported = false;
    renderer.on('afterRender', () => {
      if (reported) return;
      reported = true;
      container.current?.setAttribute('data-graph-ready', 'true');
      performance.mark('policyscope:graph-drawn');
      firstRender.current?.(performance.now());
    });
    renderer.refresh();
    sigma.current = renderer;
    return () => {
      renderer.kill();
      sigma.current = null;
    };
  }, [nodes, edges]);

  useEffect(() => {
    sigma.current?.refresh({ skipIndexation: true });
  }, [selected]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const camera = sigma.current?.getCamera();
    if (!camera) return;
    const step = 0.1 * camera.ratio;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[e.key]) {
      const [dx, dy] = moves[e.key]!;
      camera.setState({ x: camera.x + dx, y: camera.y + dy });
    } else if (e.key === '+' || e.key === '=') void camera.animatedZoom(1.5);
    else if (e.key === '-') void camera.animatedUnzoom(1.5);
    else if (e.key === '0') void camera.animatedReset();
    else return;
    e.preventDefault();
  }

  return (
    <div className="graph-wrap">
      <div
        ref={container}
        className="graph"
        role="img"
        tabIndex={0}
        aria-label={`${label}: ${nodes.length} nodes, ${edges.length} edges. Arrow keys pan, plus and minus zoom, 0 resets.`}
        onKeyDown={onKeyDown}
        data-testid="graph"
      />
      <ul className="legend" aria-label="Legend">
        <li>
          <span className="swatch namespace" /> namespace
        </li>
        <li>
          <span className="swatch workload" /> workload or pod
        </li>
        <li>
          <span className="swatch external" /> external addresses
        </li>
        <li>
          <span className="swatch ingress" /> ingress controller
        </li>
      </ul>
    </div>
  );
}
