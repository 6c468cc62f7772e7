import type { Database } from '../store/database.js';
import type { Clock } from '../lib/clock.js';
import type { RequestContext } from './principal.js';
import { newId } from '../lib/ids.js';
import { randomBase62 } from '../lib/base62.js';
import { sha256Hex } from '../lib/hash.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';

/** A deployment-level service credential as the operator sees it (never its secret, except once at creation). */
export interface ServiceCredential {
  id: string;
  name: string;
  created_at: string;
  revoked_at: string | null;
}

interface ServiceCredentialRow {
  id: string;
  name: string;
  created_at: Date;
  revoked_at: Date | null;
}

const view = (row: ServiceCredentialRow): ServiceCredential => ({
  id: row.id, name: row.name, created_at: row.created_at.toISOString(), revoked_at: row.revoked_at ? row.revoked_at.toISOString() : null,
});

/** `{prefix}_service_` + 43 base62 characters (≈ 256 bits); `service` is longer than any key type, so no API key starts so. */
export function serviceSecretPrefix(keyPrefix: string): string {
  return `${keyPrefix}_service_`;
}

export class ServiceCredentialNotFoundError extends Error {}

/**
 * Deployment-level service credentials: the company's own services verify credentials of every
 * workspace with one (a workspace key sees only its own workspace). Stored hashed; created,
 * revoked and every use recorded in the account-level audit chain. Not cached: a revocation
 * holds at the next call on every instance.
 */
export class ServiceCredentials {
  constructor(private readonly deps: { db: Database; clock: Clock; keyPrefix: string }) {}

  isServiceSecret(secret: string): boolean {
    return secret.startsWith(serviceSecretPrefix(this.deps.keyPrefix));
  }

  async create(name: string, context: RequestContext): Promise<ServiceCredential & { secret: string }> {
    const now = new Date(this.deps.clock.nowMs());
    const secret = `${serviceSecretPrefix(this.deps.keyPrefix)}${randomBase62(43)}`;
    const row = await this.deps.db.transaction(async (tx) => {
      const [created] = await tx.query<ServiceCredentialRow>(
        'insert into service_credentials (id, name, secret_hash, created_at) values ($1, $2, $3, $4) returning id, name, created_at, revoked_at',
        [newId('svc', now.getTime()), name, sha256Hex(secret), now],
      );
      await recordAuditEvent(tx, { workspaceId: null, type: 'service_credential.created', context, target: { type: 'service_credential', id: created!.id }, data: { name } });
      return created!;
    });
    return { ...view(row), secret };
  }

  async list(): Promise<ServiceCredential[]> {
    const rows = await this.deps.db.query<ServiceCredentialRow>('select id, name, created_at, revoked_at from service_credentials order by id');
    return rows.map(view);
  }

  /** Idempotent: revoking a revoked credential keeps its first revocation time. */
  async revoke(id: string, context: RequestContext): Promise<ServiceCredential> {
    const now = new Date(this.deps.clock.nowMs());
    const row = await this.deps.db.transaction(async (tx) => {
      const [revoked] = await tx.query<ServiceCredentialRow>(
        'update service_credentials set revoked_at = coalesce(revoked_at, $2) where id = $1 returning id, name, created_at, revoked_at',
        [id, now],
      );
      if (!revoked) throw new ServiceCredentialNotFoundError(`No service credential ${id}`);
      await recordAuditEvent(tx, { workspaceId: null, type: 'service_credential.revoked', context, target: { type: 'service_credential', id } });
      return revoked;
    });
    return view(row);
  }

  /** Whether this credential is still active (an open invalidation stream re-checks it on every beat; not audited). */
  async isActive(id: string): Promise<boolean> {
    const rows = await this.deps.db.query<{ id: string }>('select id from service_credentials where id = $1 and revoked_at is null', [id]);
    return rows.length > 0;
  }

  /** The active credential with this secret (its use recorded), or null. */
  async authenticate(secret: string, context: Omit<RequestContext, 'actor'>): Promise<ServiceCredential | null> {
    const [row] = await this.deps.db.query<ServiceCredentialRow>(
      'select id, name, created_at, revoked_at from service_credentials where secret_hash = $1 and revoked_at is null',
      [sha256Hex(secret)],
    );
    if (!row) return null;
    await this.deps.db.transaction((tx) => recordAuditEvent(tx, {
      workspaceId: null, type: 'service_credential.used', context: { ...context, actor: { type: 'system', id: row.id } },
      target: { type: 'service_credential', id: row.id },
    }));
    return view(row);
  }
}
