import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { portsText } from '../api/format';
import { Exposure } from '../api/operations';
import { ErrorNote, Loading, SnapshotTabs, usePageTitle } from '../components/common';
import { useSnapshotReady } from '../components/use-snapshot-ready';

export function ExposurePage() {
  usePageTitle('Exposure');
  const { id = '' } = useParams();
  const ready = useSnapshotReady(id);
  const [{ data, error, fetching }] = useQuery({ query: Exposure, variables: { snapshot: id }, pause: !ready.ready });
  const exposed = data?.exposure ?? [];
  return (
    <>
      <SnapshotTabs id={id} title={`Exposure of ${ready.snapshot?.name ?? 'the snapshot'}`} />
      {ready.statusView}
      <ErrorNote error={error} />
      {fetching && <Loading what="exposure" />}
      {data && (
        <>
          <p>
            {exposed.length} workloads are reachable from outside the cluster (an external address block or the ingress controller).
          </p>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Workload</th>
                <th scope="col">From external addresses</th>
                <th scope="col">Through the ingress controller</th>
                <th scope="col">Links</th>
              </tr>
            </thead>
            <tbody>
              {exposed.map((e) => (
                <tr key={e.endpoint.text}>
                  <td>{e.endpoint.text}</td>
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
    </>
  );
}
