import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useClient, type CombinedError } from 'urql';
import type { ResultOf } from '../api/graphql';
import { WhatIf } from '../api/operations';
import { ChangeList, IntentDeltas, PolicyChangesView } from '../components/change-list';
import { ErrorNote, SnapshotTabs, usePageTitle } from '../components/common';
import { useSnapshotReady } from '../components/use-snapshot-ready';

const names = (endpoints: readonly { text: string }[]) => endpoints.map((e) => e.text).join(', ') || 'none';

/** A proposal (manifests added or replacing, objects removed) checked against a stored snapshot; nothing is stored. */
export function WhatIfPage() {
  usePageTitle('What if');
  const { id = '' } = useParams();
  const ready = useSnapshotReady(id);
  const client = useClient();
  const [manifests, setManifests] = useState('');
  const [remove, setRemove] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CombinedError | null>(null);
  const [result, setResult] = useState<ResultOf<typeof WhatIf>['whatIf'] | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const removals = remove
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const r = await client.query(WhatIf, { snapshot: id, manifests: manifests.trim() || null, remove: removals.length ? removals : null }, { requestPolicy: 'network-only' }).toPromise();
    setBusy(false);
    setError(r.error ?? null);
    setResult(r.data?.whatIf ?? null);
  }

  return (
    <>
      <SnapshotTabs id={id} title={`What if, on ${ready.snapshot?.name ?? 'the snapshot'}`} />
      {ready.statusView}
      <form onSubmit={(e) => void submit(e)} className="card what-if">
        <label>
          Manifests to add or replace (YAML or JSON)
          <textarea rows={8} spellCheck={false} value={manifests} onChange={(e) => setManifests(e.target.value)} placeholder="apiVersion: networking.k8s.io/v1&#10;kind: NetworkPolicy&#10;…" />
        </label>
        <label>
          Objects to remove, one a line
          <textarea rows={3} spellCheck={false} value={remove} onChange={(e) => setRemove(e.target.value)} placeholder="NetworkPolicy shop/allow-frontend" />
        </label>
        <button type="submit" disabled={busy || !ready.ready || (!manifests.trim() && !remove.trim())}>
          {busy ? 'Checking…' : 'Check the proposal'}
        </button>
      </form>
      <ErrorNote error={error} />
      {result && (
        <div data-testid="what-if-result" aria-live="polite">
          <p>
            Added: {result.applied.added.join(', ') || 'none'}. Replaced: {result.applied.replaced.join(', ') || 'none'}. Removed: {result.applied.removed.join(', ') || 'none'}.
          </p>
          {result.warnings.length > 0 && (
            <ul className="note">
              {result.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          )}
          <h2>Exposure</h2>
          <p>
            Newly exposed: {names(result.exposure.newlyExposed)} (to the internet: {names(result.exposure.newlyInternetExposed)}). No longer exposed: {names(result.exposure.noLongerExposed)}.
          </p>
          <h2>Findings</h2>
          <p>
            New: {result.findings.new.map((f) => `${f.severity} ${f.code}`).join(', ') || 'none'}. Resolved: {result.findings.resolved.map((f) => `${f.severity} ${f.code}`).join(', ') || 'none'}.
          </p>
          <IntentDeltas intents={result.intents} before="Now" after="With the proposal" />
          <ChangeList changes={result.changes} />
          <PolicyChangesView policies={result.policies} />
        </div>
      )}
    </>
  );
}
