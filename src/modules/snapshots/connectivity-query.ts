import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { PROTOCOLS, type ConnectivityFilter, type Protocol, type RowQuery } from '../../engine/index.js';

/** Rows per connectivity page, REST `limit` and GraphQL `limit` alike. */
export const CONNECTIVITY_LIMIT = { min: 1, max: 10_000 } as const;

/** A connectivity query as REST query parameters or GraphQL arguments give it (strings or typed). */
export interface RawConnectivityQuery {
  namespace?: string | null;
  workload?: string | null;
  selector?: string | null;
  port?: string | number | null;
  protocol?: string | null;
  externalOnly?: string | boolean | null;
  cursor?: string | null;
  limit?: string | number | null;
}

export type ConnectivityQuery = RowQuery & { limit: number | null };

const given = <T>(v: T | null | undefined | ''): v is T => v !== undefined && v !== null && v !== '';

function wholeNumber(value: string | number, name: string, min: number, max: number): number {
  const n = typeof value === 'number' ? value : /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new AppError(ErrorCode.BadRequest, `invalid ${name} "${value}"`, [{ path: name, message: `a whole number from ${min} to ${max}` }]);
  return n;
}

/**
 * The one reading of connectivity filters and paging, for REST and GraphQL: a bad value is a 400
 * naming it. Without `limit` and `cursor` the whole result is asked for.
 */
export function parseConnectivityQuery(raw: RawConnectivityQuery): ConnectivityQuery {
  const filter: ConnectivityFilter = {};
  if (given(raw.namespace)) filter.namespace = raw.namespace;
  if (given(raw.workload)) filter.workload = raw.workload;
  if (given(raw.selector)) filter.selector = raw.selector;
  if (given(raw.port)) filter.port = wholeNumber(raw.port, 'port', 1, 65535);
  if (given(raw.protocol)) {
    const protocol = raw.protocol.toUpperCase() as Protocol;
    if (!PROTOCOLS.includes(protocol)) throw new AppError(ErrorCode.BadRequest, `invalid protocol "${raw.protocol}"`, [{ path: 'protocol', message: 'TCP, UDP or SCTP' }]);
    filter.protocol = protocol;
  }
  if (given(raw.externalOnly)) {
    const value = raw.externalOnly;
    if (value === true || value === 'true' || value === '1') filter.externalOnly = true;
    else if (!(value === false || value === 'false' || value === '0')) throw new AppError(ErrorCode.BadRequest, `invalid externalOnly "${value}"`, [{ path: 'externalOnly', message: 'true or false' }]);
  }
  const cursor = given(raw.cursor) ? raw.cursor : null;
  let limit = given(raw.limit) ? wholeNumber(raw.limit, 'limit', CONNECTIVITY_LIMIT.min, CONNECTIVITY_LIMIT.max) : null;
  // A cursor alone pages with the largest page.
  if (cursor !== null && limit === null) limit = CONNECTIVITY_LIMIT.max;
  return { filter, cursor, limit };
}
