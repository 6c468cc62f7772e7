import { timingSafeEqual } from 'node:crypto';
import type { Transaction } from '../store/database.js';
import type { Bus } from '../store/bus/bus.js';
import { InvalidatingCache, keysListedUnder } from '../store/invalidating-cache.js';
import { sha256Hex } from '../lib/hash.js';
import { newId } from '../lib/ids.js';
import { generateChecksummedSecret, isChecksummedSecret } from '../lib/checksummed-secret.js';
import { ScopeSet, parseScope } from '../auth/scopes.js';
import type { Principal, RequestContext } from '../auth/principal.js';
import { changedFields, CredentialLifecycle, type CredentialServiceOptions, type CredentialUpdateInput, type NewCredentialInput } from '../auth/credential-lifecycle.js';
import { environmentFor } from '../auth/environments.js';
import { assertCovered, metadataErrors, scopeErrors, secondsErrors, throwIfErrors } from '../auth/credential-rules.js';
import type { AccessTokens } from '../tokens/access-tokens.js';
import { insertGrant, renewGrant, revokeGrantsOf } from '../grants/grants.js';
import { invalidateGrants } from '../grants/grant-verifier.js';
import * as store from './client-store.js';
import { pageOf } from '../lib/page.js';
import { OAuthError } from './oauth-error.js';

export const CLIENT_SECRET_PREFIX = 'cs_';
export const CLIENT_INVALIDATION_CHANNEL = 'clients.invalidate';
export const SAVE_SECRET_WARNING = 'SAVE THIS CLIENT SECRET NOW — it will never be shown again';

export interface CreateClientInput extends NewCredentialInput {
  token_ttl_seconds?: number | undefined;
}

export interface UpdateClientInput extends CredentialUpdateInput {
  token_ttl_seconds?: number | undefined;
}

export interface ClientServiceOptions extends CredentialServiceOptions {
  accessTokens: AccessTokens;
  defaultTokenTtlSeconds: number;
  maxTokenTtlSeconds: number;
  maxGraceSeconds: number;
  cacheTtlSeconds: number;
  cacheMaxEntries: number;
}

export interface IssuedClientToken {
  accessToken: string;
  expiresIn: number;
  scope: string;
}

/** Constant-time comparison of two SHA-256 hex digests. */
function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === 32 && right.length === 32 && timingSafeEqual(left, right);
}

interface CachedClient {
  row: store.ClientWithGrant;
  ceiling: ScopeSet;
}

/**
 * OAuth2 clients (RFC 6749 §4.4): management, and the client-credentials grant. A client's
 * secret is `cs_…` (≈ 190 random bits + checksum) stored as SHA-256 — a fast hash is enough for a
 * secret that long and keeps the token endpoint fast. Tokens name the client's current grant in
 * `sid`: deleting the client, rotating its secret without overlap or changing its scopes ends
 * the grant, and with it every token issued under it.
 */
export class ClientService {
  /** Client id → client with its current grant; a client not found is not remembered. */
  private readonly cache: InvalidatingCache<CachedClient, CachedClient | null>;

  private readonly lifecycle: CredentialLifecycle<store.ClientRow>;

  constructor(private readonly options: ClientServiceOptions) {
    this.lifecycle = new CredentialLifecycle({
      db: options.db,
      noun: 'OAuth client',
      targetType: 'client',
      find: (tx, workspaceId, id) => store.findClient(tx, workspaceId, id, true),
      invalidate: (id, endedGrants) => this.invalidate(id, endedGrants),
    });
    this.cache = new InvalidatingCache<CachedClient, CachedClient | null>({
      maxEntries: options.cacheMaxEntries,
      ttlSeconds: options.cacheTtlSeconds,
      load: async (clientId) => {
        const row = await store.findClientWithGrant(options.db, clientId);
        return row ? { row, ceiling: new ScopeSet(row.scopes) } : null;
      },
      bus: options.bus,
      channel: CLIENT_INVALIDATION_CHANNEL,
      keysOf: keysListedUnder('ids'),
    });
  }

