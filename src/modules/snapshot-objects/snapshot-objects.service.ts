import { Injectable } from '@nestjs/common';
import { stringify } from 'yaml';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { pageSize } from '../../common/query-params.js';
import { SnapshotsService } from '../snapshots/snapshots.service.js';
import { SnapshotObjectsRepository, type StoredObject } from './snapshot-objects.repository.js';

/** Raw arguments as the client gave them (REST query string or GraphQL arguments): one validation for both. */
export interface RawObjectQuery {
  kind?: string | null;
  namespace?: string | null;
  name?: string | null;
  first?: string | number | null;
  after?: string | null;
}

export interface ObjectPage {
  snapshot: string;
  objects: StoredObject[];
  nextCursor: string | null;
}

const KIND = /^[A-Z][A-Za-z0-9]{0,62}$/;
// Object names: DNS subdomains (253), which covers namespaces (DNS labels) too.
const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const CURSOR = /^[1-9][0-9]{0,18}$/;

function checked(value: string | null | undefined, pattern: RegExp, argument: string, expected: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (!pattern.test(value)) throw new AppError(ErrorCode.BadRequest, `invalid ${argument} "${value}"`, [{ path: argument, message: expected }]);
  return value;
}

const KIND_EXPECTED = 'an object kind as Kubernetes writes it, e.g. NetworkPolicy';
const NAME_EXPECTED = 'a Kubernetes object name (lower-case letters, digits, "-" and ".")';

/** `Kind ns/name`, or `Kind name` for a cluster-scoped object: how errors and the UI name one object. */
export function objectText(kind: string, namespace: string | null, name: string): string {
  return namespace === null ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
}

/** The stored objects of a snapshot (as read at upload or capture), listed or one by one, JSON or YAML. */
@Injectable()
export class SnapshotObjectsService {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly objects: SnapshotObjectsRepository,
  ) {}

  /** Objects matching every part given, in storage order, a page at a time. `idArgument`: `id` (REST) or the GraphQL argument. */
  async list(id: string, raw: RawObjectQuery, idArgument = 'id'): Promise<ObjectPage> {
    const kind = checked(raw.kind, KIND, 'kind', KIND_EXPECTED);
    const namespace = checked(raw.namespace, NAME, 'namespace', NAME_EXPECTED);
    const name = checked(raw.name, NAME, 'name', NAME_EXPECTED);
    const after = checked(raw.after, CURSOR, 'after', 'nextCursor of the previous page');
    const first = pageSize(raw.first ?? undefined);
    const snapshot = await this.snapshots.get(id, idArgument);
    const rows = await this.objects.list(snapshot.contentId, { kind, namespace, name, first, after });
    const objects = rows.slice(0, first);
    return { snapshot: snapshot.id, objects, nextCursor: rows.length > first ? objects[objects.length - 1]!.id : null };
  }

  /** One object; `namespace` null for a cluster-scoped one. 404 naming the object when the snapshot has none such. */
  async one(id: string, kindText: string, namespaceText: string | null, nameText: string): Promise<StoredObject> {
    const kind = checked(kindText, KIND, 'kind', KIND_EXPECTED)!;
    const namespace = namespaceText === null ? null : checked(namespaceText, NAME, 'namespace', NAME_EXPECTED)!;
    const name = checked(nameText, NAME, 'name', NAME_EXPECTED)!;
    const snapshot = await this.snapshots.get(id);
    const [object] = await this.objects.list(snapshot.contentId, { kind, namespace, name, first: 1 });
    if (!object) {
      const what = objectText(kind, namespace, name);
      throw new AppError(ErrorCode.NotFound, `snapshot "${snapshot.id}" has no ${what}${namespace === null ? ' (cluster-scoped)' : ''}`, [
        { path: namespace === null ? 'name' : 'namespace/name', message: `no ${what} in this snapshot` },
      ]);
    }
    return object;
  }
}

const LEADING_KEYS = ['apiVersion', 'kind', 'metadata', 'spec'];

/**
 * The object as YAML, as `kubectl get -o yaml` prints one. JSONB keeps keys in its own order
 * (shortest first), so the usual leading fields are put back in front.
 */
export function objectYaml(object: StoredObject): string {
  const raw = object.raw;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return stringify(raw, { lineWidth: 0 });
  const fields = raw as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of LEADING_KEYS) if (key in fields) ordered[key] = fields[key];
  for (const [key, value] of Object.entries(fields)) if (!(key in ordered)) ordered[key] = value;
  return stringify(ordered, { lineWidth: 0 });
}
