import { isUtf8 } from 'node:buffer';
import { AppError, ErrorCode } from '../errors/app-error.js';

/**
 * A request body must be UTF-8: decoding invalid bytes would silently turn them into U+FFFD and
 * store text the client never sent. Undefined when `body` is valid; otherwise a 400 naming the
 * byte offset and line of the first invalid sequence (found only on failure: the check itself is native).
 */
export function invalidUtf8(body: Buffer): AppError | undefined {
  if (isUtf8(body)) return undefined;
  const offset = firstInvalidByte(body);
  let line = 1;
  for (let i = 0; i < offset; i++) if (body[i] === 0x0a) line++;
  const message = `the body is not valid UTF-8: invalid byte sequence at byte ${offset} (line ${line}); send UTF-8 text`;
  return new AppError(ErrorCode.BadRequest, message, [{ path: 'body', code: 'encoding.utf8', message }]);
}

/**
 * Where the decoder first had to substitute: re-encoding the lossy text first differs from the
 * input there (within the bad sequence's few bytes when it starts like a valid one).
 */
function firstInvalidByte(body: Buffer): number {
  const roundTrip = Buffer.from(body.toString('utf8'), 'utf8');
  let i = 0;
  while (i < body.length && i < roundTrip.length && body[i] === roundTrip[i]) i++;
  return i;
}
