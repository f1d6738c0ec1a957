import type { IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { invalidUtf8 } from '../../common/http/utf8.js';

const ACCEPTED_TYPES = new Set(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'application/json', 'text/plain']);

/**
 * Reads a manifest upload as text: YAML or JSON, optionally gzip-compressed, never more than `limit`
 * bytes (compressed or not). A body over the limit is refused with 413 as soon as it is known to be,
 * before it is all read; an unsupported content type with 415 before anything is read.
 */
export async function readManifestBody(req: IncomingMessage, limit: number): Promise<string> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!ACCEPTED_TYPES.has(type)) {
    throw new AppError(ErrorCode.UnsupportedMediaType, `unsupported content type "${type || '(none)'}": send application/yaml, application/json or text/plain`);
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    throw new AppError(ErrorCode.UnsupportedMediaType, `unsupported content encoding "${encoding}": send gzip or none`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge(limit);
  }
  const source: NodeJS.ReadableStream = encoding === 'gzip' ? req.pipe(createGunzip()) : req;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        req.unpipe();
        req.resume();
        throw tooLarge(limit);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(ErrorCode.BadRequest, `could not read the request body: ${(err as Error).message}`);
  }
  const body = Buffer.concat(chunks);
  const encodingError = invalidUtf8(body);
  if (encodingError) throw encodingError;
  const text = body.toString('utf8');
  if (text.trim() === '') throw new AppError(ErrorCode.InvalidInput, 'the request body is empty: send Kubernetes manifests');
  return text;
}

function tooLarge(limit: number): AppError {
  return new AppError(ErrorCode.PayloadTooLarge, `the upload exceeds the limit of ${limit} bytes (MAX_UPLOAD_BYTES)`);
}
