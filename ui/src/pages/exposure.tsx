import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { portsText } from '../api/format';
import { Exposure, Findings, Intents } from '../api/operations';
import { decisionText } from '../components/trace';
import { ErrorNote, Loading, SnapshotTabs, usePageTitle } from '../components/common';
import { useSnapshotReady } from '../components/use-snapshot-ready';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

function FindingsList({ id }: { id: string }) {
  const [{ data, error, fetching }] = useQuery({ query: Findings, variables: { id } });
  const [minimum, setMinimum] = useState<(typeof SEVERITIES)[number]>('info');
  const findings = (data?.snapshot.findings ?? []).filter((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(minimum));
  return (
    <section aria-labelledby="findings-title">
      <h2 id="findings-title">Findings</h2>
      <label className="inline">
        At least
        <select value={minimum} onChange={(e) => setMinimum(e.target.value as (typeof SEVERITIES)[number])}>
          {SEVERITIES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <ErrorNote error={error} />
      {fetching && <Loading what="findings" />}
      {data && (
        <table className="data" data-testid="findings">
          <caption>{findings.length} findings, most severe first</caption>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Finding</th>
              <th scope="col">Objects</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((f, i) => (
              <tr key={i}>
                <td>
                  <span className={`badge severity-${f.severity}`}>{f.severity}</span>
                </td>
                <td>
                  {f.message} <code className="muted">{f.code}</code>
                </td>
                <td>
                  {f.objects.map((o, j) => (
                    <div key={j}>
                      {o.namespace ? (
                        <Link to={`/snapshots/${id}?namespace=${encodeURIComponent(o.namespace)}`}>{`${o.kind} ${o.namespace}/${o.name}`}</Link>
                      ) : (
                        `${o.kind} ${o.name}`
                      )}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function IntentsList({ id }: { id: string }) {
  const [{ data, error }] = useQuery({ query: Intents, variables: { id } });
  const report = data?.snapshot.intentResults;
  return (
    <section aria-labelledby="intents-title">
      <h2 id="intents-title">Intents</h2>
      <ErrorNote error={error} />
      {data && (!report || report.results.length === 0) && <p className="muted">The cluster has no intents (set them with the API: setClusterIntents, PUT /clusters/&#123;name&#125;/intents).</p>}
      {report && report.results.length > 0 && (
        <ul className="changes" data-testid="intents">
          {report.results.map((r) => (
            <li key={r.name} className={`change ${r.holds ? 'added' : 'removed'}`}>
              <p>
                <span className={r.holds ? 'badge allowed' : 'badge denied'}>{r.holds ? 'holds' : `${r.violationCount} violations`}</span> <strong>{r.name}</strong> <span className="muted">({r.type})</span>
                {r.description ? ` — ${r.description}` : ''}
              </p>
              {r.violations.length > 0 && (
                <ul className="causes">
                  {r.violations.slice(0, 20).map((v, i) => (
                    <li key={i}>
                      {v.from.text} → {v.to.text}: {portsText(v)}
                      {v.reason ? <span className="muted"> — {v.reason}</span> : null}
                      {v.decidedBy.length > 0 && <span className="muted"> ({v.decidedBy.map(decisionText).join(', ')})</span>}
                    </li>
                  ))}
                </ul>
              )}
              {r.warnings.map((w, i) => (
                <p key={i} className="note">
                  {w}
                </p>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ExposurePage() {
  usePageTitle('Exposure and findings');
  const { id = '' } = useParams();
  const ready = useSnapshotReady(id);
  const [{ data, error, fetching }] = useQuery({ query: Exposure, variables: { snapshot: id }, pause: !ready.ready });
  const exposed = data?.exposureReasons.exposed ?? [];
  return (
    <>
      <SnapshotTabs id={id} title={`Exposure and findings of ${ready.snapshot?.name ?? 'the snapshot'}`} />
      {ready.statusView}
      <ErrorNote error={error} />
      {fetching && <Loading what="exposure" />}
      {data && (
        <>
          <h2>Exposure</h2>
          <p>
            {exposed.length} workloads are reachable from outside the cluster (an external address block or the ingress controller).
          </p>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Workload</th>
                <th scope="col">Why</th>
                <th scope="col">From external addresses</th>
                <th scope="col">Through the ingress controller</th>
                <th scope="col">Links</th>
              </tr>
            </thead>
            <tbody>
              {exposed.map((e) => (
                <tr key={e.endpoint.text}>
                  <td>
                    {e.endpoint.text} {e.internet && <span className="badge denied">internet</span>}
                  </td>
                  <td>
                    {e.reasons.map((r, i) => (
                      <div key={i} title={r.code}>
                        {r.message}
                      </div>
                    ))}
                  </td>
                  <td>
                    {e.fromExternal.length === 0
                      ? '–'
                      : e.fromExternal.map((x, i) => (
                          <div key={i}>
                            {x.cidrs.join(', ')}: {portsText(x)}
                          </div>
                        ))}
                  </td>
                  <td>{e.fromIngressController ? portsText(e.fromIngressController) : '–'}</td>
                  <td className="actions">
                    {e.endpoint.namespace && <Link to={`/snapshots/${id}?namespace=${encodeURIComponent(e.endpoint.namespace)}`}>graph</Link>}
                    <Link to={`/snapshots/${id}/ask?target=${encodeURIComponent(`${e.endpoint.namespace}/${e.endpoint.name}`)}`}>who can reach</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {ready.ready && <FindingsList id={id} />}
      {ready.ready && <IntentsList id={id} />}
    </>
  );
}
