import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { StoredObjectYaml } from '../api/operations';
import { ErrorNote, Loading, SnapshotTabs, usePageTitle } from '../components/common';
import { objectText } from '../components/object-link';

/** One stored object of a snapshot (a policy, a workload, a namespace…) as YAML, as it was uploaded or captured. */
export function ObjectPage() {
  const { id = '', kind = '', namespace, name = '' } = useParams();
  const ref = { kind, namespace: namespace ?? null, name };
  const title = objectText(ref);
  usePageTitle(title);
  const [{ data, error, fetching }] = useQuery({ query: StoredObjectYaml, variables: { id, kind, namespace: namespace ?? null, name } });
  // Without a namespace the API matches any: keep the cluster-scoped one.
  const object = data?.snapshot.objects.find((o) => (o.namespace ?? null) === (namespace ?? null));
  return (
    <>
      <SnapshotTabs id={id} title={title}>
        {data && <p className="muted">As stored in snapshot {data.snapshot.name}{object ? ` (${object.apiVersion})` : ''}.</p>}
      </SnapshotTabs>
      <ErrorNote error={error} />
      {fetching && <Loading what={title} />}
      {data && !object && (
        <p role="alert" className="error">
          The snapshot has no {title}
          {namespace ? '' : ' (cluster-scoped)'}.
        </p>
      )}
      {object && (
        <section aria-labelledby="yaml-title">
          <h2 id="yaml-title">YAML</h2>
          <pre className="yaml" tabIndex={0} aria-label={`YAML of ${title}`} data-testid="object-yaml">
            {object.yaml}
          </pre>
        </section>
      )}
    </>
  );
}
