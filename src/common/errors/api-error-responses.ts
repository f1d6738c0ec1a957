import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const ERROR_BODY = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'array', items: { type: 'object' } } },
    },
  },
};

/**
 * OpenAPI for routes that read a snapshot's analysis results: the error codes a client acts on
 * (the same codes GraphQL puts in `extensions.code`).
 */
export function ApiResultErrors(): MethodDecorator {
  return applyDecorators(
    ApiResponse({ status: 400, description: 'BAD_REQUEST: a malformed argument (e.g. an id that is not a UUID); `details[].path` names it.', schema: ERROR_BODY }),
    ApiResponse({ status: 404, description: 'NOT_FOUND: no snapshot has this id.', schema: ERROR_BODY }),
    ApiResponse({
      status: 409,
      description: 'NOT_READY: the snapshot is being analysed (or recomputed by a newer engine version); ask again after Retry-After seconds.',
      headers: { 'Retry-After': { description: 'Seconds to wait before asking again.', schema: { type: 'integer' } } },
      schema: ERROR_BODY,
    }),
    ApiResponse({ status: 422, description: 'RESULT_UNAVAILABLE: will never be available (the analysis failed, or its stored result was removed).', schema: ERROR_BODY }),
  );
}
