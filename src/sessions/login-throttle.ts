import type { Clock } from '../lib/clock.js';
import type { KeyValueStore } from '../store/kv/kv.js';
import { WardenError } from '../errors/warden-error.js';
import { normalizeEmail } from '../users/users.js';
import { afterFailure, FRESH_STATE, retryAfterSeconds, type BackoffPolicy, type BackoffState } from './login-backoff.js';

export interface LoginThrottleOptions {
  clock: Clock;
  perAccount: BackoffPolicy;
  perIp: BackoffPolicy;
  /** Counters are forgotten after this long without a failure. */
  memorySeconds: number;
  /** Where the counters live: memory (one instance) or Redis (shared by every instance). */
  store: KeyValueStore;
}

/**
 * Applies the back-off decisions with counters in the shared store, so a guesser spreading
 * attempts over several instances meets the same counters. Answers 429 `rate_limited` with
 * `retry_after` while a key is blocked. (Two failures recorded at the very same moment may count
 * once: the back-off is a brake, and the per-IP rate limit on login bounds attempts anyway.)
 */
export class LoginThrottle {
  constructor(private readonly options: LoginThrottleOptions) {}

  private keys(email: string, ip: string | null): { account: string; ip: string } {
    const address = ip ?? 'unknown';
    return { account: `login:a:${normalizeEmail(email)}|${address}`, ip: `login:i:${address}` };
  }

  private async state(key: string): Promise<BackoffState> {
    const stored = await this.options.store.get(key);
    if (!stored) return FRESH_STATE;
    try {
      const parsed = JSON.parse(stored) as BackoffState;
      return typeof parsed.failures === 'number' && typeof parsed.blockedUntilMs === 'number' ? parsed : FRESH_STATE;
    } catch {
      return FRESH_STATE;
    }
  }

  /** Throws 429 when either counter is blocked right now. */
  async assertAllowed(email: string, ip: string | null): Promise<void> {
    const nowMs = this.options.clock.nowMs();
    const keys = this.keys(email, ip);
    const [account, address] = await Promise.all([this.state(keys.account), this.state(keys.ip)]);
    const wait = Math.max(retryAfterSeconds(account, nowMs), retryAfterSeconds(address, nowMs));
    if (wait > 0) {
      throw new WardenError('rate_limited', `Too many failed logins; retry in ${wait} s`, { extra: { retry_after: wait } });
    }
  }

  async recordFailure(email: string, ip: string | null): Promise<void> {
    const nowMs = this.options.clock.nowMs();
    const keys = this.keys(email, ip);
    const ttlMs = this.options.memorySeconds * 1000;
    const [account, address] = await Promise.all([this.state(keys.account), this.state(keys.ip)]);
    await Promise.all([
      this.options.store.set(keys.account, JSON.stringify(afterFailure(account, this.options.perAccount, nowMs)), ttlMs),
      this.options.store.set(keys.ip, JSON.stringify(afterFailure(address, this.options.perIp, nowMs)), ttlMs),
    ]);
  }

  /** A success clears the account+IP counter (the IP's own counter keeps counting sprays). */
  async recordSuccess(email: string, ip: string | null): Promise<void> {
    await this.options.store.delete(this.keys(email, ip).account);
  }
}
