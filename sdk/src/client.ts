import { ConfigurationError } from './errors.js';
import { Transport } from './transport.js';
import { Agents } from './resources/agents.js';
import { Auth } from './resources/auth.js';
import { Events } from './resources/events.js';
import { Keys } from './resources/keys.js';
import { OAuth } from './resources/oauth.js';
import { OAuthClients } from './resources/oauth-clients.js';
import { Workspaces } from './resources/workspaces.js';
import type { CallOptions } from './resources/shared.js';
import type { Me, Usage, UsageParams, VerifyParams, VerifyResult } from './types.js';

export const SDK_VERSION = '0.1.0';

export interface WardenOptions {
  /**
   * The credential every call sends (`Authorization: Bearer …`): an API key, a `sess_` session
   * token or an access token. Default: WARDEN_API_KEY. `null` makes a client for the public auth
   * flows only (login, refresh, OAuth client credentials).
   */
  apiKey?: string | null;
  /** Where Warden answers, e.g. `https://auth.example.com`. Default: WARDEN_URL. */
  baseUrl?: string;
  /** Per attempt, until the answer is read. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retries of idempotent calls on connection errors, 429 and 503. Default 2. */
  maxRetries?: number;
  /** A user session in several workspaces picks one (`X-Workspace-ID`). */
  workspaceId?: string;
  /** Another fetch (tests, proxies). Default: the global fetch. */
  fetch?: typeof fetch;
}

const env = (name: string): string | undefined => {
  const value = typeof process === 'undefined' ? undefined : process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
};

/**
 * The Warden client. `new Warden()` reads WARDEN_API_KEY and WARDEN_URL from the environment;
 * a missing key or URL is a ConfigurationError here, not on the first call.
 */
export class Warden {
  readonly keys: Keys;
  readonly oauthClients: OAuthClients;
  readonly agents: Agents;
  readonly workspaces: Workspaces;
  readonly events: Events;
  readonly auth: Auth;
  readonly oauth: OAuth;
  readonly usage: { get: (params?: UsageParams, options?: CallOptions) => Promise<Usage> };
  readonly #transport: Transport;
  readonly #options: WardenOptions;

  constructor(options: WardenOptions = {}) {
    const apiKey = options.apiKey === null ? null : options.apiKey ?? env('WARDEN_API_KEY');
    const baseUrl = options.baseUrl ?? env('WARDEN_URL');
    if (apiKey === undefined || apiKey === '') {
      throw new ConfigurationError({
        status: 0, code: 'api_key_missing',
        detail: 'No API key: pass new Warden({ apiKey }) or set WARDEN_API_KEY (apiKey: null for the public auth flows only)',
      });
    }
    if (!baseUrl) {
      throw new ConfigurationError({ status: 0, code: 'base_url_missing', detail: 'No Warden URL: pass new Warden({ baseUrl }) or set WARDEN_URL (e.g. https://auth.example.com)' });
    }
    try {
      const url = new URL(baseUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    } catch {
      throw new ConfigurationError({ status: 0, code: 'base_url_invalid', detail: `WARDEN_URL / baseUrl is not an http(s) URL: ${baseUrl}` });
    }
    const timeoutMs = options.timeoutMs ?? 30_000;
    const maxRetries = options.maxRetries ?? 2;
    if (!(timeoutMs > 0)) throw new ConfigurationError({ status: 0, code: 'timeout_invalid', detail: 'timeoutMs must be a positive number' });
    if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new ConfigurationError({ status: 0, code: 'max_retries_invalid', detail: 'maxRetries must be an integer ≥ 0' });
    this.#options = { ...options, apiKey, baseUrl, timeoutMs, maxRetries };
    this.#transport = new Transport({
      baseUrl, credential: apiKey, timeoutMs, maxRetries,
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      userAgent: `warden-sdk/${SDK_VERSION} node/${typeof process === 'undefined' ? '?' : process.versions.node}`,
      headers: options.workspaceId ? { 'x-workspace-id': options.workspaceId } : {},
    });
    this.keys = new Keys(this.#transport);
    this.oauthClients = new OAuthClients(this.#transport);
    this.agents = new Agents(this.#transport);
    this.workspaces = new Workspaces(this.#transport);
    this.events = new Events(this.#transport);
    this.auth = new Auth(this.#transport);
    this.oauth = new OAuth(this.#transport);
    this.usage = {
      get: (params = {}, callOptions = {}) =>
        this.#transport.request<Usage>({ method: 'GET', path: '/v1/usage', query: params as Record<string, string>, signal: callOptions.signal }),
    };
  }

  /** The same client with another credential (e.g. the session token `auth.login` returned). */
  withCredential(apiKey: string, options: Pick<WardenOptions, 'workspaceId'> = {}): Warden {
    return new Warden({ ...this.#options, ...options, apiKey });
  }

  /** Who the credential is: principal, workspace, environment, scopes. */
  async me(options: CallOptions = {}): Promise<Me> {
    return (await this.#transport.request<{ data: Me }>({ method: 'GET', path: '/v1/me', signal: options.signal })).data;
  }

  /**
   * Check a credential for another service (POST /v1/verify, scope `verify:read`): `{ key }` or
   * `{ token }`, with `required_scopes`. An invalid credential is an answer (`valid: false, code`),
   * not an error. Read-only, so it is retried.
   */
  async verify(params: VerifyParams, options: CallOptions = {}): Promise<VerifyResult> {
    return (await this.#transport.request<{ data: VerifyResult }>({ method: 'POST', path: '/v1/verify', body: params, retry: true, signal: options.signal })).data;
  }
}
