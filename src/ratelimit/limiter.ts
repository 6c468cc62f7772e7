import type { Principal } from '../auth/principal.js';
import type { Clock } from '../lib/clock.js';
import type { LimitCheck, LimitOutcome, RateLimitEngine } from './engine.js';

/** Route-declared classes (seed 000): standard reads, writes, uploads, and public auth endpoints (per client IP). */
export type EndpointClass = 'standard' | 'write' | 'upload' | 'auth';
export const ENDPOINT_CLASSES: readonly EndpointClass[] = ['standard', 'write', 'upload', 'auth'];

export interface RateLimitSettings {
  enabled: boolean;
  /** Requests per minute per credential for each class; for `auth`, per client IP. */
  perMinute: Record<EndpointClass, number>;
  /** Requests per minute for a whole workspace, all its credentials together (tenant budget). */
  workspacePerMinute: number;
  /** Failed authentications (a credential sent and refused with 401) per minute per client IP. */
  authFailuresPerMinute: number;
  /** `POST /v1/verify` calls per minute per calling credential (the host service itself). */
  verifyPerMinute: number;
  /** Authenticated requests per minute per client IP, whatever the credential (seed 004); 0 = off. */
  perIpPerMinute: number;
}

const MINUTE_MS = 60_000;
const CHECK_CACHE_MAX = 100_000;
/** Client IPs remembered as over their failure budget; past this, expired ones are swept, then all forgotten. */
const FAILURE_BLOCKS_MAX = 100_000;

/** The answer for one request: allowed or not, and the figures for the headers. */
export interface RateDecision {
  allowed: boolean;
  /** The strictest outcome: the refusing one, else the one with the least left. */
  strictest: LimitOutcome;
}

/**
 * Which limits apply to a request, and the engine that applies them. An authenticated request
 * counts against its credential's bucket for the route's class (an API key's own `rate_limit`
 * replaces the class default) and against its workspace's budget; a public auth endpoint counts
 * against the client IP. The strictest answers. Failed authentications spend a per-IP budget of
 * their own; the caller of `/v1/verify` has one too; an optional per-IP bucket counts every
 * authenticated request of an address.
 */
export class Limiter {
  /** The checks of a credential (by id, then class), built once: strings and objects stay off the hot path. */
  private readonly checkCache = new Map<string, Partial<Record<EndpointClass, LimitCheck[]>>>();
  /**
   * Client IPs that ran out of failed authentications, until when: while blocked, only a credential
   * already verified in memory passes from there; the rest is refused unanswered (guessing learns
   * nothing and is held to the budget's pace). The budget
   * itself lives in the engine (shared through Redis); the block is this process's memory of the
   * refusal, so another instance blocks an address at its own first failure from it.
   */
  private readonly failureBlocks = new Map<string, number>();

  constructor(
    private readonly settings: RateLimitSettings,
    readonly engine: RateLimitEngine,
    private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return this.settings.enabled;
  }

  checksFor(principal: Principal, endpointClass: EndpointClass): LimitCheck[] {
    const own = principal.rateLimit ?? this.settings.perMinute[endpointClass];
    let byClass = this.checkCache.get(principal.id);
    const cached = byClass?.[endpointClass];
    // A changed rate_limit (PATCH) builds them again.
    if (cached && cached[0]!.limit === own) return cached;
    if (!byClass) {
      if (this.checkCache.size >= CHECK_CACHE_MAX) this.checkCache.clear();
      this.checkCache.set(principal.id, (byClass = {}));
    }
    const checks: LimitCheck[] = [
      { key: `c:${principal.id}:${endpointClass}`, limit: own, periodMs: MINUTE_MS, policy: endpointClass },
      { key: `w:${principal.workspaceId}`, limit: this.settings.workspacePerMinute, periodMs: MINUTE_MS, policy: 'workspace' },
    ];
    byClass[endpointClass] = checks;
    return checks;
  }

  checksForIp(ip: string): LimitCheck[] {
    return [{ key: `ip:${ip}:auth`, limit: this.settings.perMinute.auth, periodMs: MINUTE_MS, policy: 'auth' }];
  }

  /** The caller of `/v1/verify` (a host service), limited on its own: not its workspace's budget, which the verified credential counts against. */
  checksForVerifyCaller(principal: Principal): LimitCheck[] {
    return [{ key: `c:${principal.id}:verify`, limit: this.settings.verifyPerMinute, periodMs: MINUTE_MS, policy: 'verify' }];
  }

