import { portsText, type PortLike } from '../api/format';

// Pure functions from connections (as the API gives them) to the nodes and edges the graph draws:
// namespaces first, opened into workloads on demand; external address blocks and the ingress
// controller drawn as sources on the left.

export interface EndpointLike {
  kind: string;
  namespace?: string | null;
  name?: string | null;
  text: string;
  cidrs?: readonly string[] | null;
}

export interface ConnectionLike {
  src: EndpointLike;
  dst: EndpointLike;
  allPorts: boolean;
  ports: readonly PortLike[];
}

export type NodeKind = 'namespace' | 'workload' | 'external' | 'ingress';

export interface GraphNode {
  key: string;
  label: string;
  kind: NodeKind;
  namespace?: string;
  x: number;
  y: number;
}

export interface GraphEdge {
  key: string;
  source: string;
  target: string;
  label: string;
  /** added / removed / changed in a diff; undefined in a snapshot's graph. */
  change?: 'added' | 'removed' | 'changed';
}

export interface Filters {
  namespace: string;
  port: number | null;
  protocol: string;
  externalOnly: boolean;
}

export const NO_FILTERS: Filters = { namespace: '', port: null, protocol: '', externalOnly: false };

const isOutside = (e: EndpointLike) => e.kind === 'External' || e.kind === 'IngressController';

