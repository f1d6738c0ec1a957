import { useMemo, useState, type FormEvent } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useClient, useQuery, type CombinedError } from 'urql';
import { portsText } from '../api/format';
import type { ResultOf } from '../api/graphql';
import { CanReach, ReachableFrom, SnapshotConnectivity, WhoCanReach } from '../api/operations';
import { ErrorNote, SnapshotTabs, usePageTitle, Verdict } from '../components/common';
import { DirectionCard } from '../components/trace';
import { useSnapshotReady } from '../components/use-snapshot-ready';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

function useEndpointNames(id: string, ready: boolean): string[] {
  const [{ data }] = useQuery({ query: SnapshotConnectivity, variables: { id, granularity: 'workload' }, pause: !ready });
  return useMemo(() => {
    const names = new Set<string>(['{ingress-controller}']);
    for (const c of data?.snapshot.connectivity?.connections ?? [])
      for (const e of [c.src, c.dst]) if (e.namespace && e.name) names.add(`${e.namespace}/${e.name}`);
    return [...names].sort();
  }, [data]);
}

function CanReachForm({ id }: { id: string }) {
  const client = useClient();
  const [form, setForm] = useState({ from: '', to: '', port: '', protocol: 'TCP' });
  const [result, setResult] = useState<ResultOf<typeof CanReach>['canReach'] | null>(null);
  const [error, setError] = useState<CombinedError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const r = await client.query(CanReach, { snapshot: id, from: form.from.trim(), to: form.to.trim(), port: Number(form.port), protocol: form.protocol }).toPromise();
    setBusy(false);
    setError(r.error ?? null);
    setResult(r.data?.canReach ?? null);
  }

  return (
    <section aria-labelledby="can-reach-title" className="ask">
      <h2 id="can-reach-title">Can it reach?</h2>
      <form onSubmit={(e) => void submit(e)} className="form-grid">
        <label>
          From
          <input name="from" list="endpoint-names" required value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} placeholder="ns/workload, IP or {ingress-controller}" />
        </label>
        <label>
          To
          <input name="to" list="endpoint-names" required value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} placeholder="ns/workload or IP" />
        </label>
        <label>
          Port
          <input name="port" type="number" min={1} max={65535} required value={form.port} onChange={(e) => setForm({ ...form, port: e.target.value })} />
        </label>
        <label>
          Protocol
          <select name="protocol" value={form.protocol} onChange={(e) => setForm({ ...form, protocol: e.target.value })}>
            {PROTOCOLS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Asking…' : 'Ask'}
        </button>
      </form>
      <ErrorNote error={error} />
      {result && (
        <div className="answer" data-testid="can-reach-answer" aria-live="polite">
          <p className="verdict-line">
            {result.src.text} → {result.dst.text} on {result.protocol} {result.port}: <Verdict allowed={result.allowed} />
          </p>
          {result.enforcement?.enforced === false && (
            <p className="note">
              The network plugin does not enforce policies: every connection is allowed. The policies would {result.intendedAllowed ? 'allow' : 'deny'} it.
            </p>
          )}
          <div className="directions">
            <DirectionCard snapshot={id} title={`Egress from ${result.src.text}`} verdict={result.egress} />
            <DirectionCard snapshot={id} title={`Ingress to ${result.dst.text}`} verdict={result.ingress} />
          </div>
        </div>
      )}
    </section>
  );
}

function ReachForm({ id, direction, initial = '' }: { id: string; direction: 'who' | 'from'; initial?: string }) {
  const client = useClient();
  const [subject, setSubject] = useState(initial);
  const [port, setPort] = useState('');
  const [protocol, setProtocol] = useState('TCP');
  const [result, setResult] = useState<ResultOf<typeof WhoCanReach>['whoCanReach'] | null>(null);
  const [error, setError] = useState<CombinedError | null>(null);
  const titleId = `${direction}-title`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const common = { snapshot: id, port: port ? Number(port) : null, protocol };
    if (direction === 'who') {
      const r = await client.query(WhoCanReach, { ...common, target: subject.trim() }).toPromise();
      setError(r.error ?? null);
      setResult(r.data?.whoCanReach ?? null);
    } else {
      const r = await client.query(ReachableFrom, { ...common, source: subject.trim() }).toPromise();
      setError(r.error ?? null);
      setResult(r.data?.reachableFrom ?? null);
    }
  }

  return (
    <section aria-labelledby={titleId} className="ask">
      <h2 id={titleId}>{direction === 'who' ? 'Who can reach it?' : 'What can it reach?'}</h2>
      <form onSubmit={(e) => void submit(e)} className="form-grid">
        <label>
          {direction === 'who' ? 'Target' : 'Source'}
          <input list="endpoint-names" required value={subject} onChange={(e) => setSubject(e.target.value)} placeholder="ns/workload or a namespace" />
        </label>
        <label>
          Port (optional)
          <input type="number" min={1} max={65535} value={port} onChange={(e) => setPort(e.target.value)} />
        </label>
        <label>
          Protocol
          <select value={protocol} onChange={(e) => setProtocol(e.target.value)}>
            {PROTOCOLS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <button type="submit">Ask</button>
      </form>
      <ErrorNote error={error} />
      {result && (
        <div aria-live="polite">
          <p>
            {result.entries.length} {direction === 'who' ? `sources can reach ${result.subject.text}` : `destinations reachable from ${result.subject.text}`}
          </p>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{direction === 'who' ? 'Source' : 'Destination'}</th>
                <th scope="col">Ports</th>
              </tr>
            </thead>
            <tbody>
              {result.entries.map((e, i) => (
                <tr key={i}>
                  <td>{e.endpoint.text}</td>
                  <td>{portsText(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function AskPage() {
  usePageTitle('Ask');
  const { id = '' } = useParams();
  const ready = useSnapshotReady(id);
  const names = useEndpointNames(id, ready.ready);
  const [params] = useSearchParams();
  return (
    <>
      <SnapshotTabs id={id} title={`Ask about ${ready.snapshot?.name ?? 'the snapshot'}`} />
      {ready.statusView}
      <datalist id="endpoint-names">
        {names.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <CanReachForm id={id} />
      <ReachForm id={id} direction="who" initial={params.get('target') ?? ''} />
      <ReachForm id={id} direction="from" />
    </>
  );
}
