import { AppError, ErrorCode } from '../../src/common/errors/app-error.js';
import { graphqlCodeOf, graphqlExtensions, httpStatusOf } from '../../src/common/errors/error-mapping.js';

describe('error mapping: one code set for REST and GraphQL', () => {
  it('maps every code to an HTTP status', () => {
    for (const code of Object.values(ErrorCode)) expect(httpStatusOf(code)).toBeGreaterThanOrEqual(400);
    expect(httpStatusOf(ErrorCode.NotReady)).toBe(409);
    expect(httpStatusOf(ErrorCode.ResultUnavailable)).toBe(422);
    expect(httpStatusOf(ErrorCode.BadRequest)).toBe(400);
    expect(httpStatusOf(ErrorCode.NotFound)).toBe(404);
  });

  it("gives Apollo's own errors a code of the set: the client's mistakes are BAD_REQUEST", () => {
    for (const code of ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'OPERATION_RESOLUTION_FAILURE']) expect(graphqlCodeOf(code)).toBe(ErrorCode.BadRequest);
    expect(graphqlCodeOf('INTERNAL_SERVER_ERROR')).toBe(ErrorCode.Internal);
    expect(graphqlCodeOf(undefined)).toBe(ErrorCode.Internal);
    for (const code of Object.values(ErrorCode)) expect(graphqlCodeOf(code)).toBe(code);
  });

  it('puts retryAfter in the GraphQL extensions only when there is one', () => {
    expect(graphqlExtensions(new AppError(ErrorCode.NotReady, 'wait', [], 5))).toEqual({ code: 'NOT_READY', details: [], retryAfter: 5 });
    expect(graphqlExtensions(new AppError(ErrorCode.NotFound, 'no', [{ path: 'id', message: 'x' }]))).toEqual({ code: 'NOT_FOUND', details: [{ path: 'id', message: 'x' }] });
  });
});
