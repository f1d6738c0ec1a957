import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import { ErrorCode } from './app-error.js';
import { DatabaseUnavailableError } from './database-unavailable.js';
import { errorBody, graphqlExtensions, httpStatusOf, toAppError } from './error-mapping.js';

/** Every error leaves the service in one shape: REST `{"error":{...}}`, GraphQL `extensions.code`. */
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
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return undefined;
    if (err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    res.status(httpStatusOf(err.code)).json(errorBody(err));
    return undefined;
  }
}
