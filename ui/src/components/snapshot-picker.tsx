import { useQuery } from 'urql';
import { when } from '../api/format';
import { ClusterSnapshots, ClustersOverview } from '../api/operations';

export function ClusterSelect({ value, onChange, id }: { value: string; onChange: (cluster: string) => void; id: string }) {
  const [{ data }] = useQuery({ query: ClustersOverview, requestPolicy: 'cache-and-network' });
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">choose a cluster</option>
      {data?.clusters.map((c) => (
        <option key={c.id} value={c.name}>
          {c.name}
        </option>
      ))}
    </select>
  );
}

export function SnapshotSelect({ cluster, value, onChange, id }: { cluster: string; value: string; onChange: (snapshot: string) => void; id: string }) {
  const [{ data }] = useQuery({ query: ClusterSnapshots, variables: { cluster }, pause: !cluster, requestPolicy: 'cache-and-network' });
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">choose a snapshot</option>
      {data?.snapshots.items.map((s) => (
        <option key={s.id} value={s.id} disabled={s.status !== 'ready'}>
          {s.name} · {when(s.capturedAt)}
          {s.status !== 'ready' ? ` (${s.status})` : ''}
        </option>
      ))}
    </select>
  );
}

/** The snapshots of a cluster, newest first (for "the one before"). */
export function useClusterSnapshots(cluster: string) {
  const [{ data }] = useQuery({ query: ClusterSnapshots, variables: { cluster }, pause: !cluster, requestPolicy: 'cache-and-network' });
  return data?.snapshots.items ?? [];
}