  private async invalidate(clientId: string, endedGrants: readonly string[]): Promise<void> {
    await this.options.bus.publish(CLIENT_INVALIDATION_CHANNEL, { ids: [clientId] });
    await invalidateGrants(this.options.bus, endedGrants);
  }

  private ttlCheck(ttlSeconds: number | undefined): void {
    throwIfErrors(secondsErrors('token_ttl_seconds', ttlSeconds, this.options.maxTokenTtlSeconds, 'WARDEN_CLIENT_TOKEN_MAX_TTL_SECONDS'));
  }

  async create(principal: Principal, input: CreateClientInput, context: RequestContext): Promise<{ view: store.ClientView; secret: string }> {
    const environment = environmentFor(input.environment, principal, this.options.acceptedEnvironments, 'clients');
    throwIfErrors([...scopeErrors('scopes', input.scopes, this.options.knownResources), ...metadataErrors('metadata', input.metadata)]);
    this.ttlCheck(input.token_ttl_seconds);
    assertCovered(principal.scopes, input.scopes);
    const secret = generateChecksummedSecret(CLIENT_SECRET_PREFIX);
    const nowMs = this.options.clock.nowMs();
    const row = await this.options.db.transaction(async (tx) => {
      const created = await store.insertClient(tx, {
        id: newId('cli', nowMs),
        workspaceId: principal.workspaceId,
        name: input.name,
        environment,
        scopes: [...new Set(input.scopes)],
        tokenTtlSeconds: input.token_ttl_seconds ?? this.options.defaultTokenTtlSeconds,
        secretHash: sha256Hex(secret),
        secretPrefix: secret.slice(0, 7),
        metadata: input.metadata ?? {},
        createdBy: context.actor,
      });
      await insertGrant(tx, { id: newId('grt', nowMs), kind: 'client', subjectId: created.id, workspaceId: created.workspace_id, environment });
      await this.lifecycle.recordCreated(tx, { principal, context, event: 'client.created', credential: created });
      return created;
    });
    return { view: store.toClientView(row), secret };
  }

  async list(workspaceId: string, limit: number, cursor: string | undefined): Promise<{ clients: store.ClientView[]; nextCursor: string | null }> {
    const rows = await store.listClients(this.options.db, workspaceId, cursor, limit + 1);
    const { items, nextCursor } = pageOf(rows, limit);
    return { clients: items.map(store.toClientView), nextCursor };
  }

  async get(workspaceId: string, id: string): Promise<store.ClientView> {
    return store.toClientView(this.lifecycle.found(await store.findClient(this.options.db, workspaceId, id), id));
  }

  /** Tokens name the client's grant: a new one starts, and every token issued so far ends with the old. */
  private startNewGrant(tx: Transaction, current: store.ClientRow, nowMs: number): Promise<string[]> {
    return renewGrant(tx, { kind: 'client', id: current.id, workspaceId: current.workspace_id, environment: current.environment }, nowMs);
  }

  async update(principal: Principal, id: string, input: UpdateClientInput, context: RequestContext): Promise<store.ClientView> {
    throwIfErrors([
      ...(input.scopes ? scopeErrors('scopes', input.scopes, this.options.knownResources) : []),
      ...metadataErrors('metadata', input.metadata),
    ]);
    this.ttlCheck(input.token_ttl_seconds);
    const row = await this.lifecycle.change({
      principal, context, id,
      event: 'client.updated',
      change: async (tx, current) => {
        let endedGrants: string[] = [];
        if (input.scopes) {
          assertCovered(principal.scopes, input.scopes);
          // Tokens carry the scopes they were issued with: a new ceiling starts a new grant.
          endedGrants = await this.startNewGrant(tx, current, this.options.clock.nowMs());
        }
        const updated = await store.updateClient(tx, id, {
          name: input.name,
          scopes: input.scopes ? [...new Set(input.scopes)] : undefined,
          tokenTtlSeconds: input.token_ttl_seconds,
          metadata: input.metadata,
        });
        return { kind: 'changed', result: updated, endedGrants, auditData: { changed: changedFields(input), tokens_revoked: endedGrants.length > 0 } };
      },
    });
    return store.toClientView(row);
  }

