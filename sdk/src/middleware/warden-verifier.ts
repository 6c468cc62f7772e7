import { createHash } from 'node:crypto';
import { accessTokenCheck, looksLikeJwt, type AccessTokenFacts, type AccessTokenOutcome } from './access-token-check.js';
import { InvalidationStream } from './invalidation-stream.js';
import type { CredentialRequest, WardenPrincipal } from './principal.js';
import { refusal, type WardenProblem } from './problems.js';
import { VerdictCache, type LocalBudget } from './verdict-cache.js';

/** One options object for every framework's middleware. */
export interface WardenMiddlewareOptions {
  /** Warden's URL; default `WARDEN_URL`. */
  baseUrl?: string;
  /** A deployment-level service credential (`warden service-credentials create`); default `WARDEN_SERVICE_KEY`. */
  serviceCredential?: string;
  /** How long a call to Warden (verify, JWKS) may take before the request is refused with 503; default 2000. */
  timeoutMs?: number;
  /** How long a positive answer is reused, kept honest by the invalidation stream; default 5000, 0 = ask Warden every time. */
  cacheTtlMs?: number;
  /** Cached answers at most (oldest leave first); default 10 000. */
  cacheMaxEntries?: number;
  /** The class of your endpoints that a request counts against (Warden's per-credential limits); default `standard`. */
  endpointClass?: 'standard' | 'write' | 'upload' | 'none';
  /**
   * Access tokens (JWT) are checked here against Warden's JWKS before Warden is asked (a forged or
   * expired one costs no round trip); `false` leaves them to Warden. `issuer` / `audience` are
   * checked when given.
   */
  accessTokens?: false | { issuer?: string; audience?: string };
  /** Told of every failure to reach Warden and every stream drop (never a secret). */
  onError?: (error: unknown) => void;
  /** For tests and proxies: the fetch to reach Warden with. */
  fetch?: typeof fetch;
}

/** The middleware's answer for one request: the principal, or the refusal to send. Headers go out either way. */
export type Verdict =
  | { ok: true; principal: WardenPrincipal; headers: Record<string, string> }
  | { ok: false; status: number; problem: WardenProblem; headers: Record<string, string> };

interface VerifyAnswer {
  valid: boolean;
  code?: string;
  principal?: { type: WardenPrincipal['type']; id: string };
  key_id?: string;
  name?: string;
  metadata?: Record<string, unknown>;
  workspace_id?: string;
  environment?: string | null;
  scopes?: string[];
  session_id?: string | null;
  grant_id?: string;
  missing_scopes?: string[];
  expires_at?: string | null;
  ratelimit?: { policy: string; limit: number; remaining: number; reset: number; retry_after?: number };
}

class WardenUnreachableError extends Error {
  constructor(message: string, readonly retryAfter?: string, options?: ErrorOptions) {
    super(message, options);
  }
}

const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

function extractCredential(request: CredentialRequest): { token: string; source: 'authorization' | 'x-api-key' } | { refused: string; detail?: string } {
  if (request.authorization !== undefined) {
    const match = /^Bearer +(\S+) *$/i.exec(request.authorization);
    if (!match) return { refused: 'invalid_token', detail: 'Authorization must be "Bearer <credential>"' };
    return { token: match[1]!, source: 'authorization' };
  }
  const apiKey = request.apiKey?.trim();
  if (apiKey) return { token: apiKey, source: 'x-api-key' };
  return { refused: 'authentication_required' };
}

function rateHeaders(state: { limit: number; remaining: number; reset: number }): Record<string, string> {
  return { 'x-ratelimit-limit': String(state.limit), 'x-ratelimit-remaining': String(Math.max(0, state.remaining)), 'x-ratelimit-reset': String(state.reset) };
}

function principalOf(answer: VerifyAnswer): WardenPrincipal {
  const type = answer.principal?.type ?? 'api_key';
  return {
    type,
    id: answer.principal?.id ?? answer.key_id ?? '',
    workspaceId: answer.workspace_id ?? '',
    environment: answer.environment ?? null,
    scopes: answer.scopes ?? [],
    sessionId: type === 'user' ? answer.session_id ?? null : null,
    grantId: answer.grant_id ?? null,
    ...(answer.name !== undefined ? { name: answer.name } : {}),
    ...(answer.metadata !== undefined ? { metadata: answer.metadata } : {}),
  };
}

/**
 * The framework-free core of `@warden/sdk/fastify|express|hono`: one request's credential →
 * Warden's verdict, from a short cache of positive answers when the invalidation stream is up,
 * else from `POST /v1/verify`. Fails closed: anything but a clear answer from Warden is a 503.
 */
export class WardenVerifier {
  readonly cache: VerdictCache;
  private readonly stream: InvalidationStream | null;
  private readonly baseUrl: string;
  private readonly serviceCredential: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly checkAccessToken: ((token: string) => Promise<AccessTokenOutcome>) | null;
  private readonly onError: (error: unknown) => void;
  /** Calls to Warden under way, by cache key. */
  private readonly inflight = new Map<string, { epoch: number; verdict: Promise<Verdict> }>();

