import { Inject, Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';

interface Window {
  startedAt: number;
  count: number;
}

/**
 * Requests per caller per window (RATE_LIMIT_PER_MINUTE, RATE_LIMIT_WINDOW_SECONDS), counted in
 * fixed windows per process. The caller is the authenticated key or token (so a wrong secret sent
 * with someone else's key id cannot use up their allowance), or the client address for anonymous
 * requests and for failed authentications (which bounds key guessing). A refused request does not
 * count; Retry-After says when the caller's window ends.
 *
 * Not @nestjs/throttler: it is CommonJS requiring Nest 12's ESM packages, which Node loads but
 * Jest (before Node 24.9) cannot, so every test that builds the application would fail.
 */
@Injectable()
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private lastSweep = Date.now();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Counts one request of `caller`; over the limit: 429 RATE_LIMITED with Retry-After. */
  consume(caller: string, now = Date.now()): void {
    const { limit, windowSeconds } = this.config.rateLimit;
    if (limit <= 0) return;
    const length = windowSeconds * 1000;
    this.sweep(now, length);
    let window = this.windows.get(caller);
    if (!window || now - window.startedAt >= length) {
      window = { startedAt: now, count: 0 };
      this.windows.set(caller, window);
    }
    if (window.count >= limit) {
      const retryAfter = Math.max(1, Math.ceil((window.startedAt + length - now) / 1000));
      throw new AppError(
        ErrorCode.RateLimited,
        `too many requests: the limit is ${limit} per ${windowSeconds} s for each key or client address (RATE_LIMIT_PER_MINUTE); retry after ${retryAfter} s`,
        [],
        retryAfter,
      );
    }
    window.count++;
  }

  /** Forgets callers whose window ended, at most once per window length: memory follows active callers. */
  private sweep(now: number, length: number): void {
    if (now - this.lastSweep < length) return;
    this.lastSweep = now;
    for (const [caller, window] of this.windows) if (now - window.startedAt >= length) this.windows.delete(caller);
  }
}
