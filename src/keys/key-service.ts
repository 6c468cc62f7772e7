import type { Transaction } from '../store/database.js';
import type { TouchBatcher } from '../store/touch-batcher.js';
import { sha256Hex } from '../lib/hash.js';
import { newId } from '../lib/ids.js';
import { ScopeSet } from '../auth/scopes.js';
import type { Principal, RequestContext } from '../auth/principal.js';
import { requestCountsSince } from '../usage/usage-queries.js';
import { WardenError, validationFailed } from '../errors/warden-error.js';
import type { ScopePolicy } from '../auth/scopes.js';
import { changedFields, CredentialLifecycle, type CredentialServiceOptions, type CredentialUpdateInput, type NewCredentialInput } from '../auth/credential-lifecycle.js';
import { environmentFor, type CredentialEnvironment } from '../auth/environments.js';
import { generateApiKey, type KeyFormat } from './key-codec.js';
import { toApiKeyView, type ApiKeyRow, type ApiKeyView } from './key-row.js';
import * as store from './key-store.js';
import { KEY_INVALIDATION_CHANNEL } from './key-verifier.js';
import { revokeGrantsOf } from '../grants/grants.js';
import { invalidateGrants } from '../grants/grant-verifier.js';
import { assertCovered, ipErrors, metadataErrors, scopeErrors, secondsErrors, throwIfErrors, writeWithoutReadErrors } from '../auth/credential-rules.js';

export const SAVE_KEY_WARNING = 'SAVE THIS KEY NOW — it will never be shown again';

const DAY_MS = 86_400_000;

export interface CreateKeyInput extends NewCredentialInput {
  expires_at?: string | null | undefined;
  rate_limit?: number | null | undefined;
  allowed_ips?: string[] | undefined;
}

/** A key changes only its name, metadata and (narrower) scopes. */
export type UpdateKeyInput = CredentialUpdateInput;

export interface ListKeysInput {
  environment?: CredentialEnvironment | undefined;
  revoked?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface IssuedKey {
  view: ApiKeyView;
  /** The plaintext: returned to the caller once, never stored. */
  key: string;
}

export interface KeyServiceOptions extends CredentialServiceOptions {
  format: KeyFormat;
  touches: TouchBatcher;
  /** WARDEN_SCOPES_WRITE_REQUIRES_READ: a key with `res:write` but not `res:read` is refused (400). */
  scopePolicy: ScopePolicy;
  maxGraceSeconds: number;
}

export class KeyService {
  private readonly lifecycle: CredentialLifecycle<ApiKeyRow>;

  constructor(private readonly options: KeyServiceOptions) {
    this.lifecycle = new CredentialLifecycle({
      db: options.db,
      noun: 'API key',
      targetType: 'api_key',
      find: (tx, workspaceId, id) => store.findKey(tx, workspaceId, id, true),
      invalidate: (id, endedGrants) => this.invalidate(id, endedGrants),
    });
  }

  private view(row: ApiKeyRow, requests24h: number): ApiKeyView {
    return toApiKeyView(row, this.options.touches.pending(row.id), requests24h);
  }

  /**
   * Requests made with these keys in the last 24 h (by the service clock), from the usage
   * rollups: one query for a whole page. Keys without requests are absent from the map.
   */
  private requests24h(ids: readonly string[]): Promise<Map<string, number>> {
    return requestCountsSince(this.options.db, 'api_key', ids, new Date(this.options.clock.nowMs() - DAY_MS));
  }

  private async viewWithUsage(row: ApiKeyRow): Promise<ApiKeyView> {
    return this.view(row, (await this.requests24h([row.id])).get(row.id) ?? 0);
  }

  /** Drops the key's secrets, and the exchange sessions `endedGrants` (its bearer tokens), from every cache. */
  private async invalidate(keyId: string, endedGrants: readonly string[] = []): Promise<void> {
    const hashes = await store.secretHashesOf(this.options.db, keyId);
    await this.options.bus.publish(KEY_INVALIDATION_CHANNEL, { hashes });
    await invalidateGrants(this.options.bus, endedGrants);
  }

  async create(principal: Principal, input: CreateKeyInput, context: RequestContext): Promise<IssuedKey> {
    return this.options.db.transaction((tx) => this.createWith(tx, principal, input, context));
  }

  /** Creation inside the caller's transaction (bootstrap creates owner and key atomically). */
  async createWith(tx: Transaction, principal: Principal, input: CreateKeyInput, context: RequestContext): Promise<IssuedKey> {
    const environment = environmentFor(input.environment, principal, this.options.acceptedEnvironments, 'keys');
    const nowMs = this.options.clock.nowMs();
    throwIfErrors([
      ...scopeErrors('scopes', input.scopes, this.options.knownResources),
      ...writeWithoutReadErrors('scopes', input.scopes, this.options.scopePolicy),
      ...ipErrors('allowed_ips', input.allowed_ips ?? []),
      ...metadataErrors('metadata', input.metadata),
    ]);
    const expiresAt = input.expires_at ? new Date(input.expires_at) : null;
    if (expiresAt && expiresAt.getTime() <= nowMs) throw validationFailed('expires_at', 'must be in the future');
    assertCovered(principal.scopes, input.scopes);

    const generated = generateApiKey(this.options.format, environment);
    const row = await store.insertKey(tx, {
      id: newId('key'),
      workspaceId: principal.workspaceId,
      name: input.name,
      displayPrefix: generated.displayPrefix,
      keyHash: sha256Hex(generated.key),
      environment,
      scopes: [...new Set(input.scopes)],
      rateLimit: input.rate_limit ?? null,
      allowedIps: input.allowed_ips ?? [],
      metadata: input.metadata ?? {},
      createdBy: context.actor,
      expiresAt,
    });
    await this.lifecycle.recordCreated(tx, { principal, context, event: 'key.created', credential: row });
    // A new key has made no requests yet.
    return { view: this.view(row, 0), key: generated.key };
  }

