import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { AppConfig } from '../../config/config.js';
import { AppError, ErrorCode } from '../errors/app-error.js';
import { errorBodyFor, httpStatusOf } from '../errors/error-mapping.js';

/**
 * Response headers of every answer (helmet's defaults: no sniffing, no framing, a strict content
 * security policy, HSTS). The GraphiQL page, when enabled, loads its script and styles from
 * unpkg.com and starts with an inline script: that page alone gets a policy that allows them.
 */
export function securityHeaders(config: AppConfig): RequestHandler {
  const strict = helmet();
  if (!config.graphql.sandbox) return strict;
  const sandboxPage = helmet({
    contentSecurityPolicy: {
      directives: {
        scriptSrc: ["'self'", "'unsafe-inline'", 'https://unpkg.com'],
        styleSrc: ["'self'", "'unsafe-inline'", 'https://unpkg.com'],
        imgSrc: ["'self'", 'data:', 'https://unpkg.com'],
        connectSrc: ["'self'"],
      },
    },
  });
  return (req, res, next) => (req.method === 'GET' && req.path === '/graphql' ? sandboxPage(req, res, next) : strict(req, res, next));
}

/**
 * A request not answered within REQUEST_TIMEOUT_SECONDS gets 503 TIMEOUT (the work it started may
 * still finish; a database statement is bounded by STATEMENT_TIMEOUT_SECONDS on its own), in
 * GraphQL's error shape on /graphql.
 */
export function requestTimeout(seconds: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (seconds <= 0) return next();
    // The path now: routers mounted at a prefix (Apollo's at /graphql) rewrite req.url meanwhile.
    const path = req.path;
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      const err = new AppError(ErrorCode.Timeout, `the request took longer than ${seconds} s (REQUEST_TIMEOUT_SECONDS) and was abandoned; retry, or ask for less`);
      res.setHeader('Connection', 'close');
      res.status(httpStatusOf(err.code)).json(errorBodyFor(path, err));
    }, seconds * 1000);
    timer.unref();
    const clear = () => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}

/** CORS for the configured origins only; none configured: no CORS headers, browsers keep other sites out. */
export function corsOptions(config: AppConfig): { origin: string | string[]; credentials: boolean; maxAge: number; exposedHeaders: string[] } | undefined {
  if (config.corsOrigins.length === 0) return undefined;
  return {
    origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
    credentials: false,
    maxAge: 600,
    exposedHeaders: ['Retry-After', 'X-Request-Id'],
  };
}
