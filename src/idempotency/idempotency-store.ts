import type { Queryable } from '../store/database.js';

export interface IdempotencyRow {
  operation: string;
  request_hash: string;
  status_code: number | null;
  response: string | null;
  created_at: Date;
  expires_at: Date;
}

export interface IdempotencyId {
  callerHash: string;
  keyHash: string;
}

/** Claims the key for a first request; false when a row (live or expired) is already there. */
export async function claimIdempotencyKey(db: Queryable, id: IdempotencyId, fields: { operation: string; requestHash: string; nowMs: number; ttlMs: number }): Promise<boolean> {
  const rows = await db.query(
    `insert into idempotency_keys (caller_hash, key_hash, operation, request_hash, created_at, expires_at)
     values ($1, $2, $3, $4, $5, $6) on conflict (caller_hash, key_hash) do nothing returning key_hash`,
    [id.callerHash, id.keyHash, fields.operation, fields.requestHash, new Date(fields.nowMs), new Date(fields.nowMs + fields.ttlMs)],
  );
  return rows.length === 1;
}

export async function findIdempotencyKey(db: Queryable, id: IdempotencyId): Promise<IdempotencyRow | undefined> {
  const rows = await db.query<IdempotencyRow>(
    'select operation, request_hash, status_code, response, created_at, expires_at from idempotency_keys where caller_hash = $1 and key_hash = $2',
    [id.callerHash, id.keyHash],
  );
  return rows[0];
}

/** Takes over a row whose first request never finished (its process died) or whose 24 h are over. */
export async function reclaimIdempotencyKey(db: Queryable, id: IdempotencyId, fields: { operation: string; requestHash: string; nowMs: number; ttlMs: number; stalePendingBeforeMs: number }): Promise<boolean> {
  const rows = await db.query(
    `update idempotency_keys set operation = $3, request_hash = $4, status_code = null, response = null, created_at = $5, expires_at = $6
     where caller_hash = $1 and key_hash = $2 and (expires_at <= $5 or (status_code is null and created_at < $7)) returning key_hash`,
    [id.callerHash, id.keyHash, fields.operation, fields.requestHash, new Date(fields.nowMs), new Date(fields.nowMs + fields.ttlMs), new Date(fields.stalePendingBeforeMs)],
  );
  return rows.length === 1;
}

export async function completeIdempotencyKey(db: Queryable, id: IdempotencyId, statusCode: number, response: string): Promise<void> {
  await db.query('update idempotency_keys set status_code = $3, response = $4 where caller_hash = $1 and key_hash = $2', [id.callerHash, id.keyHash, statusCode, response]);
}

export async function releaseIdempotencyKey(db: Queryable, id: IdempotencyId): Promise<void> {
  await db.query('delete from idempotency_keys where caller_hash = $1 and key_hash = $2 and status_code is null', [id.callerHash, id.keyHash]);
}

export async function deleteExpiredIdempotencyKeys(db: Queryable, nowMs: number): Promise<void> {
  await db.query('delete from idempotency_keys where expires_at <= $1', [new Date(nowMs)]);
}
