import type { Database } from '../store/database.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { Principal, RequestContext } from '../auth/principal.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { WardenError } from '../errors/warden-error.js';
import type { AccessTokens, TokenRecipe } from '../tokens/access-tokens.js';
import { expireGrant, findGrantByLabel, upsertKeyExchangeGrant, type GrantRow } from '../grants/grants.js';
import { allowedIpsOf } from './key-store.js';
import { invalidateGrants } from '../grants/grant-verifier.js';
import type { Bus } from '../store/bus/bus.js';

export interface KeyExchangeOptions {
  db: Database;
  bus: Bus;
  clock: Clock;
  accessTokens: AccessTokens;
  /** Lifetime of an exchanged token (seed 003: 2 h). */
  ttlSeconds: number;
  /** A token with less than this left is not handed out again: a new one is issued (default 60 s). */
  reuseMinRemainingSeconds?: number;
}

export interface ExchangedToken {
  accessToken: string;
  expiresIn: number;
  scope: string;
  sessionId: string;
}

/** The caller's `session_id` when none is given: one default session per key. */
const DEFAULT_LABEL = 'default';
const DEFAULT_REUSE_MIN_REMAINING_SECONDS = 60;

function recipeOf(grant: GrantRow): TokenRecipe {
  return {
    kid: grant.kid!,
    jti: grant.jti!,
    iatSeconds: Math.floor(grant.issued_at!.getTime() / 1000),
    expSeconds: Math.floor(grant.expires_at!.getTime() / 1000),
    claims: {
      sub: grant.subject_id,
      sid: grant.id,
      scope: grant.scopes!.join(' '),
      workspace_id: grant.workspace_id,
      environment: grant.environment,
    },
  };
}

/**
 * API key → bearer token (seed 003). One exchange session per (key, caller's `session_id`), a
 * row of token_grants holding what the token was made of — never the token. While the token is
 * valid the same one comes back (Ed25519 signatures are deterministic, so it is signed again from
 * the recipe); a new `session_id` gets its own token; revoking, rotating or re-scoping the key
 * ends all its sessions (KeyService), and a session can be ended alone (logout with its token).
 */
export class KeyExchange {
  constructor(private readonly options: KeyExchangeOptions) {}

  async exchange(key: Principal, label: string | undefined, context: RequestContext): Promise<ExchangedToken> {
    const nowMs = this.options.clock.nowMs();
    const keyLeftSeconds = key.expiresAtMs == null ? Infinity : Math.floor((key.expiresAtMs - nowMs) / 1000);
    const ttlSeconds = Math.min(this.options.ttlSeconds, keyLeftSeconds);
    if (ttlSeconds < 1) throw new WardenError('key_expired', 'The API key has expired', { bearerError: 'invalid_token' });
    const sessionLabel = label ?? DEFAULT_LABEL;
    const fresh = this.options.accessTokens.recipe({ sub: key.id, sid: 'pending' }, ttlSeconds);
    const reuseUntil = new Date(nowMs + (this.options.reuseMinRemainingSeconds ?? DEFAULT_REUSE_MIN_REMAINING_SECONDS) * 1000);

    let renewedId: string | null = null;
    const grant = await this.options.db.transaction(async (tx) => {
      // Insert, or renew a session whose token is used up or would outlive this secret (an old
      // secret in its rotation grace never gets the new secret's longer token) — in one
      // statement, so two callers racing for the same session end up with the same token.
      const renewed = await upsertKeyExchangeGrant(tx, {
        id: newId('grt', nowMs), keyId: key.id, workspaceId: key.workspaceId, environment: key.environment!, label: sessionLabel,
        scopes: key.scopes.names, jti: fresh.jti, kid: fresh.kid,
        issuedAt: new Date(fresh.iatSeconds * 1000), expiresAt: new Date(fresh.expSeconds * 1000),
        rateLimit: key.rateLimit ?? null, allowedIps: await allowedIpsOf(tx, key.id),
      }, { reuseUntil, secretEndsAt: key.expiresAtMs == null ? null : new Date(key.expiresAtMs) });
      if (renewed) {
        renewedId = renewed.id;
        await recordAuditEvent(tx, {
          workspaceId: key.workspaceId,
          type: 'key.exchanged',
          context,
          target: { type: 'api_key', id: key.id },
          data: { grant_id: renewed.id, session_id: sessionLabel, expires_at: renewed.expires_at!.toISOString() },
        });
        return renewed;
      }
      return (await findGrantByLabel(tx, key.id, sessionLabel))!;
    });

    // A renewed session's previous token (another jti) is refused from now on, on every instance.
    if (renewedId) await invalidateGrants(this.options.bus, [renewedId]);
    const token = await this.options.accessTokens.resign(recipeOf(grant));
    if (token === null) {
      // The key that signed it has left the key ring: end this token and issue a new one.
      await expireGrant(this.options.db, grant.id, new Date(nowMs));
      return this.exchange(key, label, context);
    }
    return {
      accessToken: token,
      expiresIn: Math.max(0, Math.floor(grant.expires_at!.getTime() / 1000) - Math.floor(nowMs / 1000)),
      scope: grant.scopes!.join(' '),
      sessionId: grant.id,
    };
  }
}