  async list(workspaceId: string, input: ListKeysInput): Promise<{ keys: ApiKeyView[]; nextCursor: string | null }> {
    const rows = await store.listKeys(this.options.db, {
      workspaceId,
      environment: input.environment,
      revoked: input.revoked,
      beforeId: input.cursor,
      limit: input.limit + 1,
    });
    const page = rows.slice(0, input.limit);
    const usage = await this.requests24h(page.map((row) => row.id));
    return { keys: page.map((row) => this.view(row, usage.get(row.id) ?? 0)), nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null };
  }

  async get(workspaceId: string, id: string): Promise<ApiKeyView> {
    return this.viewWithUsage(this.lifecycle.found(await store.findKey(this.options.db, workspaceId, id), id));
  }

  async update(principal: Principal, id: string, input: UpdateKeyInput, context: RequestContext): Promise<ApiKeyView> {
    throwIfErrors([
      ...(input.scopes ? scopeErrors('scopes', input.scopes, this.options.knownResources) : []),
      ...(input.scopes ? writeWithoutReadErrors('scopes', input.scopes, this.options.scopePolicy) : []),
      ...metadataErrors('metadata', input.metadata),
    ]);
    const row = await this.lifecycle.change({
      principal, context, id,
      event: 'key.updated',
      change: async (tx, current) => {
        let endedGrants: string[] = [];
        if (input.scopes) {
          // Exchanged bearer tokens carry the old scopes: they end with the change.
          endedGrants = await revokeGrantsOf(tx, id, new Date(this.options.clock.nowMs()));
          const widened = new ScopeSet(current.scopes).uncovered(input.scopes);
          if (widened.length > 0) {
            throw new WardenError('scope_not_narrowing', `Scopes can only be narrowed; not held by the key: ${widened.join(', ')}`, {
              errors: [{ field: 'scopes', message: `not held by the key: ${widened.join(', ')}` }],
            });
          }
          assertCovered(principal.scopes, input.scopes);
        }
        const updated = await store.updateKey(tx, id, {
          name: input.name,
          metadata: input.metadata,
          scopes: input.scopes ? [...new Set(input.scopes)] : undefined,
        });
        return { kind: 'changed', result: updated, endedGrants, auditData: { changed: changedFields(input) } };
      },
    });
    return this.viewWithUsage(row);
  }

  /** Idempotent: revoking a revoked key answers the key as it is and writes nothing. */
  async revoke(principal: Principal, id: string, context: RequestContext): Promise<ApiKeyView> {
    const row = await this.lifecycle.change({
      principal, context, id,
      event: 'key.revoked',
      // Only past the scope check (agents answer a revoked one whoever asks): a narrower caller gets its 403 here too.
      change: async (tx, current) => {
        if (current.revoked_at) return { kind: 'as_is', result: current };
        const now = new Date(this.options.clock.nowMs());
        const revoked = await store.revokeKey(tx, id, now);
        return { kind: 'changed', result: revoked, endedGrants: await revokeGrantsOf(tx, id, now) };
      },
    });
    return this.viewWithUsage(row);
  }

  async rotate(principal: Principal, id: string, gracePeriodSeconds: number, context: RequestContext): Promise<IssuedKey & { previousKeyExpiresAt: string }> {
    throwIfErrors(secondsErrors('grace_period_seconds', gracePeriodSeconds, this.options.maxGraceSeconds));
    const nowMs = this.options.clock.nowMs();
    const retireAt = new Date(nowMs + gracePeriodSeconds * 1000);
    const rotated = await this.lifecycle.change({
      principal, context, id,
      event: 'key.rotated',
      check: (current) => {
        if (current.revoked_at || (current.expires_at && current.expires_at.getTime() <= nowMs)) {
          throw new WardenError('key_inactive', `API key ${id} is ${current.revoked_at ? 'revoked' : 'expired'} and cannot be rotated`);
        }
        if (principal.environment && principal.environment !== current.environment) {
          throw new WardenError('environment_forbidden', `A ${principal.environment} key cannot rotate ${current.environment} keys`);
        }
        return undefined;
      },
      change: async (tx, current) => {
        const generated = generateApiKey(this.options.format, current.environment);
        // Bearer tokens exchanged for the old secret end now, whatever the grace period.
        const endedGrants = await revokeGrantsOf(tx, id, new Date(nowMs));
        const row = await store.rotateSecret(
          tx,
          id,
          { keyHash: sha256Hex(generated.key), displayPrefix: generated.displayPrefix },
          retireAt,
        );
        return { kind: 'changed', result: { row, key: generated.key }, endedGrants, auditData: { grace_period_seconds: gracePeriodSeconds } };
      },
    });
    return { view: await this.viewWithUsage(rotated.row), key: rotated.key, previousKeyExpiresAt: retireAt.toISOString() };
  }
}
