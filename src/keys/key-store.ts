import type { Queryable } from '../store/database.js';
import { writeLatestTimes } from '../store/latest-times.js';
import type { ApiKeyRow } from './key-row.js';
import type { KeyEnvironment } from './key-codec.js';

export interface NewKeyRow {
  id: string;
  workspaceId: string;
  name: string;
  displayPrefix: string;
  keyHash: string;
  environment: KeyEnvironment;
  scopes: string[];
  rateLimit: number | null;
  allowedIps: string[];
  metadata: Record<string, unknown>;
  createdBy: { type: string; id: string };
  expiresAt: Date | null;
}

export async function insertKey(tx: Queryable, key: NewKeyRow): Promise<ApiKeyRow> {
  const [row] = await tx.query<ApiKeyRow>(
    `insert into api_keys (id, workspace_id, name, display_prefix, environment, scopes, rate_limit,
                           allowed_ips, metadata, created_by_type, created_by_id, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     returning *`,
    [
      key.id, key.workspaceId, key.name, key.displayPrefix, key.environment, key.scopes, key.rateLimit,
      key.allowedIps, JSON.stringify(key.metadata), key.createdBy.type, key.createdBy.id, key.expiresAt,
    ],
  );
  await tx.query('insert into api_key_secrets (key_hash, key_id, display_prefix) values ($1, $2, $3)', [
    key.keyHash, key.id, key.displayPrefix,
  ]);
  return row!;
}

export async function findKey(db: Queryable, workspaceId: string, id: string, forUpdate = false): Promise<ApiKeyRow | null> {
  const [row] = await db.query<ApiKeyRow>(
    `select * from api_keys where workspace_id = $1 and id = $2${forUpdate ? ' for update' : ''}`,
    [workspaceId, id],
  );
  return row ?? null;
}

export interface KeyListFilter {
  workspaceId: string;
  environment?: KeyEnvironment | undefined;
  revoked?: boolean | undefined;
  /** Rows strictly older (smaller id) than this one. */
  beforeId?: string | undefined;
  limit: number;
}

export async function listKeys(db: Queryable, filter: KeyListFilter): Promise<ApiKeyRow[]> {
  const where = ['workspace_id = $1'];
  const params: unknown[] = [filter.workspaceId];
  if (filter.environment) {
    params.push(filter.environment);
    where.push(`environment = $${params.length}`);
  }
  if (filter.revoked !== undefined) where.push(filter.revoked ? 'revoked_at is not null' : 'revoked_at is null');
  if (filter.beforeId) {
    params.push(filter.beforeId);
    where.push(`id < $${params.length}`);
  }
  params.push(filter.limit);
  return db.query<ApiKeyRow>(
    `select * from api_keys where ${where.join(' and ')} order by id desc limit $${params.length}`,
    params,
  );
}

export interface KeyPatch {
  name?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
  scopes?: string[] | undefined;
}

export async function updateKey(tx: Queryable, id: string, patch: KeyPatch): Promise<ApiKeyRow> {
  const [row] = await tx.query<ApiKeyRow>(
    `update api_keys set
       name = coalesce($2, name),
       metadata = coalesce($3::jsonb, metadata),
       scopes = coalesce($4::text[], scopes),
       updated_at = now()
     where id = $1 returning *`,
    [id, patch.name ?? null, patch.metadata ? JSON.stringify(patch.metadata) : null, patch.scopes ?? null],
  );
  return row!;
}

export async function revokeKey(tx: Queryable, id: string, at: Date): Promise<ApiKeyRow> {
  const [row] = await tx.query<ApiKeyRow>(
    'update api_keys set revoked_at = $2, updated_at = now() where id = $1 returning *',
    [id, at],
  );
  return row!;
}

/** Hashes of every secret the key has had, for cache invalidation. */
export async function secretHashesOf(db: Queryable, keyId: string): Promise<string[]> {
  const rows = await db.query<{ key_hash: string }>('select key_hash from api_key_secrets where key_id = $1', [keyId]);
  return rows.map((row) => row.key_hash);
}

/**
 * Retires the key's live secrets at `retireAt` (never later than an earlier retirement already
 * set) and adds the new secret.
 */
export async function rotateSecret(
  tx: Queryable,
  keyId: string,
  next: { keyHash: string; displayPrefix: string },
  retireAt: Date,
): Promise<ApiKeyRow> {
  await tx.query(
    `update api_key_secrets set retired_at = least(coalesce(retired_at, $2), $2)
      where key_id = $1 and (retired_at is null or retired_at > $2)`,
    [keyId, retireAt],
  );
  await tx.query('insert into api_key_secrets (key_hash, key_id, display_prefix) values ($1, $2, $3)', [
    next.keyHash, keyId, next.displayPrefix,
  ]);
  const [row] = await tx.query<ApiKeyRow>(
    'update api_keys set display_prefix = $2, updated_at = now() where id = $1 returning *',
    [keyId, next.displayPrefix],
  );
  return row!;
}

export interface KeyBySecretRow extends ApiKeyRow {
  secret_retired_at: Date | null;
}

export async function findKeyBySecretHash(db: Queryable, keyHash: string): Promise<KeyBySecretRow | null> {
  const [row] = await db.query<KeyBySecretRow>(
    `select k.*, s.retired_at as secret_retired_at
       from api_key_secrets s join api_keys k on k.id = s.key_id
      where s.key_hash = $1`,
    [keyHash],
  );
  return row ?? null;
}

export function writeLastUsed(db: Queryable, entries: ReadonlyArray<readonly [string, number]>): Promise<void> {
  return writeLatestTimes(db, { table: 'api_keys', column: 'last_used_at' }, entries);
}

/** A key's allowed_ips as stored (a key-exchange session carries them to its tokens). */
export async function allowedIpsOf(db: Queryable, id: string): Promise<string[] | null> {
  const [row] = await db.query<{ allowed_ips: string[] }>('select allowed_ips from api_keys where id = $1', [id]);
  return row?.allowed_ips ?? null;
}
