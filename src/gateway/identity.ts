import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../lib/clock.js';

/** The `typ` of the identity statement: an upstream must refuse an access token passed off as one. */
export const IDENTITY_TOKEN_TYPE = 'warden-identity+jwt';
/** Lifetime of `X-Warden-Identity`: long enough for the upstream to read it, too short to be worth stealing. */
export const IDENTITY_TTL_SECONDS = 60;
/** A signed statement is reused while it has at least this long to live (signing is the costliest step of a forward). */
const REUSE_MIN_REMAINING_SECONDS = 30;
const CACHE_MAX_ENTRIES = 10_000;

/** Signs a statement with Warden's current token key (AccessTokens.signStatement: adds `iss` and `iat`). */
export type SignStatement = (typ: string, claims: Record<string, unknown>) => Promise<string>;

export interface IdentityRequest {
  principal: Principal;
  /** The credential's environment as routed (a user session goes to `live`). */
  environment: 'live' | 'test';
  /** The upstream's origin: the JWT's `aud`. */
  audience: string;
  requestId: string;
}

/**
 * What the upstream learns about the caller: plain headers for convenience, and the same facts
 * in a short-lived JWT signed with Warden's keys (verifiable with /.well-known/jwks.json), so an
 * upstream reachable by other paths trusts only what Warden signed. The JWT states who the caller
 * is, not which request it made: the same one serves a caller's requests to one upstream for up
 * to half its lifetime (the credential itself is checked on every request before it is used).
 */
export class IdentityStatements {
  private readonly cache = new Map<string, { token: string; expSeconds: number }>();

  constructor(private readonly sign: SignStatement, private readonly clock: Clock) {}

  async headers(request: IdentityRequest): Promise<Record<string, string>> {
    const { principal } = request;
    const scopes = principal.scopes.names.join(' ');
    return {
      'x-warden-principal-type': principal.type,
      'x-warden-principal-id': principal.id,
      'x-warden-workspace-id': principal.workspaceId,
      'x-warden-environment': request.environment,
      'x-warden-scopes': scopes,
      'x-warden-request-id': request.requestId,
      'x-warden-identity': await this.token(request, scopes),
    };
  }

  private async token({ principal, environment, audience }: IdentityRequest, scopes: string): Promise<string> {
    const nowSeconds = Math.floor(this.clock.nowMs() / 1000);
    const key = `${principal.type}\n${principal.id}\n${principal.sessionId ?? ''}\n${principal.workspaceId}\n${environment}\n${audience}\n${scopes}`;
    const cached = this.cache.get(key);
    if (cached && cached.expSeconds - nowSeconds >= REUSE_MIN_REMAINING_SECONDS) return cached.token;
    const expSeconds = nowSeconds + IDENTITY_TTL_SECONDS;
    const token = await this.sign(IDENTITY_TOKEN_TYPE, {
      aud: audience,
      sub: principal.id,
      nbf: nowSeconds,
      exp: expSeconds,
      jti: randomUUID(),
      principal_type: principal.type,
      workspace_id: principal.workspaceId,
      environment,
      scope: scopes,
    });
    if (this.cache.size >= CACHE_MAX_ENTRIES) {
      for (const [k, v] of this.cache) if (v.expSeconds - nowSeconds < REUSE_MIN_REMAINING_SECONDS) this.cache.delete(k);
      if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
    }
    this.cache.set(key, { token, expSeconds });
    return token;
  }
}