/** Long address lists stay readable in the graph; the table and the side panel keep them whole. */
function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 38)}…` : text;
}

export function namespaceOf(e: EndpointLike): string | undefined {
  if (e.kind === 'Namespace') return e.name ?? undefined;
  return e.namespace ?? undefined;
}

export function nodeOf(e: EndpointLike, opened: ReadonlySet<string>): Omit<GraphNode, 'x' | 'y'> {
  if (e.kind === 'External') return { key: `ext:${(e.cidrs ?? []).join(',')}`, label: shorten(e.text), kind: 'external' };
  if (e.kind === 'IngressController') return { key: 'ingress', label: e.text, kind: 'ingress' };
  const ns = namespaceOf(e) ?? '';
  if (e.kind === 'Namespace' || !opened.has(ns)) return { key: `ns:${ns}`, label: ns, kind: 'namespace', namespace: ns };
  return { key: `wl:${ns}/${e.name}[${e.kind}]`, label: `${ns}/${e.name}`, kind: 'workload', namespace: ns };
}

function portMatches(p: PortLike, port: number | null, protocol: string): boolean {
  if (protocol && p.protocol !== protocol) return false;
  if (port === null) return true;
  if (p.from == null) return !p.name; // a whole protocol
  return p.from <= port && port <= (p.to ?? p.from);
}

/** The connections kept by the filters, each with only the ports the filters keep. */
export function filterConnections<C extends ConnectionLike>(connections: readonly C[], f: Filters): C[] {
  const out: C[] = [];
  for (const c of connections) {
    if (f.externalOnly && !isOutside(c.src) && !isOutside(c.dst)) continue;
    if (f.namespace && namespaceOf(c.src) !== f.namespace && namespaceOf(c.dst) !== f.namespace) continue;
    if (f.port === null && !f.protocol) {
      out.push(c);
      continue;
    }
    if (c.allPorts) {
      out.push(c);
      continue;
    }
    const ports = c.ports.filter((p) => portMatches(p, f.port, f.protocol));
    if (ports.length > 0) out.push({ ...c, ports });
  }
  return out;
}

const PER_COLUMN = 40;

/** Places namespaces on a circle, their opened workloads around them, outside sources on the left. */
export function layout(nodes: Omit<GraphNode, 'x' | 'y'>[]): GraphNode[] {
  const namespaces = [...new Set(nodes.filter((n) => n.namespace !== undefined).map((n) => n.namespace!))].sort();
  const radius = Math.max(1, Math.sqrt(namespaces.length)) * 10;
  const centre = new Map(namespaces.map((ns, i) => [ns, { x: radius * Math.cos((2 * Math.PI * i) / namespaces.length), y: radius * Math.sin((2 * Math.PI * i) / namespaces.length) }]));
  const members = new Map<string, number>();
  const memberIndex = new Map<string, number>();
  for (const n of nodes) {
    if (n.kind !== 'workload') continue;
    const count = members.get(n.namespace!) ?? 0;
    memberIndex.set(n.key, count);
    members.set(n.namespace!, count + 1);
  }
  const outside = nodes.filter((n) => n.kind === 'external' || n.kind === 'ingress').sort((a, b) => a.key.localeCompare(b.key));
  const outsideIndex = new Map(outside.map((n, i) => [n.key, i]));
  return nodes.map((n) => {
    if (n.kind === 'external' || n.kind === 'ingress') {
      // Columns of at most PER_COLUMN on the left, as tall as the circle: many address blocks
      // (hundreds on a large cluster) widen the band instead of squashing the namespaces.
      const i = outsideIndex.get(n.key)!;
      const rows = Math.min(PER_COLUMN, outside.length);
      const column = Math.floor(i / PER_COLUMN);
      const row = i % PER_COLUMN;
      return { ...n, x: -radius * 1.4 - column * (radius / 8), y: rows === 1 ? 0 : radius - (row * 2 * radius) / (rows - 1) };
    }
    const c = centre.get(n.namespace!)!;
    if (n.kind === 'namespace') return { ...n, ...c };
    const size = members.get(n.namespace!)!;
    const angle = (2 * Math.PI * memberIndex.get(n.key)!) / size;
    const r = Math.min(radius * 0.5, 3 + size * 1.5);
    return { ...n, x: c.x + r * Math.cos(angle), y: c.y + r * Math.sin(angle) };
  });
}

/** Nodes and edges of the connections seen at the opened level: one edge per pair, ports merged. */
export function buildGraph(connections: readonly ConnectionLike[], opened: ReadonlySet<string>, extraNamespaces: readonly string[] = []): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, Omit<GraphNode, 'x' | 'y'>>();
  for (const ns of extraNamespaces) if (!opened.has(ns)) nodes.set(`ns:${ns}`, { key: `ns:${ns}`, label: ns, kind: 'namespace', namespace: ns });
  const edges = new Map<string, { source: string; target: string; ports: Set<string> }>();
  for (const c of connections) {
    const s = nodeOf(c.src, opened);
    const d = nodeOf(c.dst, opened);
    nodes.set(s.key, s);
    nodes.set(d.key, d);
    if (s.key === d.key) continue;
    const key = `${s.key}->${d.key}`;
    const e = edges.get(key) ?? { source: s.key, target: d.key, ports: new Set<string>() };
    e.ports.add(portsText(c));
    edges.set(key, e);
  }
  return {
    nodes: layout([...nodes.values()]),
    edges: [...edges.entries()].map(([key, e]) => ({ key, source: e.source, target: e.target, label: [...e.ports].join(', ') })),
  };
}

/** Namespace × namespace: which pairs have any allowed connection, with the ports. */
export function namespaceMatrix(connections: readonly ConnectionLike[]): { rows: string[]; cols: string[]; cells: Map<string, string> } {
  const cells = new Map<string, Set<string>>();
  const rows = new Set<string>();
  const cols = new Set<string>();
  for (const c of connections) {
    const s = isOutside(c.src) ? c.src.text : namespaceOf(c.src);
    const d = isOutside(c.dst) ? c.dst.text : namespaceOf(c.dst);
    if (!s || !d) continue;
    rows.add(s);
    cols.add(d);
    const key = `${s}\u0000${d}`;
    cells.set(key, (cells.get(key) ?? new Set()).add(portsText(c)));
  }
  const order = (xs: Set<string>) => [...xs].sort((a, b) => Number(a.startsWith('{') || /\d/.test(a[0]!)) - Number(b.startsWith('{') || /\d/.test(b[0]!)) || a.localeCompare(b));
  return { rows: order(rows), cols: order(cols), cells: new Map([...cells].map(([k, v]) => [k, [...v].join(', ')])) };
}
