import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AccessGuard } from './access.guard.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { ApiKeysResolver } from './api-keys.resolver.js';
import { ApiKeysService } from './api-keys.service.js';
import { AuditController } from './audit/audit.controller.js';
import { AuditInterceptor } from './audit/audit.interceptor.js';
import { AuditRepository } from './audit/audit.repository.js';
import { AuditResolver } from './audit/audit.resolver.js';
import { FirstAdminKey } from './first-admin-key.js';
import { OidcTokensService } from './oidc-tokens.service.js';
import { RateLimiter } from './rate-limiter.js';

/** Who may do what: API keys, the access guard on every operation, and the audit log of changes. */
@Module({
  controllers: [ApiKeysController, AuditController],
  providers: [
    ApiKeysRepository,
    ApiKeysService,
    ApiKeysResolver,
    AuditRepository,
    AuditResolver,
    FirstAdminKey,
    OidcTokensService,
    RateLimiter,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
})
export class AuthModule {}
