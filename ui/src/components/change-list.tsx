import { portsText } from '../api/format';
import type { ResultOf } from '../api/graphql';
import type { SnapshotDiff } from '../api/operations';
import { decisionText } from './trace';

type Diff = ResultOf<typeof SnapshotDiff>['diff'];

function prettyJson(text: string | null | undefined): string {
  if (text == null) return '(absent)';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Connection changes with their causes (a diff of two snapshots, or a what-if proposal). */
export function ChangeList({ changes }: { changes: Diff['changes'] }) {
  return (
    <>
      <h2>Connection changes</h2>
      {changes.length === 0 && <p>No connection changed.</p>}
      <ul className="changes">
        {changes.map((c, i) => (
          <li key={i} className={`change ${c.type}`}>
            <p>
              <span className={`badge ${c.type}`}>{c.type}</span> {c.src.text} → {c.dst.text}
              {c.note ? ` (${c.note})` : ''}
            </p>
            <p className="muted">
              before: {portsText(c.before)} · after: {portsText(c.after)}
            </p>
            {c.causes.length > 0 && (
              <ul className="causes">
                {c.causes.map((cause, j) => (
                  <li key={j}>
                    <strong>{cause.kind}</strong>
                    {cause.object ? `: ${cause.object}` : ''}
                    {cause.details.length > 0 && <span className="muted"> — {cause.details.join('; ')}</span>}
                    {(cause.rulesBefore.length > 0 || cause.rulesAfter.length > 0) && (
                      <span className="muted">
                        {' '}
                        (rules before: {cause.rulesBefore.map(decisionText).join(', ') || 'none'}; after: {cause.rulesAfter.map(decisionText).join(', ') || 'none'})
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Policies added and removed, and each modified policy's fields side by side. */
export function PolicyChangesView({ policies }: { policies: Diff['policies'] }) {
  return (
    <>
      <h2>Policy changes</h2>
      <ul>
        {policies.added.map((p) => (
          <li key={`a${p}`}>
            <span className="badge added">added</span> {p}
          </li>
        ))}
        {policies.removed.map((p) => (
          <li key={`r${p}`}>
            <span className="badge removed">removed</span> {p}
          </li>
        ))}
      </ul>
      {policies.fieldChanges.map((p) => (
        <section key={p.policy} className="card">
          <h3>
            <span className="badge changed">modified</span> {p.policy}
          </h3>
          <table className="data side-by-side">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {p.fields.map((f, i) => (
                <tr key={i}>
                  <th scope="row">
                    <code>{f.path}</code> <span className="muted">{f.type}</span>
                  </th>
                  <td className="before">
                    <pre>{prettyJson(f.beforeJson)}</pre>
                  </td>
                  <td className="after">
                    <pre>{prettyJson(f.afterJson)}</pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

type IntentDelta = NonNullable<Diff['intents']>[number];

function holdsText(holds: boolean, violations: number): string {
  return holds ? 'holds' : `${violations} violation${violations === 1 ? '' : 's'}`;
}

function pairText(p: IntentDelta['newViolations'][number]): string {
  return `${p.from.text} → ${p.to.text}: ${portsText(p)}`;
}

/** Each intent before and after (a diff of two snapshots, or a what-if proposal), with the offending pairs that appear or go away. */
export function IntentDeltas({ intents, before = 'Before', after = 'After' }: { intents: readonly IntentDelta[] | null | undefined; before?: string; after?: string }) {
  return (
    <section aria-labelledby="intent-deltas-title">
      <h2 id="intent-deltas-title">Intents</h2>
      {!intents || intents.length === 0 ? (
        <p className="muted">The cluster has no intents.</p>
      ) : (
        <table className="data" data-testid="intent-deltas">
          <thead>
            <tr>
              <th scope="col">Intent</th>
              <th scope="col">{before}</th>
              <th scope="col">{after}</th>
              <th scope="col">Offending pairs</th>
            </tr>
          </thead>
          <tbody>
            {intents.map((d) => (
              <tr key={d.name}>
                <th scope="row">{d.name}</th>
                <td>
                  <span className={d.holdsBefore ? 'badge allowed' : 'badge denied'}>{holdsText(d.holdsBefore, d.violationsBefore)}</span>
                </td>
                <td>
                  <span className={d.holdsAfter ? 'badge allowed' : 'badge denied'}>{holdsText(d.holdsAfter, d.violationsAfter)}</span>
                </td>
                <td>
                  {d.newViolations.length + d.resolvedViolations.length === 0 && <span className="muted">unchanged</span>}
                  <ul className="causes">
                    {d.newViolations.map((p, i) => (
                      <li key={`n${i}`}>
                        <span className="badge removed">new</span> {pairText(p)}
                      </li>
                    ))}
                    {d.resolvedViolations.map((p, i) => (
                      <li key={`r${i}`}>
                        <span className="badge added">resolved</span> {pairText(p)}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
