import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useClient, useQuery, type CombinedError } from 'urql';
import { portsText } from '../api/format';
import { rest, RestError } from '../api/client';
import { Exposure, Findings, Intents, SetClusterIntents } from '../api/operations';
import { ObjectLink } from '../components/object-link';
import { DecisionList } from '../components/trace';
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
                      <ObjectLink snapshot={id} object={o} />
                      {o.namespace && (
                        <>
                          {' '}
                          <Link to={`/snapshots/${id}?namespace=${encodeURIComponent(o.namespace)}`} aria-label={`${o.namespace} in the graph`}>
                            (graph)
                          </Link>
                        </>
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

interface ErrorDetail {
  path?: string;
  document?: number;
  item?: number;
  message: string;
}

/** Edits a cluster's intents file: the API validates it and refuses a malformed one whole, naming each field at fault. */
function IntentsEditor({ cluster, onSaved }: { cluster: string; onSaved: () => void }) {
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CombinedError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const [loadError, setLoadError] = useState<string | null>(null);

  /** The kept intents as they were given (REST keeps label maps as maps), written as an intents file; the YAML writer is loaded on first use. */
  async function start() {
    setSaved(null);
    setError(null);
    setLoadError(null);
    try {
      const [kept, { stringify }] = await Promise.all([rest<{ intents: unknown[] }>(`/clusters/${encodeURIComponent(cluster)}/intents`), import('yaml')]);
      setText(stringify({ apiVersion: 'policyscope/v1', kind: 'Intents', intents: kept.intents }));
      setOpen(true);
    } catch (e) {
      setLoadError(e instanceof RestError ? `${e.code}: ${e.message}` : String(e));
    }
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setSaved(null);
    const r = await client.mutation(SetClusterIntents, { cluster, yaml: text }).toPromise();
    setBusy(false);
    setError(r.error ?? null);
    if (r.data) {
      setSaved(`Saved ${r.data.setClusterIntents.intents.length} intents.`);
      setOpen(false);
      onSaved();
    }
  }

  const details = (error?.graphQLErrors ?? []).flatMap((g) => (Array.isArray(g.extensions?.details) ? (g.extensions.details as ErrorDetail[]) : []));
  return (
    <div className="intents-editor">
      {saved && (
        <p role="status" className="muted">
          {saved}
        </p>
      )}
      <ErrorNote error={loadError} />
      {!open && (
        <button type="button" onClick={() => void start()}>
          Edit the intents of {cluster}
        </button>
      )}
      {open && (
        <form className="card what-if" onSubmit={(e) => void save(e)} aria-label={`Intents of ${cluster}`}>
          <label>
            Intents file (YAML or JSON)
            <textarea rows={14} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} aria-describedby="intents-help" aria-invalid={error ? true : undefined} />
          </label>
          <p id="intents-help" className="muted">
            Kinds: deny, only-may-reach, must-reach, not-exposed; selectors take namespace, namespaceLabels and labels (a map, or selector text such as <code>app in (web,api)</code>). Saving replaces the cluster&apos;s intents; they are checked on every snapshot.
          </p>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Save intents'}
            </button>{' '}
            <button type="button" className="link-button" onClick={() => (setOpen(false), setError(null))}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && (
        <div role="alert" className="error" data-testid="intents-errors">
          <p>The intents were not saved: {error.graphQLErrors[0]?.message ?? error.message}</p>
          {details.length > 0 && (
            <ul>
              {details.map((d, i) => (
                <li key={i}>
                  {d.path ? <code>{d.path}</code> : null}
                  {d.path ? ': ' : ''}
                  {d.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function IntentsList({ id, cluster }: { id: string; cluster: string | undefined }) {
  const [{ data, error }, refetch] = useQuery({ query: Intents, variables: { id } });
  const report = data?.snapshot.intentResults;
  return (
    <section aria-labelledby="intents-title">
      <h2 id="intents-title">Intents</h2>
      <ErrorNote error={error} />
      {cluster && <IntentsEditor cluster={cluster} onSaved={() => refetch({ requestPolicy: 'network-only' })} />}
      {data && (!report || report.results.length === 0) && <p className="muted">The cluster has no intents.</p>}
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
                      {v.decidedBy.length > 0 && (
                        <span className="muted">
                          {' '}
                          (<DecisionList snapshot={id} decisions={v.decidedBy} />)
                        </span>
                      )}
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
                        {r.objects.length > 0 && (
                          <ul className="objects">
                            {r.objects.map((o, j) => (
                              <li key={j}>
                                <ObjectLink snapshot={id} object={o} />
                              </li>
                            ))}
                          </ul>
                        )}
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
      {ready.ready && <IntentsList id={id} cluster={ready.snapshot?.cluster.name} />}
    </>
  );
}
