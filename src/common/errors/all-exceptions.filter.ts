import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { ErrorCode } from './app-error.js';
import { DatabaseUnavailableError } from './database-unavailable.js';
import { errorBodyFor, graphqlExtensions, httpStatusOf, toAppError } from './error-mapping.js';

/** Every error leaves the service in one shape: REST `{"error":{...}}`, GraphQL `{"errors":[{message, extensions: {code, details}}]}`. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    const err = toAppError(exception);
    if (err.code === ErrorCode.Internal) this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    if (err instanceof DatabaseUnavailableError) this.logger.warn(`answered ${err.code}: ${err.reason}`);
    if (host.getType<string>() === 'graphql') {
      return new GraphQLError(err.message, { extensions: graphqlExtensions(err) });
    }
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    if (res.headersSent) return undefined;
    if (err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    // An HTTP-level error on /graphql (the body parser's, before Apollo ran) in GraphQL's shape.
    res.status(httpStatusOf(err.code)).json(errorBodyFor(http.getRequest<Request>().path, err));
    return undefined;
  }
}
