import type { Principal } from '../auth/principal.js';
import type { Clock } from '../lib/clock.js';

/** The `typ` of the identity statement: an upstream must refuse an access token passed off as one. */
export const IDENTITY_TOKEN_TYPE = 'warden-identity+jwt';
/** Lifetime of `X-Warden-Identity`: long enough for the upstream to read it, too short to be worth stealing. */
export const IDENTITY_TTL_SECONDS = 60;

/** Signs a statement with Warden's current token key (AccessTokens.signStatement: adds `iss` and `iat`). */
export type SignStatement = (typ: string, claims: Record<string, unknown>) => Promise<string>;

export interface IdentityOptions {
  principal: Principal;
  /** The credential's environment as routed (a user session goes to `live`). */
  environment: 'live' | 'test';
  /** The upstream's origin: the JWT's `aud`. */
  audience: string;
  requestId: string;
  sign: SignStatement;
  clock: Clock;
}

/**
 * What the upstream learns about the caller: plain headers for convenience, and the same facts
 * in a short-lived JWT signed with Warden's keys (verifiable with /.well-known/jwks.json), so an
 * upstream reachable by other paths trusts only what Warden signed.
 */
export async function identityHeaders(options: IdentityOptions): Promise<Record<string, string>> {
  const { principal } = options;
  const scopes = principal.scopes.names.join(' ');
  const nowSeconds = Math.floor(options.clock.nowMs() / 1000);
  const token = await options.sign(IDENTITY_TOKEN_TYPE, {
    aud: options.audience,
    sub: principal.id,
    nbf: nowSeconds,
    exp: nowSeconds + IDENTITY_TTL_SECONDS,
    jti: options.requestId,
    principal_type: principal.type,
    workspace_id: principal.workspaceId,
    environment: options.environment,
    scope: scopes,
  });
  return {
    'x-warden-principal-type': principal.type,
    'x-warden-principal-id': principal.id,
    'x-warden-workspace-id': principal.workspaceId,
    'x-warden-environment': options.environment,
    'x-warden-scopes': scopes,
    'x-warden-request-id': options.requestId,
    'x-warden-identity': token,
  };
}
