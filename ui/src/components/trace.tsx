import type { ResultOf } from '../api/graphql';
import type { DecisionFields } from '../api/operations';
import { Verdict } from './common';
import { ObjectLink } from './object-link';

type Decision = ResultOf<typeof DecisionFields>;

export function decisionText(d: Decision): string {
  const object = d.name ? `${d.kind} ${d.namespace ? `${d.namespace}/` : ''}${d.name}` : d.kind;
  return `${object}${d.rule ? ` · ${d.rule}` : ''}`;
}

/** A decision as text, its policy linked to the policy's YAML in the snapshot. */
export function DecisionText({ snapshot, decision: d }: { snapshot: string; decision: Decision }) {
  return (
    <>
      <ObjectLink snapshot={snapshot} object={d} />
      {d.rule ? ` · ${d.rule}` : ''}
    </>
  );
}

/** Decisions separated by commas, each policy linked to its YAML. */
export function DecisionList({ snapshot, decisions }: { snapshot: string; decisions: readonly Decision[] }) {
  return (
    <>
      {decisions.map((d, i) => (
        <span key={i}>
          {i > 0 ? ', ' : ''}
          <DecisionText snapshot={snapshot} decision={d} />
        </span>
      ))}
    </>
  );
}

/** The policies that decided one direction, grouped by tier in the order they were consulted, each linked to its YAML. */
export function DecisionTrace({ snapshot, decisions }: { snapshot: string; decisions: readonly Decision[] }) {
  if (decisions.length === 0) return <p className="muted">No policy selects this side: allowed by default.</p>;
  const tiers = [...new Set(decisions.map((d) => d.tier))];
  return (
    <ol className="trace">
      {tiers.map((tier) => (
        <li key={tier}>
          <span className="tier">{tier}</span>
          <ul>
            {decisions
              .filter((d) => d.tier === tier)
              .map((d, i) => (
                <li key={i}>
                  <span className={`action ${d.action.toLowerCase()}`}>{d.action}</span> <DecisionText snapshot={snapshot} decision={d} />
                  {d.priority != null && <span className="muted"> (priority {d.priority})</span>}
                </li>
              ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

export function DirectionCard({ snapshot, title, verdict }: { snapshot: string; title: string; verdict: { allowed: boolean; reason: string; decidedBy: readonly Decision[] } }) {
  return (
    <section className="card direction">
      <h3>
        {title} <Verdict allowed={verdict.allowed} />
      </h3>
      <p>{verdict.reason}</p>
      <DecisionTrace snapshot={snapshot} decisions={verdict.decidedBy} />
    </section>
  );
}
