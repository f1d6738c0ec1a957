import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { portsText, when } from '../api/format';
import { SnapshotConnectivity } from '../api/operations';
import { ErrorNote, Loading, SnapshotTabs, usePageTitle } from '../components/common';
import { buildGraph, filterConnections, namespaceMatrix, namespaceOf, NO_FILTERS, type ConnectionLike, type Filters } from '../components/graph-model';
import { GraphView } from '../components/graph-view';
import { useSnapshotReady } from '../components/use-snapshot-ready';

type View = 'graph' | 'matrix' | 'table';

function FilterBar({ filters, namespaces, onChange }: { filters: Filters; namespaces: string[]; onChange: (f: Filters) => void }) {
  return (
    <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        Namespace
        <select value={filters.namespace} onChange={(e) => onChange({ ...filters, namespace: e.target.value })}>
          <option value="">all</option>
          {namespaces.map((ns) => (
            <option key={ns} value={ns}>
              {ns}
            </option>
          ))}
        </select>
      </label>
      <label>
        Port
        <input
          type="number"
          min={1}
          max={65535}
          inputMode="numeric"
          value={filters.port ?? ''}
          onChange={(e) => onChange({ ...filters, port: e.target.value ? Number(e.target.value) : null })}
        />
      </label>
      <label>
        Protocol
        <select value={filters.protocol} onChange={(e) => onChange({ ...filters, protocol: e.target.value })}>
          <option value="">any</option>
          <option>TCP</option>
          <option>UDP</option>
          <option>SCTP</option>
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={filters.externalOnly} onChange={(e) => onChange({ ...filters, externalOnly: e.target.checked })} />
        External only
      </label>
    </form>
  );
}

/**
 * A Kubernetes label selector (`app=db,tier in (a,b),!legacy`), applied by the service: the
 * connectivity query's own selector filter keeps rows with a pod of either side matching, parsed by
 * the engine (one parser for the API, the CLI and the UI).
 */
