import { ConfigError, loadConfig } from '../../src/config/config.js';
import { generateKey, hashKey, keyIdOf, verifyKey } from '../../src/modules/auth/api-key-secret.js';
import { hasScope, mayAccessCluster, type Principal } from '../../src/modules/auth/principal.js';

describe('AUTH configuration', () => {
  it('requires keys by default', () => {
    expect(loadConfig({}).auth).toBe('required');
  });

  it('allows AUTH=off only on a loopback HOST', () => {
    expect(loadConfig({ AUTH: 'off' }).auth).toBe('off');
    expect(loadConfig({ AUTH: 'off', HOST: '::1' }).auth).toBe('off');
    expect(() => loadConfig({ AUTH: 'off', HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ AUTH: 'off', HOST: '0.0.0.0' })).toThrow(/AUTH may be "off" only when HOST is a loopback address/);
    expect(() => loadConfig({ AUTH: 'none' })).toThrow(/AUTH/);
  });
});

describe('scopes', () => {
  const key = (scopes: Principal['scopes'], clusters: string[] = []): Principal => ({ actor: 'key:t', scopes, clusters });

  it('admin includes write, write includes read, never the other way', () => {
    expect(hasScope(key(['admin']), 'read')).toBe(true);
    expect(hasScope(key(['admin']), 'write')).toBe(true);
    expect(hasScope(key(['write']), 'read')).toBe(true);
    expect(hasScope(key(['write']), 'admin')).toBe(false);
    expect(hasScope(key(['read']), 'write')).toBe(false);
  });

  it('an empty cluster list means every cluster', () => {
    expect(mayAccessCluster(key(['read']), 'any')).toBe(true);
    expect(mayAccessCluster(key(['read'], ['a']), 'a')).toBe(true);
    expect(mayAccessCluster(key(['read'], ['a']), 'b')).toBe(false);
  });
});

describe('API key secrets', () => {
  it('verifies the key it hashed and nothing else', async () => {
    const { token, keyId, secretHash } = await generateKey();
    expect(keyIdOf(token)).toBe(keyId);
    expect(secretHash).not.toContain(token);
    expect(await verifyKey(token, secretHash)).toBe(true);
    expect(await verifyKey(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, secretHash)).toBe(false);
    expect(await verifyKey(token, await hashKey('ps_other'))).toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashKey('ps_same')).not.toBe(await hashKey('ps_same'));
  });

  it('recognises only well-formed keys', () => {
    expect(keyIdOf('ps_0123456789ab_' + 'x'.repeat(43))).toBe('0123456789ab');
    expect(keyIdOf('Bearer ps_0123456789ab_' + 'x'.repeat(43))).toBeUndefined();
    expect(keyIdOf('ps_0123456789ab_short')).toBeUndefined();
  });
});

describe('OIDC configuration', () => {
  const base = { OIDC_ISSUER: 'https://issuer/', OIDC_AUDIENCE: 'policyscope', OIDC_JWKS_URL: 'https://issuer/jwks' };

  it('is off unless configured, and complete when on', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
    expect(loadConfig(base).oidc).toEqual({ issuer: 'https://issuer/', audience: 'policyscope', jwksUrl: 'https://issuer/jwks', jwksFile: undefined, scopesClaim: 'scope', clustersClaim: undefined });
  });

  it('names what is missing', () => {
    expect(() => loadConfig({ ...base, OIDC_AUDIENCE: undefined })).toThrow(/OIDC_AUDIENCE is required/);
    expect(() => loadConfig({ ...base, OIDC_ISSUER: undefined })).toThrow(/OIDC_ISSUER is required/);
    expect(() => loadConfig({ ...base, OIDC_JWKS_FILE: '/jwks.json' })).toThrow(/exactly one/);
    expect(() => loadConfig({ ...base, OIDC_JWKS_URL: 'ftp://x' })).toThrow(/OIDC_JWKS_URL/);
  });
});
