import { WardenError } from '../errors/warden-error.js';
import type { ErrorCode } from '../errors/codes.js';
import type { ClientIp, KeyVerifier, KeyCheck } from '../keys/key-verifier.js';
import { looksLikeApiKey, type KeyFormat } from '../keys/key-codec.js';
import type { CredentialEnvironment } from './environments.js';
import type { SessionVerifier, SessionCheck, VerifiedSession } from '../sessions/session-verifier.js';
import { SESSION_TOKEN_PREFIX } from '../sessions/session-token.js';
import { looksLikeJwt, type AccessClaims, type AccessTokens } from '../tokens/access-tokens.js';
import type { TokenDenyList } from '../tokens/token-deny-list.js';
import type { GrantVerifier } from '../grants/grant-verifier.js';
import type { GrantRow } from '../grants/grants.js';
import { buildIpAllowList } from '../lib/cidr.js';
import { scopesForRole } from '../workspaces/roles.js';
import type { Principal, Role } from './principal.js';
import { ScopeSet } from './scopes.js';

/** The credential-bearing parts of a request, already pulled out of HTTP. */
export interface CredentialInput {
  authorization: string | undefined;
  apiKey: string | undefined;
  workspaceId: string | undefined;
  ip: ClientIp;
  /** User-level routes (logout, 2FA, own sessions, workspace list): no X-Workspace-ID needed. */
  workspaceOptional?: boolean;
}

export interface AuthenticatorOptions {
  keys: KeyVerifier;
  sessions: SessionVerifier;
  format: KeyFormat;
  deploymentResources: readonly string[];
  accessTokens: AccessTokens;
  grants: GrantVerifier;
  denyList: TokenDenyList;
  /** Key environments this deployment serves (a sandbox accepts only `test`). */
  acceptedEnvironments: readonly CredentialEnvironment[];
}

const KEY_FAILURE_DETAIL: Record<string, string> = {
  invalid_key: 'The API key is not valid',
  key_revoked: 'The API key has been revoked',
  key_expired: 'The API key has expired',
  ip_not_allowed: 'The API key may not be used from this IP address',
};

/** Why a credential was refused: data until the HTTP edge makes it a problem response (refusalError). */
export interface AuthRefusal {
  code: ErrorCode;
  detail: string;
  /** RFC 6750 error for WWW-Authenticate, when the failure is about the bearer credential. */
  bearerError?: 'invalid_token' | 'invalid_request' | undefined;
}

/** The answer for one credential: its principal, or why not. */
export type AuthOutcome = { ok: true; principal: Principal } | { ok: false; refusal: AuthRefusal };

const accepted = (principal: Principal): AuthOutcome => ({ ok: true, principal });
const refused = (code: ErrorCode, detail: string, bearerError?: AuthRefusal['bearerError']): AuthOutcome => ({ ok: false, refusal: { code, detail, bearerError } });
const INVALID_ACCESS_TOKEN = refused('invalid_token', 'The access token is invalid, expired or revoked', 'invalid_token');

/** The error the HTTP edge answers a refusal with (problem+json, WWW-Authenticate). */
export function refusalError(refusal: AuthRefusal): WardenError {
  return new WardenError(refusal.code, refusal.detail, refusal.bearerError ? { bearerError: refusal.bearerError } : {});
}

/** Scope sets parsed once per verified token (claims objects are cached by AccessTokens) or grant row. */
const scopeSetOf = new WeakMap<object, ScopeSet>();
function scopesOf(owner: object, names: () => readonly string[]): ScopeSet {
  let set = scopeSetOf.get(owner);
  if (!set) {
    set = new ScopeSet(names());
    scopeSetOf.set(owner, set);
  }
  return set;
}

/** A grant's allowed_ips as a matcher, built once per cached grant row (null: any address). */
const ipAllowLists = new WeakMap<GrantRow, ((ip: string) => boolean) | null>();
function ipAllowListOf(grant: GrantRow): ((ip: string) => boolean) | null {
  let allowed = ipAllowLists.get(grant);
  if (allowed === undefined) {
    allowed = grant.allowed_ips && grant.allowed_ips.length > 0 ? buildIpAllowList(grant.allowed_ips) : null;
    ipAllowLists.set(grant, allowed);
  }
  return allowed;
}

const MACHINE_TYPES: Record<GrantRow['kind'], Principal['type']> = { client: 'client', agent: 'agent', key: 'api_key' };

function keyRefusal(check: Extract<KeyCheck, { valid: false }>): AuthOutcome {
  return refused(check.code, KEY_FAILURE_DETAIL[check.code]!, check.code === 'ip_not_allowed' ? undefined : 'invalid_token');
}