  /** Is the per-IP limit of authenticated requests on (seed 004's "100 req/min/IP")? */
  get limitsPerIp(): boolean {
    return this.settings.perIpPerMinute > 0;
  }

  /** `checks` plus the client IP's bucket of authenticated requests (a new array; the cached one stays as it is). */
  withClientIp(checks: readonly LimitCheck[], ip: string): LimitCheck[] {
    return [...checks, { key: `ip:${ip}:api`, limit: this.settings.perIpPerMinute, periodMs: MINUTE_MS, policy: 'ip' }];
  }

  /** The refusal for an IP still blocked after too many failures, else null. Cheap when nobody is blocked. */
  failureBlock(ip: string): RateDecision | null {
    if (this.failureBlocks.size === 0) return null;
    const untilMs = this.failureBlocks.get(ip);
    if (untilMs === undefined) return null;
    const nowMs = this.clock.nowMs();
    if (untilMs <= nowMs) {
      this.failureBlocks.delete(ip);
      return null;
    }
    const check = this.failureCheck(ip);
    return { allowed: false, strictest: { check, allowed: false, newTatMs: untilMs, remaining: 0, resetAtMs: untilMs, retryAfterMs: untilMs - nowMs } };
  }

  get hasFailureBlocks(): boolean {
    return this.failureBlocks.size > 0;
  }

  /** Counts one failed authentication from `ip`; refused (budget spent) → the IP is blocked until a retry would be allowed. */
  async recordFailure(ip: string): Promise<RateDecision> {
    return this.noteFailure(ip, await this.consume([this.failureCheck(ip)]));
  }

  private failureCheck(ip: string): LimitCheck {
    return { key: `ip:${ip}:auth-failure`, limit: this.settings.authFailuresPerMinute, periodMs: MINUTE_MS, policy: 'auth-failure' };
  }

  private noteFailure(ip: string, decision: RateDecision): RateDecision {
    if (!decision.allowed) {
      const nowMs = this.clock.nowMs();
      if (this.failureBlocks.size >= FAILURE_BLOCKS_MAX) {
        for (const [blocked, untilMs] of this.failureBlocks) if (untilMs <= nowMs) this.failureBlocks.delete(blocked);
        if (this.failureBlocks.size >= FAILURE_BLOCKS_MAX) this.failureBlocks.clear();
      }
      this.failureBlocks.set(ip, nowMs + decision.strictest.retryAfterMs);
    }
    return decision;
  }

  async consume(checks: readonly LimitCheck[]): Promise<RateDecision> {
    return decide(await this.engine.consume(checks, this.clock.nowMs()));
  }

  /**
   * The same decision as consume(), answered synchronously when the engine decides in memory
   * (the memory engine); undefined when it cannot (Redis): then use consume().
   */
  consumeNow(checks: readonly LimitCheck[], nowMs: number): RateDecision | undefined {
    return this.engine.consumeNow ? decide(this.engine.consumeNow(checks, nowMs)) : undefined;
  }
}

function decide(outcomes: LimitOutcome[]): RateDecision {
  let strictest = outcomes[0]!;
  let allowed = true;
  for (const outcome of outcomes) {
    if (!outcome.allowed) {
      if (allowed || outcome.retryAfterMs > strictest.retryAfterMs) strictest = outcome;
      allowed = false;
    } else if (allowed && outcome.remaining / outcome.check.limit < strictest.remaining / strictest.check.limit) {
      strictest = outcome;
    }
  }
  return { allowed, strictest };
}

/**
 * X-RateLimit-Limit / -Remaining / -Reset (unix seconds, seed 000) and the IETF draft's
 * RateLimit-Policy / RateLimit structured fields (draft-ietf-httpapi-ratelimit-headers).
 */
export function rateLimitHeaders(decision: RateDecision, nowMs: number): Record<string, string> {
  const { strictest } = decision;
  const { check } = strictest;
  const resetSeconds = Math.max(0, Math.ceil((strictest.resetAtMs - nowMs) / 1000));
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(check.limit),
    'x-ratelimit-remaining': String(strictest.remaining),
    'x-ratelimit-reset': String(Math.ceil(strictest.resetAtMs / 1000)),
    'ratelimit-policy': `"${check.policy}";q=${check.limit};w=${check.periodMs / 1000}`,
    ratelimit: `"${check.policy}";r=${strictest.remaining};t=${resetSeconds}`,
  };
  if (!decision.allowed) headers['retry-after'] = String(Math.max(1, Math.ceil(strictest.retryAfterMs / 1000)));
  return headers;
}
