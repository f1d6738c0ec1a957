import { HttpException, HttpStatus } from '@nestjs/common';
import { AppError, ErrorCode, type ErrorDetail } from './app-error.js';
import { DatabaseUnavailableError, isDatabaseConnectionError } from './database-unavailable.js';

export interface ErrorBody {
  error: { code: string; message: string; details: ErrorDetail[] };
}

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BadRequest:
    case ErrorCode.InvalidInput:
      return HttpStatus.BAD_REQUEST;
    case ErrorCode.Unauthenticated:
      return HttpStatus.UNAUTHORIZED;
    case ErrorCode.Forbidden:
      return HttpStatus.FORBIDDEN;
    case ErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ErrorCode.Conflict:
    case ErrorCode.NotReady:
      return HttpStatus.CONFLICT;
    case ErrorCode.ResultUnavailable:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ErrorCode.PayloadTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ErrorCode.RateLimited:
      return HttpStatus.TOO_MANY_REQUESTS;
    case ErrorCode.Timeout:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case ErrorCode.UnsupportedMediaType:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case ErrorCode.Unavailable:
    case ErrorCode.ServiceUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case ErrorCode.UpstreamFailed:
      return HttpStatus.BAD_GATEWAY;
    case ErrorCode.Internal:
      return HttpStatus.INTERNAL_SERVER_ERROR;
    default: {
      const unreachable: never = code;
      throw new Error(`unmapped error code ${String(unreachable)}`);
    }
  }
}

function codeOfHttpStatus(status: number): ErrorCode {
  if (status === 401) return ErrorCode.Unauthenticated;
  if (status === 403) return ErrorCode.Forbidden;
  if (status === 404) return ErrorCode.NotFound;
  if (status === 409) return ErrorCode.Conflict;
  if (status === 413) return ErrorCode.PayloadTooLarge;
  if (status === 415) return ErrorCode.UnsupportedMediaType;
  if (status === 429) return ErrorCode.RateLimited;
  if (status === 503) return ErrorCode.Unavailable;
  if (status >= 400 && status < 500) return ErrorCode.BadRequest;
  return ErrorCode.Internal;
}

/** Any thrown value as an AppError: Nest's HttpExceptions (routing, validation pipes, body parser) included. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isDatabaseConnectionError(err)) return new DatabaseUnavailableError((err as Error)?.message ?? String(err));
  if (isStatementTimeout(err)) return new AppError(ErrorCode.Timeout, 'a database statement ran longer than STATEMENT_TIMEOUT_SECONDS and was cancelled; nothing was changed by it', [], 5);
  if (err instanceof HttpException) {
    const response = err.getResponse();
    const raw = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
    const messages = Array.isArray(raw) ? raw.map(String) : [String(raw ?? err.message)];
    const details = messages.length > 1 ? messages.map((message) => ({ message })) : [];
    return new AppError(codeOfHttpStatus(err.getStatus()), messages.join('; '), details);
  }
  // body-parser errors carry a status and a type.
  const status = (err as { status?: unknown; statusCode?: unknown })?.status ?? (err as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(codeOfHttpStatus(status), (err as Error).message);
  }
  return new AppError(ErrorCode.Internal, 'internal error');
}

/** PostgreSQL's query_canceled (57014), which `statement_timeout` raises, anywhere in the error's causes. */
function isStatementTimeout(err: unknown): boolean {
  for (let e = err, depth = 0; e !== null && typeof e === 'object' && depth < 8; depth++) {
    const o = e as { code?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (o.code === '57014' || o.originalCode === '57014') return true;
    if (typeof o.message === 'string' && /canceling statement due to statement timeout/.test(o.message)) return true;
    e = o.cause ?? o.meta?.driverAdapterError;
  }
  return false;
}

/** GraphQL `extensions` of an AppError: the same code as REST, and `retryAfter` (seconds) for NOT_READY. */
export function graphqlExtensions(err: AppError): Record<string, unknown> {
  return { code: err.code, details: err.details, ...(err.retryAfterSeconds !== undefined ? { retryAfter: err.retryAfterSeconds } : {}) };
}

const APP_CODES = new Set<string>(Object.values(ErrorCode));

/**
 * The code of an error Apollo raised itself (a query that does not parse or validate, a variable of
 * the wrong type) in the REST code set: BAD_REQUEST for the client's mistakes, INTERNAL otherwise.
 */
export function graphqlCodeOf(code: unknown): ErrorCode {
  if (typeof code === 'string' && APP_CODES.has(code)) return code as ErrorCode;
  switch (code) {
    case 'GRAPHQL_PARSE_FAILED':
    case 'GRAPHQL_VALIDATION_FAILED':
    case 'BAD_USER_INPUT':
    case 'BAD_REQUEST':
    case 'OPERATION_RESOLUTION_FAILURE':
    case 'PERSISTED_QUERY_NOT_FOUND':
    case 'PERSISTED_QUERY_NOT_SUPPORTED':
      return ErrorCode.BadRequest;
    default:
      return ErrorCode.Internal;
  }
}

export function errorBody(err: AppError): ErrorBody {
  return { error: { code: err.code, message: err.message, details: err.details } };
}

/** Where GraphQL is served (GraphQLModule's `path`). */
export const GRAPHQL_PATH = '/graphql';

export interface GraphqlErrorBody {
  errors: { message: string; extensions: Record<string, unknown> }[];
}

/**
 * An error answered before GraphQL ran (the body did not parse, was over the limit, not UTF-8, in
 * an unsupported charset): a GraphQL client reads `errors`, so it gets the shape Apollo gives its
 * own errors, with the same code and HTTP status as REST.
 */
export function graphqlErrorBody(err: AppError): GraphqlErrorBody {
  return { errors: [{ message: err.message, extensions: graphqlExtensions(err) }] };
}

/** The error body for a request to `path`: GraphQL's shape on the GraphQL endpoint, REST's elsewhere. */
export function errorBodyFor(path: string, err: AppError): ErrorBody | GraphqlErrorBody {
  return path === GRAPHQL_PATH ? graphqlErrorBody(err) : errorBody(err);
}
