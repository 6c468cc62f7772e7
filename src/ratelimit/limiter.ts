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
}

const MINUTE_MS = 60_000;
const CHECK_CACHE_MAX = 100_000;

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
 * against the client IP. The strictest answers.
 */
export class Limiter {
  /** The checks of a credential (by id, then class), built once: strings and objects stay off the hot path. */
  private readonly checkCache = new Map<string, Partial<Record<EndpointClass, LimitCheck[]>>>();

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

  consume(checks: readonly LimitCheck[]): RateDecision | Promise<RateDecision> {
    const outcomes = this.engine.consume(checks, this.clock.nowMs());
    return outcomes instanceof Promise ? outcomes.then(decide) : decide(outcomes);
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