  constructor(private readonly options: WardenMiddlewareOptions = {}) {
    const env = globalThis.process?.env ?? {};
    const baseUrl = options.baseUrl ?? env.WARDEN_URL;
    const serviceCredential = options.serviceCredential ?? env.WARDEN_SERVICE_KEY;
    if (!baseUrl) throw new Error('Warden middleware: no Warden URL — pass baseUrl or set WARDEN_URL');
    if (!serviceCredential) throw new Error('Warden middleware: no service credential — pass serviceCredential or set WARDEN_SERVICE_KEY (create one with `warden service-credentials create`)');
    this.baseUrl = baseUrl;
    this.serviceCredential = serviceCredential;
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.onError = options.onError ?? (() => undefined);
    const cacheTtlMs = options.cacheTtlMs ?? 5000;
    this.cache = new VerdictCache({ ttlMs: cacheTtlMs, maxEntries: options.cacheMaxEntries ?? 10_000 });
    this.stream = cacheTtlMs > 0
      ? new InvalidationStream({
        baseUrl, serviceCredential, fetch: this.fetch,
        onState: (up) => this.cache.setEnabled(up),
        onInvalidate: (names) => this.cache.invalidate(names),
        onFlush: () => this.cache.clear(),
        onError: (error) => this.onError(error),
      })
      : null;
    this.checkAccessToken = options.accessTokens === false
      ? null
      : accessTokenCheck({ baseUrl, issuer: options.accessTokens?.issuer, audience: options.accessTokens?.audience, timeoutMs: this.timeoutMs, fetch: this.fetch });
  }

  /** Opens the invalidation stream now (otherwise at the first request); resolves true once it is up. */
  ready(timeoutMs = 5000): Promise<boolean> {
    return this.stream ? this.stream.ready(timeoutMs) : Promise.resolve(false);
  }

  /** Whether cached answers are in use (the stream is up and caching is on). */
  get caching(): boolean {
    return this.cache.enabled;
  }

  async check(request: CredentialRequest, requiredScopes: readonly string[]): Promise<Verdict> {
    const credential = extractCredential(request);
    if ('refused' in credential) return { ok: false, ...refusal(credential.refused, { ...(credential.detail ? { detail: credential.detail } : {}) }) };
    this.stream?.start();
    const hash = sha256Hex(credential.token);
    const scopes = [...new Set(requiredScopes)].sort();
    const key = `${hash}\n${request.workspaceId ?? ''}\n${request.ip ?? ''}\n${scopes.join(' ')}`;
    const cached = this.cache.get(key, Date.now());
    if (cached) {
      const budget = this.cache.budgetOf(hash, Date.now());
      if (budget === undefined) return { ok: true, principal: cached.principal, headers: {} };
      // Hits spend what Warden said was left; once spent, each request is counted (and decided) by Warden.
      if (budget.remaining > 0) {
        budget.remaining--;
        return { ok: true, principal: cached.principal, headers: rateHeaders(budgetState(budget)) };
      }
    }
    // Concurrent misses on one key share one call to Warden (a cache entry expiring under load would
    // otherwise send every waiting request to Warden at once); each then spends from the budget as a hit.
    const running = this.inflight.get(key);
    const ask = (): Promise<Verdict> => this.ask(credential, request, scopes, key, hash);
    // Only a call that started after the last invalidation may be shared (an older one may answer for a revoked credential).
    if (running && running.epoch === this.cache.epoch) return this.follow(running.verdict, hash, ask);
    // Stream down: nothing is shared, every request is Warden's to count and decide.
    if (!this.cache.enabled) return ask();
    const verdict = ask();
    const entry = { epoch: this.cache.epoch, verdict };
    this.inflight.set(key, entry);
    try {
      return await verdict;
    } finally {
      if (this.inflight.get(key) === entry) this.inflight.delete(key);
    }
  }

  /** A request that waited for another's call: the same refusal, or a hit on the budget (spent: Warden counts and decides this one). */
  private async follow(running: Promise<Verdict>, hash: string, ask: () => Promise<Verdict>): Promise<Verdict> {
    const verdict = await running;
    if (!verdict.ok) return verdict;
    const budget = this.cache.budgetOf(hash, Date.now());
    if (budget === undefined) return verdict;
    if (budget.remaining <= 0) return ask();
    budget.remaining--;
    return { ...verdict, headers: rateHeaders(budgetState(budget)) };
  }

