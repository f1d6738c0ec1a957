import { AppError, ErrorCode } from './errors/app-error.js';

// Reading query parameters and GraphQL arguments alike: a bad value is a 400 naming the field.

/** A date-time argument; `name` is the argument as the client spelled it (`capturedAt`, `from`, `to`). */
export function parseCapturedAt(text: string | null | undefined, name = 'capturedAt'): Date | undefined {
  if (text === undefined || text === null || text === '') return undefined;
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) {
    throw new AppError(ErrorCode.BadRequest, `invalid ${name} "${text}"`, [{ path: name, message: 'an ISO 8601 date-time, e.g. 2026-11-26T10:00:00Z' }]);
  }
  return date;
}

/** Page sizes of every list, REST `first` and GraphQL `first` alike. */
export const PAGE_SIZE = { min: 1, max: 200, default: 50 } as const;

/** `first` as a REST query string or a GraphQL Int: a whole number from 1 to 200 (0 is refused, never rounded up). */
export function pageSize(value: string | number | null | undefined, name = 'first'): number {
  if (value === undefined || value === null || value === '') return PAGE_SIZE.default;
  const n = typeof value === 'number' ? value : /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < PAGE_SIZE.min || n > PAGE_SIZE.max) {
    throw new AppError(ErrorCode.BadRequest, `invalid ${name} "${value}"`, [{ path: name, message: `a whole number from ${PAGE_SIZE.min} to ${PAGE_SIZE.max}` }]);
  }
  return n;
}

/** Longest snapshot name, over REST and GraphQL. */
export const SNAPSHOT_NAME_MAX = 200;

export function snapshotName(value: string | null | undefined, name = 'name'): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value.length < 1 || value.length > SNAPSHOT_NAME_MAX) {
    throw new AppError(ErrorCode.BadRequest, `invalid ${name}: ${value.length} characters`, [{ path: name, message: `1 to ${SNAPSHOT_NAME_MAX} characters` }]);
  }
  return value;
}

/** A boolean query parameter (`true`/`false`, `1`/`0`); absent is `fallback`. */
export function parseBoolean(value: string | undefined, name: string, fallback = false): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new AppError(ErrorCode.BadRequest, `invalid ${name} "${value}"`, [{ path: name, message: 'true or false' }]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id argument must look like one: a malformed id is a 400 naming the argument, not a 404. */
export function parseId(value: string, name: string): string {
  if (!UUID.test(value)) throw new AppError(ErrorCode.BadRequest, `invalid ${name} "${value}"`, [{ path: name, message: 'a snapshot id (UUID), as returned by an upload or a list' }]);
  return value;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new AppError(ErrorCode.BadRequest, `invalid ${name} "${value}"`, [{ path: name, message: `one of ${allowed.join(', ')}` }]);
  }
  return value as T;
}
