import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { tap, type Observable } from 'rxjs';
import { ACCESS_RULE, requestOf, type AccessRule } from '../access.decorator.js';
import { inputsOf, valuesAt } from '../access.guard.js';
import { UNRESTRICTED } from '../principal.js';
import { AuditRepository } from './audit.repository.js';

/**
 * Records every operation whose @Access rule names an audit action, once it has succeeded: who
 * (the key), what (action and target), when, and from which address. A failure to record is
 * logged; it does not undo or fail the operation that was done.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditRepository,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS_RULE, ctx.getHandler());
    if (!rule?.audit) return next.handle();
    const action = rule.audit;
    const req = requestOf(ctx);
    const inputs = inputsOf(ctx);
    const paths = [...(rule.auditTarget ? [rule.auditTarget] : []), ...(rule.targets?.clusterNames ?? []), ...(rule.targets?.snapshotIds ?? [])];
    return next.handle().pipe(
      tap(() => {
        const target = paths.flatMap((p) => valuesAt(inputs, p)).join(' ') || undefined;
        const address = req.ip ?? req.socket?.remoteAddress;
        this.audit
          .record({ actor: (req.principal ?? UNRESTRICTED).actor, action, target, address })
          .catch((err: Error) => this.logger.error(`could not record ${action} ${target ?? ''}: ${err.message}`));
      }),
    );
  }
}
