import { LRUCache } from 'lru-cache';
import type { Clock } from '../lib/clock.js';
import { WardenError } from '../errors/warden-error.js';
import { normalizeEmail } from '../users/user-store.js';
import { afterFailure, FRESH_STATE, retryAfterSeconds, type BackoffPolicy, type BackoffState } from './login-backoff.js';

export interface LoginThrottleOptions {
  clock: Clock;
  perAccount: BackoffPolicy;
  perIp: BackoffPolicy;
  /** Counters are forgotten after this long without a failure. */
  memorySeconds: number;
  maxEntries: number;
}

/**
 * Applies the back-off decisions in memory (per process; the rate-limit feature moves shared
 * counters to Redis). Answers 429 `rate_limited` with `retry_after` while a key is blocked.
 */
export class LoginThrottle {
  private readonly states: LRUCache<string, BackoffState>;

  constructor(private readonly options: LoginThrottleOptions) {
    this.states = new LRUCache({ max: options.maxEntries, ttl: options.memorySeconds * 1000 });
  }

  private keys(email: string, ip: string | null): { account: string; ip: string } {
    const address = ip ?? 'unknown';
    return { account: `a:${normalizeEmail(email)}|${address}`, ip: `i:${address}` };
  }

  /** Throws 429 when either counter is blocked right now. */
  assertAllowed(email: string, ip: string | null): void {
    const nowMs = this.options.clock.nowMs();
    const keys = this.keys(email, ip);
    const wait = Math.max(
      retryAfterSeconds(this.states.get(keys.account) ?? FRESH_STATE, nowMs),
      retryAfterSeconds(this.states.get(keys.ip) ?? FRESH_STATE, nowMs),
    );
    if (wait > 0) {
      throw new WardenError('rate_limited', `Too many failed logins; retry in ${wait} s`, { extra: { retry_after: wait } });
    }
  }

  recordFailure(email: string, ip: string | null): void {
    const nowMs = this.options.clock.nowMs();
    const keys = this.keys(email, ip);
    this.states.set(keys.account, afterFailure(this.states.get(keys.account) ?? FRESH_STATE, this.options.perAccount, nowMs));
    this.states.set(keys.ip, afterFailure(this.states.get(keys.ip) ?? FRESH_STATE, this.options.perIp, nowMs));
  }

  /** A success clears the account+IP counter (the IP's own counter keeps counting sprays). */
  recordSuccess(email: string, ip: string | null): void {
    this.states.delete(this.keys(email, ip).account);
  }
}
