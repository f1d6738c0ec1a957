import { AppError, ErrorCode } from './errors/app-error.js';

// Reading query parameters and GraphQL arguments alike: a bad value is a 400 naming the field.

export function parseCapturedAt(text: string | undefined): Date | undefined {
  if (text === undefined || text === '') return undefined;
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) {
    throw new AppError(ErrorCode.BadRequest, `invalid capturedAt "${text}"`, [{ path: 'capturedAt', message: 'an ISO 8601 date-time, e.g. 2026-11-26T10:00:00Z' }]);
  }
  return date;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new AppError(ErrorCode.BadRequest, `invalid ${name} "${value}"`, [{ path: name, message: `one of ${allowed.join(', ')}` }]);
  }
  return value as T;
}
