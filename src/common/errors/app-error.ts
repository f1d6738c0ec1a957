/**
 * The one error type services throw. Controllers and resolvers never build HTTP or GraphQL errors
 * themselves: `error-mapping.ts` turns an AppError into both, in one place.
 */
export enum ErrorCode {
  BadRequest = 'BAD_REQUEST',
  InvalidInput = 'INVALID_INPUT',
  /** No credentials, or credentials that are not valid (unknown, revoked): 401. */
  Unauthenticated = 'UNAUTHENTICATED',
  /** Valid credentials without the scope the operation needs: 403. */
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  /** Not ready yet (e.g. a snapshot still being analysed): retry after `retryAfterSeconds`. */
  NotReady = 'NOT_READY',
  /** Will never be available (a snapshot whose analysis failed, or whose stored result was removed): retrying does not help. */
  ResultUnavailable = 'RESULT_UNAVAILABLE',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  /** Over the key's (or address's) request rate: 429 + Retry-After. */
  RateLimited = 'RATE_LIMITED',
  /** The request, or one of its database statements, ran longer than the configured limit: 503. */
  Timeout = 'TIMEOUT',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  Unavailable = 'UNAVAILABLE',
  /** The database is unreachable or dropped the connection: retry after `retryAfterSeconds` (503 + Retry-After). */
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  /** A system we depend on (a cluster's API server) failed. */
  UpstreamFailed = 'UPSTREAM_FAILED',
  Internal = 'INTERNAL',
}

/** Where in the input a problem is: document index and field path (docs/contracts.md error shape). */
export interface ErrorDetail {
  document?: number;
  item?: number;
  file?: string;
  path?: string;
  message: string;
  code?: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** For NOT_READY and SERVICE_UNAVAILABLE: when to ask again (REST `Retry-After` header, GraphQL `extensions.retryAfter`). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
