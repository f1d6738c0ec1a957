import { useEffect, type ReactNode } from 'react';
import { NavLink } from 'react-router';
import type { CombinedError } from 'urql';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · PolicyScope`;
  }, [title]);
}

export function ErrorNote({ error }: { error: CombinedError | Error | string | null | undefined }) {
  if (!error) return null;
  const text =
    typeof error === 'string'
      ? error
      : 'graphQLErrors' in error && error.graphQLErrors.length > 0
        ? error.graphQLErrors.map((e) => `${String(e.extensions?.code ?? 'ERROR')}: ${e.message}`).join('; ')
        : error.message;
  return (
    <p className="error" role="alert">
      {text}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function SnapshotTabs({ id, title, children }: { id: string; title: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-head">
      <h1>{title}</h1>
      <nav aria-label="Snapshot" className="tabs">
        <NavLink to={`/snapshots/${id}`} end>
          Graph
        </NavLink>
        <NavLink to={`/snapshots/${id}/ask`}>Ask</NavLink>
        <NavLink to={`/snapshots/${id}/exposure`}>Exposure and findings</NavLink>
        <NavLink to={`/snapshots/${id}/what-if`}>What if</NavLink>
        <NavLink to={`/changes?to=${id}`}>Changes</NavLink>
      </nav>
      {children}
    </div>
  );
}

export function Verdict({ allowed }: { allowed: boolean }) {
  return <span className={allowed ? 'badge allowed' : 'badge denied'}>{allowed ? 'allowed' : 'denied'}</span>;
}