  /** Deleting ends the client's tokens at once. Idempotent: an unknown or deleted client is a 404. */
  async delete(principal: Principal, id: string, context: RequestContext): Promise<void> {
    await this.lifecycle.change({
      principal, context, id,
      event: 'client.deleted',
      change: async (tx) => {
        const now = new Date(this.options.clock.nowMs());
        await store.deleteClient(tx, id, now);
        return { kind: 'changed', result: undefined, endedGrants: await revokeGrantsOf(tx, id, now) };
      },
    });
  }

  /**
   * New secret. `gracePeriodSeconds` 0: the old secret and every token issued so far end now;
   * > 0: the old secret keeps working until then, and issued tokens live out their lifetime.
   */
  async rotate(principal: Principal, id: string, gracePeriodSeconds: number, context: RequestContext): Promise<{ view: store.ClientView; secret: string }> {
    throwIfErrors(secondsErrors('grace_period_seconds', gracePeriodSeconds, this.options.maxGraceSeconds));
    const secret = generateChecksummedSecret(CLIENT_SECRET_PREFIX);
    const nowMs = this.options.clock.nowMs();
    const row = await this.lifecycle.change({
      principal, context, id,
      event: 'client.rotated',
      change: async (tx, current) => {
        const endedGrants = gracePeriodSeconds === 0 ? await this.startNewGrant(tx, current, nowMs) : [];
        const rotated = await store.rotateClientSecret(
          tx,
          id,
          { hash: sha256Hex(secret), prefix: secret.slice(0, 7) },
          gracePeriodSeconds > 0 ? new Date(nowMs + gracePeriodSeconds * 1000) : null,
        );
        return { kind: 'changed', result: rotated, endedGrants, auditData: { grace_period_seconds: gracePeriodSeconds } };
      },
    });
    return { view: store.toClientView(row), secret };
  }

  /** The client named by `clientId` if `secret` is its current (or overlapping previous) secret. */
  async authenticate(clientId: string, secret: string): Promise<CachedClient | null> {
    if (!isChecksummedSecret(CLIENT_SECRET_PREFIX, secret) || clientId.length > 64) return null;
    const hash = sha256Hex(secret);
    const entry = this.cache.get(clientId) ?? (await this.cache.load(clientId));
    return entry && this.secretMatches(entry, hash) ? entry : null;
  }

  private secretMatches(entry: CachedClient, hash: string): boolean {
    const { row } = entry;
    if (sameHash(row.secret_hash, hash)) return true;
    return row.previous_secret_hash !== null && row.previous_secret_expires_at !== null &&
      row.previous_secret_expires_at.getTime() > this.options.clock.nowMs() && sameHash(row.previous_secret_hash, hash);
  }

  /** RFC 6749 §4.4.3: scopes asked for must lie within the client's ceiling; none asked = the ceiling. */
  async issueToken(client: CachedClient, requestedScope: string | undefined): Promise<IssuedClientToken> {
    const { row } = client;
    if (!row.grant_id) throw new OAuthError('unauthorized_client', 'This client cannot be issued tokens right now');
    let scopes: string[];
    if (requestedScope === undefined || requestedScope.trim() === '') {
      scopes = row.scopes;
    } else {
      scopes = [...new Set(requestedScope.split(' ').filter((s) => s !== ''))];
      const bad = scopes.filter((s) => parseScope(s) === null || !client.ceiling.covers(s));
      if (bad.length > 0) throw new OAuthError('invalid_scope', `Not allowed for this client: ${bad.join(' ')}`);
    }
    const scope = scopes.join(' ');
    const token = await this.options.accessTokens.issue(
      { sub: row.id, sid: row.grant_id, client_id: row.id, scope, workspace_id: row.workspace_id, environment: row.environment },
      row.token_ttl_seconds,
    );
    return { accessToken: token, expiresIn: row.token_ttl_seconds, scope };
  }

  close(): void {
    this.cache.close();
  }
}
