import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import { lingeringClose } from './common/http/lingering-close.js';
import type { AppError } from './common/errors/app-error.js';
import { invalidUtf8 } from './common/http/utf8.js';
import { corsOptions, requestTimeout, securityHeaders } from './common/http/secure-defaults.js';
import { createLogger, PinoNestLogger, requestLogger } from './common/logging/logger.js';
import type { AppConfig } from './config/config.js';
import { projectRoot } from './project-root.js';

export const API_PREFIX = 'api/v1';

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export interface CreateAppOptions {
  config: AppConfig;
  databaseUrl: string;
  embeddedDatabase: boolean;
  logger?: Logger;
}

/**
 * Every connection of the service runs with PostgreSQL's `statement_timeout` (node-postgres reads
 * it from the URL), so no query holds a connection for longer; a cancelled one answers 503 TIMEOUT.
 */
export function withStatementTimeout(databaseUrl: string, seconds: number): string {
  if (seconds <= 0) return databaseUrl;
  const url = new URL(databaseUrl);
  if (!url.searchParams.has('statement_timeout')) url.searchParams.set('statement_timeout', String(seconds * 1000));
  return url.toString();
}

/** Builds the Nest application (REST, GraphQL, OpenAPI, logging, errors) without listening. */
export async function createApp(opts: CreateAppOptions): Promise<INestApplication> {
  const logger = opts.logger ?? createLogger(opts.config);
  const version = packageVersion();
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config: opts.config, databaseUrl: withStatementTimeout(opts.databaseUrl, opts.config.statementTimeoutSeconds), version, embeddedDatabase: opts.embeddedDatabase }),
    { logger: new PinoNestLogger(logger), bodyParser: false, cors: corsOptions(opts.config) },
  );
  app.use(requestLogger(logger));
  app.use(securityHeaders(opts.config));
  app.use(requestTimeout(opts.config.requestTimeoutSeconds));
  // 413 and 401 answers given before a body is read reach every client (lingering close, bounded).
  app.use(lingeringClose({ maxBytes: Math.max(opts.config.maxUploadBytes, 1024 * 1024), maxMs: 10_000 }));
  // Snapshot uploads read their own body (YAML or JSON, gzip, size limit before parsing it all);
  // every other route gets JSON parsing with the same limit.
  const json = express.json({
    limit: opts.config.maxUploadBytes,
    // Kept aside, not thrown: body-parser would rewrap a thrown error as a 403.
    verify: (req, _res, body) => {
      (req as { encodingError?: AppError }).encodingError = invalidUtf8(body);
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.method === 'POST' && req.path === `/${API_PREFIX}/snapshots`
      ? next()
      : json(req, res, (err?: unknown) => next(err ?? (req as { encodingError?: AppError }).encodingError)),
  );
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready', 'metrics'] });

  const openApi = new DocumentBuilder()
    .setTitle('PolicyScope')
    .setDescription(
      'Kubernetes network-policy reachability analysis. GraphQL at /graphql offers the same and more. ' +
        'Any route that needs the database answers 503 SERVICE_UNAVAILABLE with Retry-After while the database is unreachable; the service reconnects by itself. ' +
        'Any route but /health may answer 429 RATE_LIMITED with Retry-After (RATE_LIMIT_PER_MINUTE per key or client address) and 503 TIMEOUT (REQUEST_TIMEOUT_SECONDS, STATEMENT_TIMEOUT_SECONDS); ' +
        'a body that is not valid UTF-8 is 400 BAD_REQUEST (details[0].code encoding.utf8).',
    )
    .setVersion(version)
    // Every route but /health needs `Authorization: Bearer ps_…` (an API key); see README "Authentication".
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key, ps_…: scopes read, write or admin.' }, 'bearer')
    .addSecurityRequirements('bearer')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}
