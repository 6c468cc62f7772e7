import type { Queryable } from '../store/database.js';
import type { CredentialEnvironment } from '../auth/environments.js';

export interface AgentRow {
  id: string;
  workspace_id: string;
  name: string;
  environment: CredentialEnvironment;
  scopes: string[];
  public_key: string;
  max_token_ttl_seconds: number;
  metadata: Record<string, unknown>;
  created_by_type: string;
  created_by_id: string;
  created_at: Date;
  updated_at: Date;
  revoked_at: Date | null;
}

export interface AgentView {
  id: string;
  name: string;
  environment: CredentialEnvironment;
  scopes: string[];
  public_key: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  max_token_ttl_seconds: number;
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  revoked_at: string | null;
}

export function toAgentView(row: AgentRow): AgentView {
  return {
    id: row.id,
    name: row.name,
    environment: row.environment,
    scopes: row.scopes,
    public_key: { kty: 'OKP', crv: 'Ed25519', x: row.public_key },
    max_token_ttl_seconds: row.max_token_ttl_seconds,
    metadata: row.metadata,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    revoked_at: row.revoked_at?.toISOString() ?? null,
  };
}

export async function insertAgent(
  tx: Queryable,
  agent: {
    id: string; workspaceId: string; name: string; environment: CredentialEnvironment; scopes: string[]; publicKey: string;
    maxTokenTtlSeconds: number; metadata: Record<string, unknown>; createdBy: { type: string; id: string };
  },
): Promise<AgentRow> {
  const [row] = await tx.query<AgentRow>(
    `insert into agents (id, workspace_id, name, environment, scopes, public_key, max_token_ttl_seconds, metadata, created_by_type, created_by_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning *`,
    [
      agent.id, agent.workspaceId, agent.name, agent.environment, agent.scopes, agent.publicKey, agent.maxTokenTtlSeconds,
      JSON.stringify(agent.metadata), agent.createdBy.type, agent.createdBy.id,
    ],
  );
  return row!;
}

export async function findAgent(db: Queryable, workspaceId: string, id: string, forUpdate = false): Promise<AgentRow | null> {
  const [row] = await db.query<AgentRow>(
    `select * from agents where workspace_id = $1 and id = $2${forUpdate ? ' for update' : ''}`,
    [workspaceId, id],
  );
  return row ?? null;
}

export async function findAgentById(db: Queryable, id: string): Promise<AgentRow | null> {
  const [row] = await db.query<AgentRow>('select * from agents where id = $1', [id]);
  return row ?? null;
}

export async function listAgents(db: Queryable, workspaceId: string, beforeId: string | undefined, limit: number): Promise<AgentRow[]> {
  return db.query<AgentRow>(
    'select * from agents where workspace_id = $1 and ($2::text is null or id < $2) order by id desc limit $3',
    [workspaceId, beforeId ?? null, limit],
  );
}

export async function updateAgent(
  tx: Queryable,
  id: string,
  changes: { name?: string | undefined; scopes?: string[] | undefined; publicKey?: string | undefined; maxTokenTtlSeconds?: number | undefined; metadata?: Record<string, unknown> | undefined },
): Promise<AgentRow> {
  const [row] = await tx.query<AgentRow>(
    `update agents set name = coalesce($2, name), scopes = coalesce($3, scopes), public_key = coalesce($4, public_key),
            max_token_ttl_seconds = coalesce($5, max_token_ttl_seconds), metadata = coalesce($6, metadata), updated_at = now()
      where id = $1 returning *`,
    [id, changes.name ?? null, changes.scopes ?? null, changes.publicKey ?? null, changes.maxTokenTtlSeconds ?? null, changes.metadata ? JSON.stringify(changes.metadata) : null],
  );
  return row!;
}

export async function revokeAgent(tx: Queryable, id: string, at: Date): Promise<AgentRow> {
  const [row] = await tx.query<AgentRow>('update agents set revoked_at = coalesce(revoked_at, $2) where id = $1 returning *', [id, at]);
  return row!;
}

export async function insertChallenge(db: Queryable, nonceHash: string, agentId: string, expiresAt: Date): Promise<void> {
  await db.query('insert into agent_challenges (nonce_hash, agent_id, expires_at) values ($1, $2, $3)', [nonceHash, agentId, expiresAt]);
}

/** Uses the challenge up, once: true if it was live and unused. */
export async function consumeChallenge(tx: Queryable, nonceHash: string, agentId: string, now: Date): Promise<boolean> {
  const rows = await tx.query(
    'update agent_challenges set used_at = $3 where nonce_hash = $1 and agent_id = $2 and used_at is null and expires_at > $3 returning nonce_hash',
    [nonceHash, agentId, now],
  );
  return rows.length === 1;
}

export async function pruneChallenges(db: Queryable, now: Date): Promise<void> {
  await db.query('delete from agent_challenges where expires_at <= $1', [new Date(now.getTime() - 3_600_000)]);
}
