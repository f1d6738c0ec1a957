import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { UNRESTRICTED, type Principal, type Scope } from './principal.js';

/**
 * Where an operation names the cluster it touches, as paths into its inputs: `params.*`, `query.*`,
 * `body.*` for REST, `args.*` for GraphQL. A key limited to some clusters gets 404 for any other.
 */
export interface ClusterTargets {
  /** Inputs holding a cluster name. */
  clusterNames?: string[];
  /** Inputs holding a snapshot id (its cluster is looked up). */
  snapshotIds?: string[];
}

export interface AccessRule {
  scope: Scope;
  targets?: ClusterTargets;
  /** Recorded in the audit log when the operation succeeds, e.g. `snapshot.import`. */
  audit?: string;
  /** Input naming what the audited operation acted on, when not its cluster or snapshot (e.g. `params.id` of a key). */
  auditTarget?: string;
}

export const ACCESS_RULE = 'policyscope:access';
export const PUBLIC_ROUTE = 'policyscope:public';

/** The scope an operation needs, the inputs that name its cluster, and its audit action. */
export const Access = (scope: Scope, options: Omit<AccessRule, 'scope'> = {}) => SetMetadata(ACCESS_RULE, { scope, ...options } satisfies AccessRule);

/** Open to anyone (health probes, the OpenAPI document). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

export interface RequestWithPrincipal {
  principal?: Principal;
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  socket?: { remoteAddress?: string };
}

export function requestOf(ctx: ExecutionContext): RequestWithPrincipal {
  if (ctx.getType<string>() === 'graphql') return GqlExecutionContext.create(ctx).getContext<{ req: RequestWithPrincipal }>().req;
  return ctx.switchToHttp().getRequest<RequestWithPrincipal>();
}

/** The caller, as the guard authenticated it (list operations filter by its clusters). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => requestOf(ctx).principal ?? UNRESTRICTED);
