import type { Queryable } from '../store/database.js';
import type { CredentialEnvironment } from '../auth/environments.js';

/** An `oauth_clients` row. */
export interface ClientRow {
  id: string;
  workspace_id: string;
  name: string;
  environment: CredentialEnvironment;
  scopes: string[];
  token_ttl_seconds: number;
  secret_hash: string;
  secret_prefix: string;
  previous_secret_hash: string | null;
  previous_secret_expires_at: Date | null;
  metadata: Record<string, unknown>;
  created_by_type: string;
  created_by_id: string;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

/** The client object of the management API: never a secret or its hash. */
export interface ClientView {
  client_id: string;
  name: string;
  environment: CredentialEnvironment;
  scopes: string[];
  token_ttl_seconds: number;
  secret_prefix: string;
  previous_secret_expires_at: string | null;
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export function toClientView(row: ClientRow): ClientView {
  return {
    client_id: row.id,
    name: row.name,
    environment: row.environment,
    scopes: row.scopes,
    token_ttl_seconds: row.token_ttl_seconds,
    secret_prefix: row.secret_prefix,
    previous_secret_expires_at: row.previous_secret_expires_at?.toISOString() ?? null,
    metadata: row.metadata,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export async function insertClient(
  tx: Queryable,
  client: {
    id: string; workspaceId: string; name: string; environment: CredentialEnvironment; scopes: string[]; tokenTtlSeconds: number;
    secretHash: string; secretPrefix: string; metadata: Record<string, unknown>; createdBy: { type: string; id: string };
  },
): Promise<ClientRow> {
  const [row] = await tx.query<ClientRow>(
    `insert into oauth_clients (id, workspace_id, name, environment, scopes, token_ttl_seconds, secret_hash, secret_prefix,
                                metadata, created_by_type, created_by_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning *`,
    [
      client.id, client.workspaceId, client.name, client.environment, client.scopes, client.tokenTtlSeconds, client.secretHash,
      client.secretPrefix, JSON.stringify(client.metadata), client.createdBy.type, client.createdBy.id,
    ],
  );
  return row!;
}

/** A live (not deleted) client of the workspace. */
export async function findClient(db: Queryable, workspaceId: string, id: string, forUpdate = false): Promise<ClientRow | null> {
  const [row] = await db.query<ClientRow>(
    `select * from oauth_clients where workspace_id = $1 and id = $2 and deleted_at is null${forUpdate ? ' for update' : ''}`,
    [workspaceId, id],
  );
  return row ?? null;
}

/** A live client by its public id, whatever the workspace (the token endpoint). */
export async function findClientById(db: Queryable, id: string): Promise<ClientRow | null> {
  const [row] = await db.query<ClientRow>('select * from oauth_clients where id = $1 and deleted_at is null', [id]);
  return row ?? null;
}

export async function listClients(db: Queryable, workspaceId: string, beforeId: string | undefined, limit: number): Promise<ClientRow[]> {
  return db.query<ClientRow>(
    `select * from oauth_clients where workspace_id = $1 and deleted_at is null and ($2::text is null or id < $2)
      order by id desc limit $3`,
    [workspaceId, beforeId ?? null, limit],
  );
}

export async function updateClient(
  tx: Queryable,
  id: string,
  changes: { name?: string | undefined; scopes?: string[] | undefined; tokenTtlSeconds?: number | undefined; metadata?: Record<string, unknown> | undefined },
): Promise<ClientRow> {
  const [row] = await tx.query<ClientRow>(
    `update oauth_clients set name = coalesce($2, name), scopes = coalesce($3, scopes),
            token_ttl_seconds = coalesce($4, token_ttl_seconds), metadata = coalesce($5, metadata), updated_at = now()
      where id = $1 returning *`,
    [id, changes.name ?? null, changes.scopes ?? null, changes.tokenTtlSeconds ?? null, changes.metadata ? JSON.stringify(changes.metadata) : null],
  );
  return row!;
}

export async function rotateClientSecret(
  tx: Queryable,
  id: string,
  secret: { hash: string; prefix: string },
  previousExpiresAt: Date | null,
): Promise<ClientRow> {
  const [row] = await tx.query<ClientRow>(
    `update oauth_clients set previous_secret_hash = case when $4::timestamptz is null then null else secret_hash end,
            previous_secret_expires_at = $4, secret_hash = $2, secret_prefix = $3, updated_at = now()
      where id = $1 returning *`,
    [id, secret.hash, secret.prefix, previousExpiresAt],
  );
  return row!;
}

export async function deleteClient(tx: Queryable, id: string, at: Date): Promise<void> {
  await tx.query('update oauth_clients set deleted_at = $2, secret_hash = $3, previous_secret_hash = null where id = $1', [id, at, 'deleted']);
}

export interface ClientWithGrant extends ClientRow {
  /** The client's live grant: the `sid` of the tokens it is issued now. */
  grant_id: string | null;
}

export async function findClientWithGrant(db: Queryable, id: string): Promise<ClientWithGrant | null> {
  const [row] = await db.query<ClientWithGrant>(
    `select c.*, g.id as grant_id from oauth_clients c
       left join token_grants g on g.subject_id = c.id and g.label is null and g.revoked_at is null
      where c.id = $1 and c.deleted_at is null
      order by g.created_at desc limit 1`,
    [id],
  );
  return row ?? null;
}
