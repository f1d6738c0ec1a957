import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { restText } from '../api/client';
import { METRIC_LABELS, metricsByName, metricText, when } from '../api/format';
import { ClusterTrends } from '../api/operations';
import { ErrorNote, Loading, usePageTitle } from '../components/common';
import { LineChart } from '../components/line-chart';

const CHARTED = ['internet_exposed_workloads', 'workloads_reachable_from_outside', 'ingress_isolated_pod_share', 'egress_isolated_pod_share', 'allowed_workload_pairs', 'cross_namespace_workload_pairs', 'policies', 'workloads'];
const RANGES: { label: string; hours: number | null }[] = [
  { label: 'All', hours: null },
  { label: 'Last 24 hours', hours: 24 },
  { label: 'Last 7 days', hours: 24 * 7 },
  { label: 'Last 30 days', hours: 24 * 30 },
];

function isoOrNull(local: string): string | null {
  return local ? new Date(`${local}:00Z`).toISOString() : null;
}

export function TrendsPage() {
  const { cluster = '' } = useParams();
  usePageTitle(`Trends of ${cluster}`);
  const [range, setRange] = useState({ from: '', to: '' });
  const variables = useMemo(() => ({ cluster, from: isoOrNull(range.from), to: isoOrNull(range.to) }), [cluster, range]);
  const [{ data, error, fetching }] = useQuery({ query: ClusterTrends, variables, requestPolicy: 'cache-and-network' });
  const [reportError, setReportError] = useState<string | null>(null);
  const report = data?.clusterReport;
  const times = useMemo(() => (report?.series ?? []).map((p) => Date.parse(p.capturedAt)), [report]);
  const series = useMemo(() => {
    const byName: Record<string, number[]> = {};
    for (const p of report?.series ?? []) {
      const m = metricsByName(p.metrics);
      for (const name of CHARTED) (byName[name] ??= []).push(m[name] ?? 0);
    }
    return byName;
  }, [report]);

  function preset(hours: number | null) {
    if (hours === null) return setRange({ from: '', to: '' });
    const now = Date.now();
    const fmt = (t: number) => new Date(t).toISOString().slice(0, 16);
    setRange({ from: fmt(now - hours * 3600_000), to: fmt(now + 60_000) });
  }

  // The report is behind the credential: fetched with it, then saved as a file (a blob: page would
  // inherit this page's Content-Security-Policy, which refuses the report's inline style).
  async function openReport(format: 'html' | 'md') {
    setReportError(null);
    const query = new URLSearchParams({ format });
    if (variables.from) query.set('from', variables.from);
    if (variables.to) query.set('to', variables.to);
    try {
      const text = await restText(`/clusters/${encodeURIComponent(cluster)}/report?${query.toString()}`);
      const url = URL.createObjectURL(new Blob([text], { type: format === 'html' ? 'text/html' : 'text/markdown' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${cluster}-report.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      setReportError((e as Error).message);
    }
  }

  return (
    <>
      <div className="page-head">
        <h1>Trends of {cluster}</h1>
        <div className="actions">
          <button type="button" onClick={() => void openReport('html')}>
            Download the report (HTML)
          </button>
          <button type="button" className="secondary" onClick={() => void openReport('md')}>
            Markdown
          </button>
        </div>
      </div>
      <form className="filters" aria-label="Time range" onSubmit={(e) => e.preventDefault()}>
        <div role="group" aria-label="Presets" className="segmented">
          {RANGES.map((r) => (
            <button key={r.label} type="button" onClick={() => preset(r.hours)}>
              {r.label}
            </button>
          ))}
        </div>
        <label>
          From (UTC)
          <input type="datetime-local" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
        </label>
        <label>
          To (UTC)
          <input type="datetime-local" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        </label>
      </form>
      <ErrorNote error={error ?? reportError} />
      {fetching && !report && <Loading what="history" />}
      {report && (
        <>
          <p data-testid="trend-summary">
            {report.snapshots} snapshots in the range. {report.steps.length} changes between consecutive snapshots.
          </p>
          <table className="data">
            <caption>Each metric at the start and the end of the range</caption>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">Start</th>
                <th scope="col">End</th>
                <th scope="col">Trend</th>
              </tr>
            </thead>
            <tbody>
              {report.metrics
                .filter((m) => CHARTED.includes(m.name))
                .map((m) => (
                  <tr key={m.name}>
                    <th scope="row" title={m.description}>
                      {METRIC_LABELS[m.name] ?? m.name}
                    </th>
                    <td>{metricText(m.name, m.start)}</td>
                    <td>{metricText(m.name, m.end)}</td>
                    <td>{m.trend}</td>
                  </tr>
                ))}
            </tbody>
          </table>
          <div className="charts">
            {CHARTED.map((name) => (
              <figure key={name} className="card">
                <figcaption>{METRIC_LABELS[name] ?? name}</figcaption>
                {times.length > 0 ? <LineChart title={METRIC_LABELS[name] ?? name} times={times} values={series[name] ?? []} percent={name.endsWith('_share')} /> : <p className="muted">No snapshot in the range.</p>}
              </figure>
            ))}
          </div>
          <h2>Chain of changes</h2>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Captured</th>
                <th scope="col">Connections +/−/~</th>
                <th scope="col">Policies +/−/~</th>
                <th scope="col">Diff</th>
              </tr>
            </thead>
            <tbody>
              {report.steps.map((s) => (
                <tr key={`${s.from}-${s.to}`}>
                  <td>{when(s.capturedAt)}</td>
                  <td>
                    {s.counts.connectionsAdded} / {s.counts.connectionsRemoved} / {s.counts.connectionsChanged}
                  </td>
                  <td>
                    {s.counts.policiesAdded} / {s.counts.policiesRemoved} / {s.counts.policiesModified}
                  </td>
                  <td>{s.sameContent ? 'same content' : <Link to={`/changes?from=${s.from}&to=${s.to}`}>open the diff</Link>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
