import { ConfigError, loadConfig } from '../../src/config/config.js';
import { RateLimiter } from '../../src/modules/auth/rate-limiter.js';
import { AppError, ErrorCode } from '../../src/common/errors/app-error.js';
import { toAppError } from '../../src/common/errors/error-mapping.js';
import { withStatementTimeout } from '../../src/bootstrap.js';

describe('secure defaults in the configuration', () => {
  it('production (the default) turns introspection and GraphiQL off; other modes on; both overridable', () => {
    expect(loadConfig({}).graphql).toEqual({ maxDepth: 12, maxAliases: 30, maxComplexity: 5000, introspection: false, sandbox: false });
    expect(loadConfig({ NODE_ENV: 'development' }).graphql).toMatchObject({ introspection: true, sandbox: true });
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'true', GRAPHQL_SANDBOX: 'no' }).graphql).toMatchObject({ introspection: true, sandbox: false });
  });

  it('CORS off unless origins are listed; a malformed origin is refused naming the variable', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, http://b.example:8080' }).corsOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(() => loadConfig({ CORS_ORIGINS: 'a.example' })).toThrow(ConfigError);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/path' })).toThrow(/^invalid configuration: CORS_ORIGINS /);
  });

  it('rate limit per minute scaled to the window; 0 turns it off', () => {
    expect(loadConfig({}).rateLimit).toEqual({ limit: 1200, windowSeconds: 60 });
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '60', RATE_LIMIT_WINDOW_SECONDS: '10' }).rateLimit).toEqual({ limit: 10, windowSeconds: 10 });
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' }).rateLimit.limit).toBe(0);
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: 'many' })).toThrow(/RATE_LIMIT_PER_MINUTE/);
  });

  it('timeouts, shutdown grace and audit retention have defaults and bounds', () => {
    expect(loadConfig({})).toMatchObject({ requestTimeoutSeconds: 120, statementTimeoutSeconds: 60, shutdownGraceSeconds: 25, auditRetention: { last: null, days: 365 } });
    expect(loadConfig({ AUDIT_RETAIN_DAYS: '0', AUDIT_RETAIN_LAST: '1000' }).auditRetention).toEqual({ last: 1000, days: null });
    expect(() => loadConfig({ GRAPHQL_MAX_DEPTH: '1' })).toThrow(/GRAPHQL_MAX_DEPTH must be between 2 and 100/);
  });

  it('puts statement_timeout on the database URL, keeping one already there', () => {
    expect(withStatementTimeout('postgresql://u@h:5432/d', 60)).toBe('postgresql://u@h:5432/d?statement_timeout=60000');
    expect(withStatementTimeout('postgresql://u@h:5432/d?statement_timeout=5', 60)).toBe('postgresql://u@h:5432/d?statement_timeout=5');
    expect(withStatementTimeout('postgresql://u@h:5432/d', 0)).toBe('postgresql://u@h:5432/d');
  });

  it('maps PostgreSQL query_canceled (statement_timeout) to 503 TIMEOUT, also when wrapped', () => {
    const pgError = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    expect(toAppError(pgError).code).toBe(ErrorCode.Timeout);
    expect(toAppError({ message: 'prisma', cause: { originalCode: '57014' } }).code).toBe(ErrorCode.Timeout);
  });
});

describe('RateLimiter', () => {
  const limiter = (limit: number, windowSeconds = 60) => new RateLimiter(loadConfig({ RATE_LIMIT_PER_MINUTE: String((limit * 60) / windowSeconds), RATE_LIMIT_WINDOW_SECONDS: String(windowSeconds) }));

  it('allows `limit` requests per caller per window, then 429 with the seconds left; refused requests do not count', () => {
    const l = limiter(2, 10);
    l.consume('key:a', 0);
    l.consume('key:a', 1000);
    let refused: AppError | undefined;
    try {
      l.consume('key:a', 4000);
    } catch (err) {
      refused = err as AppError;
    }
    expect(refused).toMatchObject({ code: ErrorCode.RateLimited, retryAfterSeconds: 6 });
    l.consume('key:b', 4000); // another caller, its own allowance
    expect(() => l.consume('key:a', 9999)).toThrow(AppError);
    l.consume('key:a', 10_000); // a new window
  });

  it('does nothing when the limit is 0', () => {
    const l = new RateLimiter(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' }));
    for (let i = 0; i < 10_000; i++) l.consume('key:a', 0);
  });
});
