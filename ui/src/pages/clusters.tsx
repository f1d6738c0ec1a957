import { Link } from 'react-router';
import { useQuery } from 'urql';
import { METRIC_LABELS, metricsByName, metricText, RISK_METRICS, when } from '../api/format';
import { ClusterHistory, ClusterPlugin, ClustersOverview } from '../api/operations';
import { ErrorNote, Loading, usePageTitle } from '../components/common';
import { Sparkline } from '../components/sparkline';

function PluginLine({ snapshot }: { snapshot: string }) {
  const [{ data, error }] = useQuery({ query: ClusterPlugin, variables: { snapshot } });
  if (error) return <span className="muted">network plugin unknown</span>;
  const c = data?.snapshot.connectivity;
  if (!c) return <span className="muted">…</span>;
  const plugin = c.cni?.plugin ?? 'no plugin recognised';
  const enforced = c.enforcement?.enforced ?? true;
  const findings = data.snapshot.findings ?? [];
  const bySeverity = ['critical', 'high', 'medium', 'low', 'info'].map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const intents = data.snapshot.intentResults;
  return (
    <>
      <span className="line">
        {plugin} · <span className={enforced ? 'badge allowed' : 'badge denied'}>{enforced ? 'policies enforced' : 'policies NOT enforced'}</span>
      </span>
      <span className="line">
        Findings:{' '}
        {bySeverity.length === 0
          ? 'none'
          : bySeverity.map(([s, n]) => (
              <span key={s} className={`badge severity-${s}`}>
                {n} {s}
              </span>
            ))}
      </span>
      <span className="line">
        Intents:{' '}
        {!intents || intents.results.length === 0 ? (
          'none set'
        ) : intents.holds ? (
          <span className="badge allowed">all {intents.results.length} hold</span>
        ) : (
          <span className="badge denied">
            {intents.violated} of {intents.results.length} violated
          </span>
        )}
      </span>
    </>
  );
}

function RiskFigures({ cluster, latest }: { cluster: string; latest: Record<string, number> }) {
  const [{ data }] = useQuery({ query: ClusterHistory, variables: { cluster }, requestPolicy: 'cache-and-network' });
  const history = data?.clusterHistory ?? [];
  return (
    <dl className="figures">
      {RISK_METRICS.map((name) => (
        <div key={name} className="figure">
          <dt>{METRIC_LABELS[name] ?? name}</dt>
          <dd>
            <span className="figure-value">{metricText(name, latest[name])}</span>
            <Sparkline label={`${METRIC_LABELS[name] ?? name} history`} values={history.map((p) => metricsByName(p.metrics)[name] ?? 0)} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function ClustersPage() {
  usePageTitle('Clusters');
  const [{ data, fetching, error }] = useQuery({ query: ClustersOverview, requestPolicy: 'cache-and-network' });
  return (
    <>
      <div className="page-head">
        <h1>Clusters</h1>
        <Link className="button" to="/upload">
          Upload a snapshot
        </Link>
      </div>
      <ErrorNote error={error} />
      {fetching && !data && <Loading what="clusters" />}
      {data && data.clusters.length === 0 && (
        <p>
          No cluster yet. <Link to="/upload">Upload manifests</Link> to create one.
        </p>
      )}
      <ul className="cluster-list">
        {data?.clusters.map((c) => {
          const s = c.latestSnapshot;
          return (
            <li key={c.id} className="card">
              <h2>{c.name}</h2>
              {c.description && <p className="muted">{c.description}</p>}
              {s ? (
                <>
                  <p>
                    Latest snapshot <Link to={`/snapshots/${s.id}`}>{s.name}</Link> · {when(s.capturedAt)} · <span className={`status ${s.status}`}>{s.status}</span>
                  </p>
                  {s.status === 'ready' && (
                    <p className="lines">
                      <PluginLine snapshot={s.id} />
                    </p>
                  )}
                  <RiskFigures cluster={c.name} latest={metricsByName(s.metrics)} />
                  <p className="actions">
                    <Link to={`/snapshots/${s.id}`}>Graph</Link>
                    <Link to={`/snapshots/${s.id}/exposure`}>Exposure</Link>
                    <Link to={`/changes?to=${s.id}`}>Changes</Link>
                    <Link to={`/clusters/${encodeURIComponent(c.name)}/trends`}>Trends</Link>
                  </p>
                </>
              ) : (
                <p className="muted">No snapshot yet.</p>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
