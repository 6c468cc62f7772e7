import type { Transport } from '../transport.js';
import type { TokenResult } from '../types.js';
import type { CallOptions } from './shared.js';

export interface ClientCredentialsParams {
  clientId: string;
  clientSecret: string;
  /** Space-separated subset of the client's scopes (default: all of them). */
  scope?: string;
  /** Ask Warden even if a cached token is still good. */
  forceRefresh?: boolean;
}

/** Renew a cached token this long before it expires (or at half its life, if that is shorter). */
const EARLY_RENEWAL_MS = 60_000;

interface Cached {
  token: TokenResult;
  renewAtMs: number;
}

/** OAuth 2.0 client credentials (RFC 6749 §4.4), introspection (RFC 7662), revocation (RFC 7009). */
export class OAuth {
  readonly #cache = new Map<string, Cached>();
  readonly #pending = new Map<string, Promise<TokenResult>>();

  constructor(private readonly transport: Transport, private readonly now: () => number = Date.now) {}

  /**
   * An access token for the client. Cached per client, secret and scope until shortly before
   * `expires_in` runs out; concurrent callers share one request.
   */
  async clientCredentials(params: ClientCredentialsParams, options: CallOptions = {}): Promise<TokenResult> {
    const cacheKey = await cacheKeyOf(params);
    const cached = this.#cache.get(cacheKey);
    if (cached && !params.forceRefresh && this.now() < cached.renewAtMs) return cached.token;
    let pending = this.#pending.get(cacheKey);
    if (!pending) {
      const form = new URLSearchParams({ grant_type: 'client_credentials' });
      if (params.scope) form.set('scope', params.scope);
      const startedMs = this.now();
      pending = this.transport.request<TokenResult>({
        method: 'POST', path: '/oauth/token', body: form, retry: true, signal: options.signal,
        authorization: `Basic ${btoa(`${encodeURIComponent(params.clientId)}:${encodeURIComponent(params.clientSecret)}`)}`,
      }).then((token) => {
        const lifetimeMs = token.expires_in * 1000;
        this.#cache.set(cacheKey, { token, renewAtMs: startedMs + lifetimeMs - Math.min(EARLY_RENEWAL_MS, lifetimeMs / 2) });
        return token;
      }).finally(() => this.#pending.delete(cacheKey));
      this.#pending.set(cacheKey, pending);
    }
    return pending;
  }

  /** Forget cached tokens (all, or one client's). */
  clearCache(clientId?: string): void {
    if (clientId === undefined) this.#cache.clear();
    else for (const key of this.#cache.keys()) if (key.startsWith(`${clientId}\n`)) this.#cache.delete(key);
  }

  /** RFC 7662: is this token active? (as the client that asks) */
  async introspect(params: { clientId: string; clientSecret: string; token: string }, options: CallOptions = {}): Promise<Record<string, unknown> & { active: boolean }> {
    return this.transport.request({
      method: 'POST', path: '/oauth/introspect', body: new URLSearchParams({ token: params.token }), retry: true, signal: options.signal,
      authorization: `Basic ${btoa(`${encodeURIComponent(params.clientId)}:${encodeURIComponent(params.clientSecret)}`)}`,
    });
  }

  /** RFC 7009: end one access token issued to the client. */
  async revoke(params: { clientId: string; clientSecret: string; token: string }, options: CallOptions = {}): Promise<void> {
    this.clearCache(params.clientId);
    await this.transport.request({
      method: 'POST', path: '/oauth/revoke', body: new URLSearchParams({ token: params.token }), retry: true, signal: options.signal,
      authorization: `Basic ${btoa(`${encodeURIComponent(params.clientId)}:${encodeURIComponent(params.clientSecret)}`)}`,
    });
  }
}

/** The cache key names the client and scope, and a hash of the secret (a rotated secret gets its own token). */
async function cacheKeyOf(params: ClientCredentialsParams): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(params.clientSecret));
  return `${params.clientId}\n${params.scope ?? ''}\n${Buffer.from(digest).toString('hex')}`;
}