/**
 * Turns a request's credential into a Principal, or says why not — an outcome, never a thrown
 * refusal (a store that does not answer still throws: fail closed). A cached credential answers
 * synchronously (the one fast path: no promise for the common case); a store lookup answers a Promise.
 */
export class Authenticator {
  private readonly roleScopes: Map<Role, ScopeSet>;

  constructor(private readonly options: AuthenticatorOptions) {
    this.roleScopes = new Map(
      (['owner', 'admin', 'developer', 'viewer'] as const).map((role) => [role, new ScopeSet(scopesForRole(role, options.deploymentResources))]),
    );
  }

  /**
   * Why `AuthOutcome | Promise<AuthOutcome>` and not `async`: an answer from memory is how the auth
   * hook tells a credential known good, the only kind it lets through from an address over its
   * failure budget (a lookup there is a 429). Not for speed: bench/shapes.mjs measured the
   * synchronous shape at 0.4 µs of CPU per request against the same steps as async functions,
   * under 1 % of a 50–80 µs request (docs/performance.md, "Hot-path shapes").
   */
  check(input: CredentialInput): AuthOutcome | Promise<AuthOutcome> {
    const credential = extractCredential(input);
    if (!credential.ok) return credential;
    const { token, source } = credential;
    if (source === 'authorization' && looksLikeJwt(token)) {
      // A token seen before skips the signature check (synchronous); revocation is checked every time.
      const known = this.options.accessTokens.cached(token);
      if (known) return this.fromClaims(known, input);
      return this.fromUnverifiedJwt(token, input);
    }
    if (token.startsWith(SESSION_TOKEN_PREFIX)) {
      const check = this.options.sessions.verify(token);
      return check instanceof Promise ? check.then((c) => this.fromSession(c, input)) : this.fromSession(check, input);
    }
    if (looksLikeApiKey(token, this.options.format)) {
      const check = this.options.keys.verify(token, input.ip);
      return check instanceof Promise ? check.then((c) => this.fromKey(c, input)) : this.fromKey(check, input);
    }
    return source === 'x-api-key'
      ? refused('invalid_key', KEY_FAILURE_DETAIL.invalid_key!, 'invalid_token')
      : refused('invalid_token', 'The bearer token is not recognised', 'invalid_token');
  }

  /** The principal, or the refusal as a WardenError: for edges that answer a refusal with an error (the key exchange). */
  async authenticate(input: CredentialInput): Promise<Principal> {
    const outcome = await this.check(input);
    if (!outcome.ok) throw refusalError(outcome.refusal);
    return outcome.principal;
  }

  private async fromUnverifiedJwt(token: string, input: CredentialInput): Promise<AuthOutcome> {
    const checked = await this.options.accessTokens.verify(token);
    return checked.valid ? this.fromClaims(checked.claims, input) : INVALID_ACCESS_TOKEN;
  }

  private fromKey(check: KeyCheck, input: CredentialInput): AuthOutcome {
    if (!check.valid) return keyRefusal(check);
    const key = check.key;
    if (!this.options.acceptedEnvironments.includes(key.environment)) {
      return refused('environment_forbidden', `This deployment accepts only ${this.options.acceptedEnvironments.join(' and ')} keys`);
    }
    // A key is bound to its workspace: a header naming another one is a mistake worth refusing.
    if (input.workspaceId !== undefined && input.workspaceId !== key.workspaceId) {
      return refused('workspace_forbidden', 'This API key belongs to a different workspace than X-Workspace-ID names');
    }
    // The end of this secret: the key's expires_at, or sooner the end of its rotation grace.
    const expiresAtMs = key.deadAtMs === null || (key.expiresAtMs !== null && key.expiresAtMs <= key.deadAtMs) ? key.expiresAtMs : key.deadAtMs;
    return accepted({ type: 'api_key', id: key.id, workspaceId: key.workspaceId, environment: key.environment, scopes: key.scopes, expiresAtMs, rateLimit: key.rateLimit });
  }

  /**
   * A JWT access token stands for its session or grant (`sid`): an ended session, a deleted client
   * or agent, a revoked or rotated key, or a revoked `jti` → refused, even before `exp`.
   */
  private fromClaims(claims: AccessClaims, input: CredentialInput): AuthOutcome | Promise<AuthOutcome> {
    if (this.options.denyList.isRevoked(claims.jti)) return INVALID_ACCESS_TOKEN;
    if (claims.sub.startsWith('usr_')) {
      const check = this.options.sessions.verifyById(claims.sid);
      const fromSession = (session: SessionCheck): AuthOutcome =>
        session.valid && session.session.userId !== claims.sub ? INVALID_ACCESS_TOKEN : this.fromSession(session, input);
      return check instanceof Promise ? check.then(fromSession) : fromSession(check);
    }
    const grant = this.options.grants.live(claims.sid, claims.sub, claims.jti);
    return grant instanceof Promise ? grant.then((g) => this.fromGrant(g, claims, input)) : this.fromGrant(grant, claims, input);
  }