  private async ask(credential: { token: string; source: 'authorization' | 'x-api-key' }, request: CredentialRequest, scopes: string[], key: string, hash: string): Promise<Verdict> {
    let facts: AccessTokenFacts | null = null;
    if (credential.source === 'authorization' && this.checkAccessToken && looksLikeJwt(credential.token)) {
      let outcome: AccessTokenOutcome;
      try {
        outcome = await this.checkAccessToken(credential.token);
      } catch (error) {
        return this.unavailable(error);
      }
      if (!outcome.valid) return { ok: false, ...refusal('invalid_token', { detail: 'The access token is invalid, expired or not signed by this Warden' }) };
      facts = outcome.facts;
    }
    const epoch = this.cache.epoch;
    let answer: VerifyAnswer;
    try {
      answer = await this.verify(credential, request, scopes);
    } catch (error) {
      return this.unavailable(error);
    }
    return this.verdictOf(answer, { key, hash, facts, epoch, workspaceId: request.workspaceId });
  }

  private verdictOf(answer: VerifyAnswer, at: { key: string; hash: string; facts: AccessTokenFacts | null; epoch: number; workspaceId: string | undefined }): Verdict {
    const nowMs = Date.now();
    const reported = answer.ratelimit;
    const headers = reported ? rateHeaders(reported) : {};
    if (!answer.valid) {
      const code = answer.code ?? 'invalid_token';
      if (code === 'rate_limited') {
        const retryAfter = String(reported?.retry_after ?? 1);
        const refused = refusal(code, { detail: `Rate limit exceeded (${reported?.policy ?? 'standard'}: ${reported?.limit ?? '?'} requests per minute); retry after ${retryAfter} s`, extra: { retry_after: Number(retryAfter) } });
        return { ok: false, ...refused, headers: { ...headers, 'retry-after': retryAfter, ...refused.headers } };
      }
      const refused = refusal(code, code === 'insufficient_scope' ? { detail: `This credential lacks the scope ${(answer.missing_scopes ?? []).join(', ')}`, extra: { missing_scopes: answer.missing_scopes ?? [] } } : {});
      return { ok: false, ...refused, headers: { ...headers, ...refused.headers } };
    }
    // A key names its workspace; one that is not the workspace the request names is refused, as Warden refuses it.
    if (at.workspaceId !== undefined && answer.workspace_id !== at.workspaceId) {
      return { ok: false, ...refusal('workspace_forbidden') };
    }
    const principal = principalOf(answer);
    const expiresAtMs = at.facts?.expiresAtMs ?? (answer.expires_at ? Date.parse(answer.expires_at) : null);
    this.cache.set(at.key, {
      principal,
      credentialHash: at.hash,
      sid: at.facts?.sid ?? principal.sessionId ?? principal.grantId,
      jti: at.facts?.jti ?? null,
      notAfterMs: expiresAtMs,
    }, at.epoch, nowMs);
    if (reported) this.cache.noteRateLimit(at.hash, reported, nowMs);
    return { ok: true, principal, headers };
  }

  private async verify(credential: { token: string; source: string }, request: CredentialRequest, scopes: readonly string[]): Promise<VerifyAnswer> {
    const body = {
      ...(credential.source === 'x-api-key' ? { key: credential.token } : { token: credential.token }),
      required_scopes: scopes,
      ...(request.workspaceId !== undefined && credential.source === 'authorization' ? { workspace_id: request.workspaceId } : {}),
      ...(request.ip !== undefined ? { ip: request.ip } : {}),
      ...(this.options.endpointClass ? { endpoint_class: this.options.endpointClass } : {}),
    };
    let response: Response;
    try {
      response = await this.fetch(new URL('/v1/verify', this.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${this.serviceCredential}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new WardenUnreachableError('Warden did not answer', undefined, { cause: error });
    }
    const text = await response.text().catch((error: unknown) => {
      throw new WardenUnreachableError('Warden\'s answer was cut short', undefined, { cause: error });
    });
    if (response.status === 200) return (JSON.parse(text) as { data: VerifyAnswer }).data;
    // The service's own verify budget, or its credential, or anything else: the request cannot be checked.
    const detail = response.status === 429
      ? 'This service is over its verification budget at Warden'
      : response.status === 401 || response.status === 403
        ? 'Warden refused this service\'s credential'
        : `Warden answered ${response.status}`;
    throw new WardenUnreachableError(detail, response.headers.get('retry-after') ?? undefined);
  }

  private unavailable(error: unknown): Verdict {
    this.onError(error);
    const detail = error instanceof WardenUnreachableError ? `The credential could not be checked: ${error.message}` : 'The credential could not be checked: Warden did not answer';
    const refused = refusal('warden_unavailable', { detail });
    const retryAfter = error instanceof WardenUnreachableError && error.retryAfter ? error.retryAfter : '1';
    return { ok: false, ...refused, headers: { ...refused.headers, 'retry-after': retryAfter } };
  }

  close(): void {
    this.stream?.close();
    this.cache.setEnabled(false);
  }
}

function budgetState(budget: LocalBudget): { limit: number; remaining: number; reset: number } {
  return { limit: budget.limit, remaining: budget.remaining, reset: Math.ceil(budget.windowEndsAtMs / 1000) };
}
