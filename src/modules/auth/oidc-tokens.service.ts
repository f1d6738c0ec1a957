import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig, type OidcConfig } from '../../config/config.js';
import { isScope, type Principal } from './principal.js';

/**
 * OIDC/JWT bearer tokens (OIDC_ISSUER …): signature checked against the issuer's JWKS (a URL,
 * fetched and cached by jose, or a file), issuer, audience and expiry checked; scopes and cluster
 * limits read from configured claims, with the same meaning as an API key's.
 */
@Injectable()
export class OidcTokensService {
  private readonly keys: JWTVerifyGetKey | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.oidc = config.oidc;
    if (config.oidc?.jwksUrl) this.keys = createRemoteJWKSet(new URL(config.oidc.jwksUrl));
    else if (config.oidc?.jwksFile) this.keys = createLocalJWKSet(JSON.parse(readFileSync(config.oidc.jwksFile, 'utf8')) as JSONWebKeySet);
  }

  private readonly oidc: OidcConfig | undefined;

  get enabled(): boolean {
    return this.keys !== undefined;
  }

  async authenticate(token: string): Promise<Principal> {
    if (!this.keys || !this.oidc) throw new AppError(ErrorCode.Unauthenticated, 'the API key is not valid (unknown, malformed or revoked)');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.keys, { issuer: this.oidc.issuer, audience: this.oidc.audience }));
    } catch (err) {
      // The reason (expired, wrong audience, bad signature) helps a client fix its token; it reveals nothing stored.
      const reason = err instanceof errors.JOSEError ? err.code : 'invalid';
      throw new AppError(ErrorCode.Unauthenticated, `the bearer token is not valid (${reason})`);
    }
    const scopes = claimValues(payload[this.oidc.scopesClaim]).filter(isScope);
    const clusters = this.oidc.clustersClaim ? claimValues(payload[this.oidc.clustersClaim]) : [];
    if (scopes.includes('admin') && clusters.length) throw new AppError(ErrorCode.Forbidden, 'an admin token cannot be limited to clusters');
    return { actor: `oidc:${typeof payload.sub === 'string' ? payload.sub : 'unknown'}`, scopes, clusters };
  }
}

function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
