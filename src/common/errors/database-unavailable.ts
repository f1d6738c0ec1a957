import { AppError, ErrorCode } from './app-error.js';

/**
 * Connection loss, told apart from every other database error. PostgreSQL restarts, failovers and
 * idle-connection reapers reach us in several shapes: a server error code (57P01 admin_shutdown,
 * 57P02 crash_shutdown, 57P03 cannot_connect_now, class 08 connection exceptions, 53300 too many
 * connections), a socket error (ECONNREFUSED, ECONNRESET…), node-postgres' own messages
 * ("Connection terminated unexpectedly"), or Prisma's wrappers of those (P1001, P1017, a
 * DriverAdapterError whose cause is one of the above). Other database errors (constraint
 * violations, bad SQL) are bugs or input problems and stay what they are.
 */

const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** Prisma: can't reach server, timed out reaching it, server closed the connection, timed out waiting for a pooled connection. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024']);
/** Prisma's driver-adapter error kinds for the same. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const MESSAGES = [
  /connection terminated/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i,
  /server closed the connection unexpectedly/i,
  /can't reach database server/i,
];

function isConnectionCode(code: unknown): boolean {
  if (typeof code !== 'string') return false;
  return SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || SOCKET_CODES.has(code) || PRISMA_CODES.has(code);
}

/** True when `err` (or anything it wraps) says the database connection was lost or cannot be made. */
export function isDatabaseConnectionError(err: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [err];
  while (pending.length) {
    const e = pending.pop();
    if (e === null || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const o = e as { code?: unknown; originalCode?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: unknown; errors?: unknown };
    if (isConnectionCode(o.code) || isConnectionCode(o.originalCode)) return true;
    if (typeof o.kind === 'string' && ADAPTER_KINDS.has(o.kind)) return true;
    if (typeof o.message === 'string' && MESSAGES.some((m) => m.test(o.message as string))) return true;
    pending.push(o.cause, (o.meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError);
    if (Array.isArray(o.errors)) pending.push(...o.errors); // AggregateError (several addresses refused)
  }
  return false;
}

/** How long a client should wait before retrying a request that failed on connection loss. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The database is unreachable or dropped the connection: 503 + Retry-After, GraphQL SERVICE_UNAVAILABLE. */
export class DatabaseUnavailableError extends AppError {
  constructor(readonly reason: string) {
    super(ErrorCode.ServiceUnavailable, 'the database is unavailable (connection lost or refused); retry shortly', [], DATABASE_RETRY_AFTER_SECONDS);
    this.name = 'DatabaseUnavailableError';
  }
}
