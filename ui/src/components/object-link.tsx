import { Link } from 'react-router';

export interface ObjectRef {
  kind: string;
  namespace?: string | null;
  name?: string | null;
}

export function objectText(o: ObjectRef): string {
  return o.name ? `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}` : o.kind;
}

/** The policy viewer's address: `/snapshots/{id}/objects/{kind}/{namespace}/{name}`, without namespace for a cluster-scoped object. */
export function objectPath(snapshot: string, o: ObjectRef): string {
  const parts = [o.kind, ...(o.namespace ? [o.namespace] : []), o.name ?? ''].map(encodeURIComponent);
  return `/snapshots/${encodeURIComponent(snapshot)}/objects/${parts.join('/')}`;
}

/** An object's name linked to its YAML in the snapshot; plain text when it has no name (a default, a tier). */
export function ObjectLink({ snapshot, object, children }: { snapshot: string; object: ObjectRef; children?: string }) {
  const text = children ?? objectText(object);
  if (!object.name) return <>{text}</>;
  return (
    <Link to={objectPath(snapshot, object)} className="object-link" title={`Show the YAML of ${objectText(object)}`}>
      {text}
    </Link>
  );
}