  private fromGrant(grant: GrantRow | null, claims: AccessClaims, input: CredentialInput): AuthOutcome {
    if (!grant) return INVALID_ACCESS_TOKEN;
    if (!this.options.acceptedEnvironments.includes(grant.environment)) {
      return refused('environment_forbidden', `This deployment accepts only ${this.options.acceptedEnvironments.join(' and ')} credentials`);
    }
    if (input.workspaceId !== undefined && input.workspaceId !== grant.workspace_id) {
      return refused('workspace_forbidden', 'This token belongs to a different workspace than X-Workspace-ID names');
    }
    // A token exchanged for an IP-restricted key is held to the same addresses on every use.
    const ipAllowed = ipAllowListOf(grant);
    if (ipAllowed) {
      const ip = typeof input.ip === 'function' ? input.ip() : input.ip;
      if (ip === null || !ipAllowed(ip)) return refused('ip_not_allowed', 'This token\'s API key may not be used from this IP address');
    }
    // Exchanged key tokens take the key's scopes from their session; client and agent tokens carry theirs.
    const scopes = grant.scopes !== null
      ? scopesOf(grant, () => grant.scopes!)
      : scopesOf(claims, () => (claims.scope ?? '').split(' ').filter((s) => s !== ''));
    return accepted({
      type: MACHINE_TYPES[grant.kind],
      id: grant.subject_id,
      workspaceId: grant.workspace_id,
      environment: grant.environment,
      scopes,
      sessionId: grant.id,
      // An exchanged key token is the key acting: the key's own rate_limit applies to it too.
      rateLimit: grant.rate_limit,
    });
  }

  private fromSession(check: SessionCheck, input: CredentialInput): AuthOutcome {
    if (!check.valid) {
      return refused(check.code, check.code === 'session_expired' ? 'The session has expired; log in again' : 'The session token is not valid', 'invalid_token');
    }
    const membership = pickWorkspace(check.session, input.workspaceId, input.workspaceOptional === true);
    if ('refusal' in membership) return { ok: false, refusal: membership.refusal };
    return accepted({
      type: 'user',
      id: check.session.userId,
      workspaceId: membership.id,
      environment: null,
      scopes: this.roleScopes.get(membership.role)!,
      sessionId: check.session.id,
      role: membership.role,
    });
  }
}

type Membership = VerifiedSession['memberships'][number];

function pickWorkspace(session: VerifiedSession, workspaceId: string | undefined, optional: boolean): Membership | { refusal: AuthRefusal } {
  const refusal = (code: ErrorCode, detail: string): { refusal: AuthRefusal } => ({ refusal: { code, detail } });
  if (workspaceId !== undefined) {
    return session.memberships.find((m) => m.id === workspaceId) ?? refusal('workspace_forbidden', 'You are not a member of the workspace X-Workspace-ID names');
  }
  if (session.memberships.length === 1 || (optional && session.memberships.length > 0)) return session.memberships[0]!;
  if (session.memberships.length === 0) return refusal('workspace_forbidden', 'You are not a member of any workspace');
  return refusal('workspace_required', 'You belong to several workspaces: name one with X-Workspace-ID');
}

/** The credential string a request carries (Authorization: Bearer … or X-API-Key), or why there is none to check. */
export function extractCredential(
  input: Pick<CredentialInput, 'authorization' | 'apiKey'>,
): { ok: true; token: string; source: 'authorization' | 'x-api-key' } | { ok: false; refusal: AuthRefusal } {
  if (input.authorization !== undefined) {
    const token = bearerToken(input.authorization);
    if (token === null) return { ok: false, refusal: { code: 'invalid_token', detail: 'Authorization must be "Bearer <credential>"', bearerError: 'invalid_request' } };
    return { ok: true, token, source: 'authorization' };
  }
  if (input.apiKey !== undefined && input.apiKey.trim() !== '') return { ok: true, token: input.apiKey.trim(), source: 'x-api-key' };
  return { ok: false, refusal: { code: 'authentication_required', detail: 'Send a credential: Authorization: Bearer <key or token>, or X-API-Key: <key>' } };
}

const BEARER_SLOW = /^Bearer +(\S+) *$/i;

/** `Bearer <token>` → token; the common exact form skips the regular expression. */
function bearerToken(header: string): string | null {
  if (header.startsWith('Bearer ') && header.indexOf(' ', 7) === -1 && header.length > 7) return header.slice(7);
  const match = BEARER_SLOW.exec(header);
  return match ? match[1]! : null;
}
