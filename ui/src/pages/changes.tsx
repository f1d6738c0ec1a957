import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { portsText, when } from '../api/format';
import { SnapshotDiff, SnapshotStatusQuery } from '../api/operations';
import { ErrorNote, Loading, usePageTitle } from '../components/common';
import { layout, namespaceOf, nodeOf, type GraphEdge } from '../components/graph-model';
import { GraphView } from '../components/graph-view';
import { ClusterSelect, SnapshotSelect, useClusterSnapshots } from '../components/snapshot-picker';
import { ChangeList, IntentDeltas, PolicyChangesView } from '../components/change-list';

export function ChangesPage() {
  usePageTitle('Changes');
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const [cluster, setCluster] = useState(params.get('cluster') ?? '');
  const [toInfo] = useQuery({ query: SnapshotStatusQuery, variables: { id: to }, pause: !to || !!cluster });
  useEffect(() => {
    if (!cluster && toInfo.data) setCluster(toInfo.data.snapshot.cluster.name);
  }, [cluster, toInfo.data]);
  const snapshots = useClusterSnapshots(cluster);
  // Without a `from`, compare with the ready snapshot just before `to`.
  useEffect(() => {
    if (!to || from || snapshots.length === 0) return;
    const ready = snapshots.filter((s) => s.status === 'ready');
    const i = ready.findIndex((s) => s.id === to);
    const previous = i >= 0 ? ready[i + 1] : undefined;
    if (previous) setParams({ from: previous.id, to }, { replace: true });
  }, [to, from, snapshots, setParams]);

  const [{ data, error, fetching }] = useQuery({ query: SnapshotDiff, variables: { from, to }, pause: !from || !to });
  const diff = data?.diff;

  const graph = useMemo(() => {
    if (!diff) return { nodes: [], edges: [] as GraphEdge[] };
    const opened = new Set(diff.changes.flatMap((c) => [namespaceOf(c.src), namespaceOf(c.dst)]).filter((n): n is string => !!n));
    const nodes = new Map<string, ReturnType<typeof nodeOf>>();
    const edges: GraphEdge[] = [];
    for (const c of diff.changes) {
      const s = nodeOf(c.src, opened);
      const d = nodeOf(c.dst, opened);
      nodes.set(s.key, s);
      nodes.set(d.key, d);
      const change = c.type === 'added' || c.type === 'removed' ? c.type : 'changed';
      edges.push({ key: `${s.key}->${d.key}`, source: s.key, target: d.key, label: `${c.type}: ${portsText(c.after ?? c.before)}`, change });
    }
    return { nodes: layout([...nodes.values()]), edges };
  }, [diff]);

  return (
    <>
      <div className="page-head">
        <h1>Changes</h1>
      </div>
      <form className="filters" aria-label="Snapshots to compare" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="diff-cluster">Cluster</label>
        <ClusterSelect id="diff-cluster" value={cluster} onChange={(c) => (setCluster(c), setParams({}))} />
        <label htmlFor="diff-from">Before</label>
        <SnapshotSelect id="diff-from" cluster={cluster} value={from} onChange={(s) => setParams({ from: s, to })} />
        <label htmlFor="diff-to">After</label>
        <SnapshotSelect id="diff-to" cluster={cluster} value={to} onChange={(s) => setParams({ from, to: s })} />
      </form>
      {to && !from && snapshots.length > 0 && <p className="muted">This snapshot has no earlier ready snapshot: choose one to compare with.</p>}
      <ErrorNote error={error} />
      {fetching && <Loading what="the diff" />}
      {diff && (
        <>
          <p data-testid="diff-summary">
            From <Link to={`/snapshots/${diff.from}`}>{diff.sides.from.name}</Link> ({when(diff.sides.from.capturedAt)}) to <Link to={`/snapshots/${diff.to}`}>{diff.sides.to.name}</Link> (
            {when(diff.sides.to.capturedAt)}): {diff.changes.filter((c) => c.type === 'added').length} connections added, {diff.changes.filter((c) => c.type === 'removed').length} removed,{' '}
            {diff.changes.filter((c) => c.type === 'changed').length} changed; policies {diff.policies.added.length} added, {diff.policies.removed.length} removed, {diff.policies.modified.length}{' '}
            modified.
          </p>
          {graph.edges.length > 0 && (
            <>
              <GraphView nodes={graph.nodes} edges={graph.edges} label="Changed connections (green added, red removed, amber changed)" />
              <ul className="legend" aria-label="Edge colours">
                <li>
                  <span className="swatch added" /> added
                </li>
                <li>
                  <span className="swatch removed" /> removed
                </li>
                <li>
                  <span className="swatch changed" /> changed
                </li>
              </ul>
            </>
          )}
          <ChangeList changes={diff.changes} />
          <PolicyChangesView policies={diff.policies} />
          {diff.findings && (
            <>
              <h2>Findings</h2>
              <ul data-testid="diff-findings">
                {diff.findings.new.map((f, i) => (
                  <li key={`n${i}`}>
                    <span className="badge removed">new</span> <span className={`badge severity-${f.severity}`}>{f.severity}</span> {f.message}
                  </li>
                ))}
                {diff.findings.resolved.map((f, i) => (
                  <li key={`r${i}`}>
                    <span className="badge added">resolved</span> <span className={`badge severity-${f.severity}`}>{f.severity}</span> {f.message}
                  </li>
                ))}
                {diff.findings.new.length + diff.findings.resolved.length === 0 && <li>No finding appeared or went away.</li>}
              </ul>
            </>
          )}
          <IntentDeltas intents={diff.intents} before={diff.sides.from.name ?? 'Before'} after={diff.sides.to.name ?? 'After'} />
          <h2>Exposure</h2>
          <p>
            Newly exposed: {diff.exposure.newlyExposed.map((e) => e.text).join(', ') || 'none'}. No longer exposed: {diff.exposure.noLongerExposed.map((e) => e.text).join(', ') || 'none'}.
          </p>
        </>
      )}
    </>
  );
}
