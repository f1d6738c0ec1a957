import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Response } from 'express';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { ACCESS_RULE, PUBLIC_ROUTE, requestOf, type AccessRule, type ClusterTargets } from './access.decorator.js';
import { ApiKeysService } from './api-keys.service.js';
import { OidcTokensService } from './oidc-tokens.service.js';
import { hasScope, mayAccessCluster, UNRESTRICTED, type Principal } from './principal.js';
import { RateLimiter } from './rate-limiter.js';

/** An operation without an @Access rule needs admin: a route someone forgot to mark is closed, not open. */
const DEFAULT_RULE: AccessRule = { scope: 'admin' };

/**
 * The one access check of every REST route and GraphQL query and mutation (APP_GUARD): 401
 * without a valid key, 403 without the scope the operation's @Access rule names, 404 for a
 * cluster (or a snapshot of a cluster) outside the key's clusters, exactly as if it did not exist.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
    private readonly oidc: OidcTokensService,
    private readonly rateLimiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = requestOf(ctx);
    const address = `address:${req.ip ?? req.socket?.remoteAddress ?? 'unknown'}`;
    if (this.config.auth === 'off') {
      req.principal = UNRESTRICTED;
      this.rateLimiter.consume(address);
      return true;
    }
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [ctx.getHandler(), ctx.getClass()]) ?? DEFAULT_RULE;
    let principal: Principal;
    try {
      principal = await this.authenticate(req.headers.authorization);
    } catch (err) {
      this.rateLimiter.consume(address);
      if (ctx.getType<string>() === 'http') ctx.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="policyscope"');
      throw err;
    }
    this.rateLimiter.consume(principal.actor);
    req.principal = principal;
    if (!hasScope(principal, rule.scope)) {
      throw new AppError(ErrorCode.Forbidden, `this operation needs the ${rule.scope} scope; the key has ${principal.scopes.join(', ')}`);
    }
    if (principal.clusters.length && rule.targets) await this.checkClusters(principal, rule.targets, inputsOf(ctx));
    return true;
  }

  /** API keys (`ps_…`) always; any other bearer token as an OIDC/JWT token when OIDC is configured. */
  private authenticate(authorization: string | string[] | undefined): Promise<Principal> {
    const token = /^Bearer\s+(\S+)$/i.exec(typeof authorization === 'string' ? authorization : '')?.[1];
    if (token !== undefined && !token.startsWith('ps_') && this.oidc.enabled) return this.oidc.authenticate(token);
    return this.keys.authenticate(authorization);
  }

  private async checkClusters(principal: Principal, targets: ClusterTargets, inputs: Record<string, unknown>): Promise<void> {
    for (const path of targets.clusterNames ?? []) {
      for (const name of valuesAt(inputs, path)) {
        if (!mayAccessCluster(principal, name)) throw new AppError(ErrorCode.NotFound, `cluster "${name}" does not exist`);
      }
    }
    for (const path of targets.snapshotIds ?? []) {
      for (const id of valuesAt(inputs, path)) await this.checkSnapshot(principal, id, path);
    }
  }

  private async checkSnapshot(principal: Principal, id: string, path: string): Promise<void> {
    const cluster = await this.keys.clusterNameOfSnapshot(id);
    // A snapshot that does not exist is left to the operation: it answers its own 400 or 404.
    if (cluster !== undefined && !mayAccessCluster(principal, cluster)) {
      throw new AppError(ErrorCode.NotFound, `snapshot "${id}" does not exist`, [{ path: path.split('.').pop(), message: 'no snapshot has this id' }]);
    }
  }
}

export function inputsOf(ctx: ExecutionContext): Record<string, unknown> {
  if (ctx.getType<string>() === 'graphql') return { args: GqlExecutionContext.create(ctx).getArgs() };
  const req = ctx.switchToHttp().getRequest<{ params?: unknown; query?: unknown; body?: unknown }>();
  return { params: req.params, query: req.query, body: req.body };
}

/** The string values at a path of the inputs (a repeated query parameter gives several). */
export function valuesAt(inputs: Record<string, unknown>, path: string): string[] {
  let value: unknown = inputs;
  for (const part of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
