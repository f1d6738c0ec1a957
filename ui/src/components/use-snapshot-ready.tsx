import { useEffect } from 'react';
import { useQuery } from 'urql';
import { SnapshotStatusQuery } from '../api/operations';
import { ErrorNote } from './common';

/** Polls a snapshot until its analysis is ready (or failed), and renders its progress meanwhile. */
export function useSnapshotReady(id: string) {
  const [{ data, error }, refetch] = useQuery({ query: SnapshotStatusQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  const status = data?.snapshot.status;
  useEffect(() => {
    if (!status || status === 'ready' || status === 'failed') return;
    const timer = setTimeout(() => refetch({ requestPolicy: 'network-only' }), 500);
    return () => clearTimeout(timer);
  }, [status, data, refetch]);
  return {
    ready: status === 'ready',
    snapshot: data?.snapshot,
    statusView: error ? (
      <ErrorNote error={error} />
    ) : !status || status === 'ready' ? null : status === 'failed' ? (
      <ErrorNote error={`The analysis of this snapshot failed: ${data?.snapshot.error ?? 'no reason given'}`} />
    ) : (
      <p role="status" aria-live="polite" className="muted">
        <progress aria-label="Analysis in progress" /> The snapshot is {status}: the analysis runs in the background…
      </p>
    ),
  };
}
