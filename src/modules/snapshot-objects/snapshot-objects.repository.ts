import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '../../database/database.tokens.js';

/** One stored Kubernetes object of a snapshot's content, as it was read (the whole object, JSON). */
export interface StoredObject {
  /** Row id: the order objects were stored in, and the list's cursor. */
  id: string;
  kind: string;
  apiVersion: string;
  namespace: string | null;
  name: string;
  labels: Record<string, string>;
  raw: unknown;
}

/** Which objects to read: each part given must hold; `namespace: null` means cluster-scoped only. */
export interface ObjectQuery {
  kind?: string;
  namespace?: string | null;
  name?: string;
  first: number;
  /** Row id of the last object of the previous page. */
  after?: string;
}

/** Reads a snapshot content's stored objects (kubernetes_objects); the snapshots module writes them. */
@Injectable()
export class SnapshotObjectsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  /** One page in storage order, plus one row more when there is a next page. */
  async list(contentId: string, q: ObjectQuery): Promise<StoredObject[]> {
    const where = ['content_id = $1'];
    const values: unknown[] = [contentId];
    const add = (sql: string, value: unknown) => {
      values.push(value);
      where.push(sql.replace('?', `$${values.length}`));
    };
    if (q.kind !== undefined) add('kind = ?', q.kind);
    if (q.namespace === null) where.push('namespace IS NULL');
    else if (q.namespace !== undefined) add('namespace = ?', q.namespace);
    if (q.name !== undefined) add('name = ?', q.name);
    if (q.after !== undefined) add('id > ?::bigint', q.after);
    values.push(q.first + 1);
    const { rows } = await this.pool.query<{ id: string; kind: string; api_version: string; namespace: string | null; name: string; labels: Record<string, string>; raw: unknown }>(
      `SELECT id::text AS id, kind, api_version, namespace, name, labels, raw FROM kubernetes_objects WHERE ${where.join(' AND ')} ORDER BY id LIMIT $${values.length}`,
      values,
    );
    return rows.map((r) => ({ id: r.id, kind: r.kind, apiVersion: r.api_version, namespace: r.namespace, name: r.name, labels: r.labels, raw: r.raw }));
  }
}
