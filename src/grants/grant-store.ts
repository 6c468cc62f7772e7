import type { Queryable } from '../store/database.js';
import type { CredentialEnvironment } from '../auth/environments.js';
import { newId } from '../lib/ids.js';

export type GrantKind = 'client' | 'agent' | 'key';

export interface GrantRow {
  id: string;
  kind: GrantKind;
  subject_id: string;
  workspace_id: string;
  environment: CredentialEnvironment;
  label: string | null;
  scopes: string[] | null;
  rate_limit: number | null;
  /** Exchanged key tokens: the key's allowed_ips (checked on every use); null for clients and agents. */
  allowed_ips: string[] | null;
  jti: string | null;
  kid: string | null;
  issued_at: Date | null;
  expires_at: Date | null;
  created_at: Date;
  revoked_at: Date | null;
}

export async function insertGrant(
  tx: Queryable,
  grant: { id: string; kind: GrantKind; subjectId: string; workspaceId: string; environment: CredentialEnvironment },
): Promise<GrantRow> {
  const [row] = await tx.query<GrantRow>(
    'insert into token_grants (id, kind, subject_id, workspace_id, environment) values ($1, $2, $3, $4, $5) returning *',
    [grant.id, grant.kind, grant.subjectId, grant.workspaceId, grant.environment],
  );
  return row!;
}

export async function findGrant(db: Queryable, id: string): Promise<GrantRow | null> {
  const [row] = await db.query<GrantRow>('select * from token_grants where id = $1', [id]);
  return row ?? null;
}

/** The live (unrevoked) grant of a client or agent. */
export async function findLiveGrantOf(db: Queryable, subjectId: string): Promise<GrantRow | null> {
  const [row] = await db.query<GrantRow>(
    'select * from token_grants where subject_id = $1 and label is null and revoked_at is null order by created_at desc limit 1',
    [subjectId],
  );
  return row ?? null;
}

/** Ends every live grant of a subject (all its tokens); returns their ids for the caches. */
export async function revokeGrantsOf(tx: Queryable, subjectId: string, at: Date): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    'update token_grants set revoked_at = $2 where subject_id = $1 and revoked_at is null returning id',
    [subjectId, at],
  );
  return rows.map((row) => row.id);
}

export async function revokeGrant(tx: Queryable, id: string, at: Date): Promise<GrantRow | null> {
  const [row] = await tx.query<GrantRow>('update token_grants set revoked_at = coalesce(revoked_at, $2) where id = $1 returning *', [id, at]);
  return row ?? null;
}

/**
 * Replaces a client's or agent's grant: every token issued so far ends, later ones name the new
 * grant. Returns the ended grants' ids (for the caches).
 */
export async function renewGrant(
  tx: Queryable,
  subject: { kind: 'client' | 'agent'; id: string; workspaceId: string; environment: CredentialEnvironment },
  nowMs: number,
): Promise<string[]> {
  const ended = await revokeGrantsOf(tx, subject.id, new Date(nowMs));
  await insertGrant(tx, { id: newId('grt', nowMs), kind: subject.kind, subjectId: subject.id, workspaceId: subject.workspaceId, environment: subject.environment });
  return ended;
}

/** Deletes key-exchange grants that expired before `before` (their tokens are long dead); returns how many. */
export async function deleteSpentKeyGrants(db: Queryable, before: Date): Promise<number> {
  const rows = await db.query("delete from token_grants where kind = 'key' and expires_at < $1 returning id", [before]);
  return rows.length;
}

/** A key-exchange session (`{api_key, session_id}` login): the token it hands out and who it stands for. */
export interface KeyExchangeGrant {
  id: string;
  keyId: string;
  workspaceId: string;
  environment: CredentialEnvironment;
  label: string;
  scopes: readonly string[];
  jti: string;
  kid: string;
  issuedAt: Date;
  expiresAt: Date;
  rateLimit: number | null;
  allowedIps: readonly string[] | null;
}

/**
 * Inserts a key-exchange session, or renews it when its token is used up (revoked, or live for
 * less than until `reuseUntil`) or would outlive `secretEndsAt` (an old secret in its rotation
 * grace never gets the new secret's longer token) — in one statement, so two callers racing for
 * the same session end up with the same token. Null: the live session is kept as it is.
 */
export async function upsertKeyExchangeGrant(
  tx: Queryable,
  grant: KeyExchangeGrant,
  renewal: { reuseUntil: Date; secretEndsAt: Date | null },
): Promise<GrantRow | null> {
  const [renewed] = await tx.query<GrantRow>(
    `insert into token_grants (id, kind, subject_id, workspace_id, environment, label, scopes, jti, kid, issued_at, expires_at, rate_limit, allowed_ips)
     values ($1, 'key', $2, $3, $4, $5, $6, $7, $8, $9, $10, $12, $14)
     on conflict (subject_id, label) where label is not null do update
        set jti = excluded.jti, kid = excluded.kid, issued_at = excluded.issued_at, expires_at = excluded.expires_at,
            scopes = excluded.scopes, environment = excluded.environment, rate_limit = excluded.rate_limit,
            allowed_ips = excluded.allowed_ips, revoked_at = null
      where token_grants.revoked_at is not null or token_grants.expires_at <= $11
         or token_grants.expires_at > $13::timestamptz
     returning *`,
    [
      grant.id, grant.keyId, grant.workspaceId, grant.environment, grant.label, [...grant.scopes], grant.jti, grant.kid,
      grant.issuedAt, grant.expiresAt, renewal.reuseUntil, grant.rateLimit, renewal.secretEndsAt,
      grant.allowedIps ? [...grant.allowedIps] : null,
    ],
  );
  return renewed ?? null;
}

export async function findGrantByLabel(db: Queryable, subjectId: string, label: string): Promise<GrantRow | null> {
  const [row] = await db.query<GrantRow>('select * from token_grants where subject_id = $1 and label = $2', [subjectId, label]);
  return row ?? null;
}

/** Ends a grant's current token now (its signing key left the ring: the next exchange issues a new one). */
export async function expireGrant(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query('update token_grants set expires_at = $2 where id = $1', [id, at]);
}
