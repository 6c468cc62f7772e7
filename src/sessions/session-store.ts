import type { Queryable } from '../store/database.js';
import { auditedStatement, writeAudited, type AuditedWriter, type AuditEventInput } from '../audit/record-audit-event.js';
import { writeLatestTimes } from '../store/latest-times.js';

export interface SessionRow {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  absolute_expires_at: Date;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

export interface SessionWithUserRow extends SessionRow {
  user_disabled_at: Date | null;
}

/** The first refresh token of a session's family (see RefreshTokens.firstOf). */
export interface FirstRefreshToken {
  id: string;
  tokenHash: string;
  expiresAt: Date;
}

const INSERT_SESSION_AUDITED = auditedStatement('warden_session_insert_audited', 10, (audit) => `with ${audit.ctes},
     session as (
       insert into sessions (id, token_hash, user_id, created_at, last_seen_at, absolute_expires_at, ip, user_agent)
       select $1::text, $2::text, $3::text, $4::timestamptz, $4::timestamptz, $5::timestamptz, $6::text, $7::text from audit_link returning id),
     refresh as (
       insert into refresh_tokens (id, token_hash, session_id, user_id, created_at, expires_at)
       select $8::text, $9::text, session.id, $3::text, $4::timestamptz, $10::timestamptz from session)
     select ${audit.columns} from audit_link`);

/**
 * insertSession with the change's audit event (login.succeeded) in the same statement: the audit
 * part locks the chain head and writes the event, and the session and its refresh token are
 * written from its `audit_link`, so either all three are stored or none (one statement, one round
 * trip, no BEGIN/COMMIT; a named statement, parsed once).
 */
export async function insertSessionAudited(
  db: AuditedWriter,
  session: { id: string; tokenHash: string; userId: string; now: Date; absoluteExpiresAt: Date; ip: string | null; userAgent: string | null },
  refresh: FirstRefreshToken,
  event: AuditEventInput,
): Promise<void> {
  await writeAudited(
    db,
    INSERT_SESSION_AUDITED,
    [session.id, session.tokenHash, session.userId, session.now, session.absoluteExpiresAt, session.ip, session.userAgent, refresh.id, refresh.tokenHash, refresh.expiresAt],
    event,
  );
}

export async function findSessionByHash(db: Queryable, tokenHash: string): Promise<SessionWithUserRow | null> {
  const [row] = await db.query<SessionWithUserRow>(
    `select s.*, u.disabled_at as user_disabled_at from sessions s join users u on u.id = s.user_id
      where s.token_hash = $1`,
    [tokenHash],
  );
  return row ?? null;
}

export async function revokeSession(tx: Queryable, id: string, at: Date): Promise<SessionRow | null> {
  const [row] = await tx.query<SessionRow>(
    'update sessions set revoked_at = coalesce(revoked_at, $2) where id = $1 returning *',
    [id, at],
  );
  return row ?? null;
}

const REVOKE_SESSION_AUDITED = auditedStatement('warden_session_revoke_audited', 2, (audit) => `with ${audit.ctes},
     revoked as (update sessions set revoked_at = coalesce(revoked_at, $2::timestamptz) from audit_link where sessions.id = $1::text returning sessions.token_hash)
     select ${audit.columns}, (select token_hash from revoked) as token_hash from audit_link`);

/**
 * revokeSession with its audit event in the same statement (logout); the event is written whether
 * or not the session exists. Returns the revoked session's token hash (null: no such session).
 */
export async function revokeSessionAudited(db: AuditedWriter, id: string, at: Date, event: AuditEventInput): Promise<string | null> {
  const { row } = await writeAudited<{ token_hash: string | null }>(db, REVOKE_SESSION_AUDITED, [id, at], event);
  return row.token_hash;
}

export function writeLastSeen(db: Queryable, entries: ReadonlyArray<readonly [string, number]>): Promise<void> {
  return writeLatestTimes(db, { table: 'sessions', column: 'last_seen_at' }, entries);
}

/** Sessions of a user that are not revoked and not past their absolute end, newest first. */
export async function listLiveSessions(db: Queryable, userId: string, now: Date): Promise<SessionRow[]> {
  return db.query<SessionRow>(
    `select * from sessions where user_id = $1 and revoked_at is null and absolute_expires_at > $2
      order by created_at desc, id desc`,
    [userId, now],
  );
}

export async function findSessionById(db: Queryable, id: string): Promise<SessionRow | null> {
  const [row] = await db.query<SessionRow>('select * from sessions where id = $1', [id]);
  return row ?? null;
}

/** Revokes every live session of the user except `keepSessionId`; returns the token hashes revoked. */
export async function revokeSessionsOfUser(tx: Queryable, userId: string, at: Date, keepSessionId: string | null): Promise<string[]> {
  const rows = await tx.query<{ token_hash: string }>(
    `update sessions set revoked_at = $2
      where user_id = $1 and revoked_at is null and ($3::text is null or id <> $3)
      returning token_hash`,
    [userId, at, keepSessionId],
  );
  return rows.map((row) => row.token_hash);
}

/** Token hashes of a user's live sessions (to drop them from caches when their access changes). */
export async function liveSessionHashes(db: Queryable, userId: string): Promise<string[]> {
  const rows = await db.query<{ token_hash: string }>('select token_hash from sessions where user_id = $1 and revoked_at is null', [userId]);
  return rows.map((row) => row.token_hash);
}

/** The ids of the sessions behind these token hashes (the invalidation stream names sessions by id too: access tokens carry it as `sid`). */
export async function sessionIdsOfHashes(db: Queryable, tokenHashes: readonly string[]): Promise<string[]> {
  if (tokenHashes.length === 0) return [];
  const rows = await db.query<{ id: string }>('select id from sessions where token_hash = any($1::text[])', [tokenHashes]);
  return rows.map((row) => row.id);
}