function SelectorFilter({ applied, error, onApply }: { applied: string; error: string | null; onApply: (selector: string) => void }) {
  const [draft, setDraft] = useState(applied);
  return (
    <form
      className="filters selector"
      aria-label="Filter by labels"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft.trim());
      }}
    >
      <label>
        Label selector
        <input
          type="text"
          value={draft}
          spellCheck={false}
          placeholder="app=db,tier in (a,b)"
          onChange={(e) => setDraft(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'selector-error' : undefined}
        />
      </label>
      <button type="submit">Apply</button>
      {applied && (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setDraft('');
            onApply('');
          }}
        >
          Clear
        </button>
      )}
      {error && (
        <p id="selector-error" className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function Matrix({ connections }: { connections: readonly ConnectionLike[] }) {
  const { rows, cols, cells } = useMemo(() => namespaceMatrix(connections), [connections]);
  if (rows.length === 0) return <p>No connection matches the filters.</p>;
  return (
    <div className="matrix-wrap" tabIndex={0} role="region" aria-label="Namespace matrix (scrolls)">
      <table className="matrix">
        <caption>Allowed connections from a source (row) to a destination namespace (column)</caption>
        <thead>
          <tr>
            <th scope="col">from \ to</th>
            {cols.map((c) => (
              <th key={c} scope="col">
                <span>{c}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r}>
              <th scope="row">{r}</th>
              {cols.map((c) => {
                const ports = cells.get(`${r}\u0000${c}`);
                return (
                  <td key={c} className={ports ? 'on' : undefined} title={ports ? `${r} → ${c}: ${ports}` : undefined}>
                    {ports ? <span className="visually-hidden">{`${r} to ${c}: ${ports}`}</span> : null}
                    {ports ? '●' : ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ConnectionTable({ connections }: { connections: readonly ConnectionLike[] }) {
  const [search, setSearch] = useState('');
  const rows = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    return connections
      .map((c) => ({ src: c.src.text, dst: c.dst.text, ports: portsText(c) }))
      .filter((r) => words.every((w) => `${r.src} ${r.dst} ${r.ports}`.toLowerCase().includes(w)));
  }, [connections, search]);
  const shown = rows.slice(0, 500);
  return (
    <>
      <label className="search">
        Search connections
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="e.g. shop 8080" />
      </label>
      <p className="muted" role="status">
        {rows.length.toLocaleString('en')} connections{rows.length > shown.length ? `, first ${shown.length} shown` : ''}
      </p>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Ports</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r, i) => (
            <tr key={i}>
              <td>{r.src}</td>
              <td>{r.dst}</td>
              <td>{r.ports}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function SnapshotPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const view = (params.get('view') as View | null) ?? 'graph';
  // ?namespace= (from the exposure and findings links) filters on a namespace and opens it.
  const focus = params.get('namespace') ?? '';
  const [filters, setFilters] = useState<Filters>({ ...NO_FILTERS, namespace: focus });
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set(focus ? [focus] : []));
  const [selected, setSelected] = useState<string | null>(null);
  const [firstViewMs, setFirstViewMs] = useState<number | null>(null);
  const ready = useSnapshotReady(id);
  const [detail, setDetail] = useState<'workload' | 'pod'>('workload');
  const selector = params.get('selector') ?? '';
  const needWorkloads = opened.size > 0 || view === 'table';
  // Asked at once, beside the status: on a ready snapshot the first view waits for one round trip.
  // While it is analysed the answer is NOT_READY; asked again when the status says ready.
  const [ns, refetchNamespaces] = useQuery({ query: SnapshotConnectivity, variables: { id, granularity: 'namespace' } });
  const notReady = !!ns.error?.graphQLErrors.some((e) => e.extensions?.code === 'NOT_READY');
  useEffect(() => {
    if (ready.ready && notReady) refetchNamespaces({ requestPolicy: 'network-only' });
  }, [ready.ready, notReady, refetchNamespaces]);
  // Opened namespaces show workloads, or pods on request (the service may refuse pods on a very large snapshot).
  const [wl] = useQuery({ query: SnapshotConnectivity, variables: { id, granularity: detail, selector: selector || null }, pause: !ready.ready || !needWorkloads });
  // With a label selector, the namespace level is asked again, filtered by the service.
  const [nsSelected] = useQuery({ query: SnapshotConnectivity, variables: { id, granularity: 'namespace', selector }, pause: !ready.ready || !selector });
  const selectorError = selector ? (nsSelected.error ?? (needWorkloads ? wl.error : undefined)) : undefined;
  const snapshot = ns.data?.snapshot.connectivity ? ns.data.snapshot : undefined;
  // Marked while rendering, before the graph's own effect draws it (effects run children first).
  const marked = useRef(false);
  if (snapshot && !marked.current) {
    marked.current = true;
    performance.mark('policyscope:connectivity-received');
  }
  usePageTitle(snapshot ? `Snapshot ${snapshot.name}` : 'Snapshot');

  const namespaceLevel = selector ? (nsSelected.data?.snapshot.connectivity?.connections ?? []) : (snapshot?.connectivity?.connections ?? []);
  const base = needWorkloads && wl.data?.snapshot.connectivity ? wl.data.snapshot.connectivity.connections : namespaceLevel;
  const namespaces = useMemo(
    () => [...new Set((snapshot?.connectivity?.connections ?? []).flatMap((c) => [namespaceOf(c.src), namespaceOf(c.dst)]).filter((n): n is string => !!n))].sort(),
    [snapshot],
  );
  const filtered = useMemo(() => filterConnections(base, filters), [base, filters]);
  const graph = useMemo(() => buildGraph(filtered, opened), [filtered, opened]);
  const selectedEdges = useMemo(() => (selected ? graph.edges.filter((e) => e.source === selected || e.target === selected) : []), [graph, selected]);
  const selectedNode = graph.nodes.find((n) => n.key === selected);

  function toggle(namespace: string) {
    const next = new Set(opened);
    if (next.has(namespace)) next.delete(namespace);
    else next.add(namespace);
    setOpened(next);
  }

  const c = snapshot?.connectivity;
  const title = snapshot ? `Snapshot ${snapshot.name}` : 'Snapshot';
  return (
    <>
      <SnapshotTabs id={id} title={title}>
        {snapshot && (
          <p className="muted">
            Cluster <Link to={`/clusters/${encodeURIComponent(snapshot.cluster.name)}/trends`}>{snapshot.cluster.name}</Link> · captured {when(snapshot.capturedAt)}
            {c && (
              <>
                {' '}
                · network plugin {c.cni?.plugin ?? 'not recognised'} ·{' '}
                <span className={c.enforcement?.enforced === false ? 'badge denied' : 'badge allowed'}>
                  {c.enforcement?.enforced === false ? 'policies NOT enforced' : 'policies enforced'}
                </span>
              </>
            )}
          </p>
        )}
      </SnapshotTabs>
      {ready.statusView}
      <ErrorNote error={(notReady ? null : ns.error) ?? (selectorError ? null : wl.error)} />
      {ns.fetching && !snapshot && <Loading what="connectivity" />}
      {snapshot && (
        <>
          <div className="toolbar">
            <div role="group" aria-label="View" className="segmented">
              {(['graph', 'matrix', 'table'] as View[]).map((v) => (
                <button key={v} type="button" aria-pressed={view === v} onClick={() => setParams(selector ? { view: v, selector } : { view: v }, { replace: true })}>
                  {v === 'graph' ? 'Graph' : v === 'matrix' ? 'Namespace matrix' : 'Table'}
                </button>
              ))}
            </div>
            <FilterBar filters={filters} namespaces={namespaces} onChange={setFilters} />
            <SelectorFilter
              applied={selector}
              error={selectorError ? (selectorError.graphQLErrors[0]?.message ?? selectorError.message) : null}
              onApply={(next) => {
                const p = new URLSearchParams(params);
                if (next) p.set('selector', next);
                else p.delete('selector');
                setParams(p, { replace: true });
              }}
            />
            <label className="detail">
              Open namespaces into
              <select value={detail} onChange={(e) => setDetail(e.target.value as 'workload' | 'pod')}>
                <option value="workload">workloads</option>
                <option value="pod">pods</option>
              </select>
            </label>
          </div>
          {needWorkloads && wl.fetching && <Loading what={`${detail}s`} />}
          {selector && nsSelected.fetching && <Loading what="the connections the selector keeps" />}
          {selector && !selectorError && (
            <p className="muted" role="status" data-testid="selector-status">
              Connections with a pod matching <code>{selector}</code> on either side.
            </p>
          )}
          {view === 'graph' && (
            <div className="graph-layout">
              <GraphView
                nodes={graph.nodes}
                edges={graph.edges}
                label={`Connectivity of snapshot ${snapshot.name}`}
                selected={selected}
                onFirstRender={(ms) => setFirstViewMs((prev) => prev ?? ms)}
                onNodeClick={(key) => {
                  setSelected(key);
                  if (key.startsWith('ns:')) toggle(key.slice(3));
                }}
              />
              <aside className="side" aria-label="Namespaces and selection">
                <h2>Namespaces</h2>
                <p className="muted">Open a namespace to see its {detail}s (or click it in the graph).</p>
                <ul className="ns-list">
                  {namespaces.map((n) => (
                    <li key={n}>
                      <button type="button" aria-pressed={opened.has(n)} onClick={() => toggle(n)}>
                        {opened.has(n) ? '− ' : '+ '}
                        {n}
                      </button>
                    </li>
                  ))}
                </ul>
                <label className="find">
                  Find a node
                  <input
                    list="graph-nodes"
                    placeholder="namespace or ns/workload"
                    onChange={(e) => {
                      const hit = graph.nodes.find((n) => n.label === e.target.value);
                      if (hit) setSelected(hit.key);
                    }}
                  />
                </label>
                <datalist id="graph-nodes">
                  {graph.nodes.slice(0, 2000).map((n) => (
                    <option key={n.key} value={n.label} />
                  ))}
                </datalist>
                {selectedNode && (
                  <section aria-live="polite">
                    <h2>{selectedNode.label}</h2>
                    {selectedNode.kind === 'workload' && (
                      <p>
                        <Link to={`/snapshots/${id}/ask?target=${encodeURIComponent(selectedNode.label)}`}>Who can reach it?</Link>
                      </p>
                    )}
                    <ul className="edge-list">
                      {selectedEdges.slice(0, 100).map((e) => (
                        <li key={e.key}>
                          {e.source === selected ? `→ ${graph.nodes.find((n) => n.key === e.target)?.label}` : `← ${graph.nodes.find((n) => n.key === e.source)?.label}`}: {e.label}
                        </li>
                      ))}
                    </ul>
                  </section>
                )}
                {firstViewMs !== null && (
                  <p className="muted" data-testid="first-view-ms">
                    First graph view after {Math.round(firstViewMs)} ms
                  </p>
                )}
              </aside>
            </div>
          )}
          {view === 'matrix' && <Matrix connections={filterConnections(namespaceLevel, filters)} />}
          {view === 'table' && <ConnectionTable connections={filtered} />}
        </>
      )}
    </>
  );
}
