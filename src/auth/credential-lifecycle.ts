import type { Database, Transaction } from '../store/database.js';
import type { Bus } from '../store/bus/bus.js';
import type { Clock } from '../lib/clock.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { WardenError } from '../errors/warden-error.js';
import type { Principal, RequestContext } from './principal.js';
import { assertCovered } from './credential-rules.js';
import type { CredentialEnvironment } from './environments.js';

/**
 * The one way a stored credential — API key, OAuth client, agent — is changed after creation
 * (update, revoke, delete, rotate). Every change takes the same steps, in this order:
 *
 *   find it in the caller's workspace (locked) → `not_found` → the kind's own checks → the caller
 *   must hold every scope it has → the change → its audit row → commit → tell other instances.
 *
 * Written once so that no kind can skip a step: the scope check keeps a narrow credential from
 * changing (or revoking) a wider one, the audit row commits with the change or not at all, and
 * caches and ended grants are dropped only once the change is visible to everyone.
 */

/** All the steps need to know of a stored credential. */
export interface StoredCredential {
  id: string;
  name: string;
  environment: CredentialEnvironment;
  scopes: readonly string[];
}

/** What every credential service (keys, OAuth clients, agents) is built with. */
export interface CredentialServiceOptions {
  db: Database;
  bus: Bus;
  clock: Clock;
  /** The scope resources this deployment knows: a credential may carry no other. */
  knownResources: ReadonlySet<string>;
  /** The environments this deployment issues and accepts (`WARDEN_KEY_ENVIRONMENTS`). */
  acceptedEnvironments: readonly CredentialEnvironment[];
}

/** What every kind of credential is created with; each kind adds its own fields. */
export interface NewCredentialInput {
  name: string;
  scopes: string[];
  environment?: CredentialEnvironment | undefined;
  metadata?: Record<string, unknown> | undefined;
}

/** What every kind of credential can change after creation; each kind adds its own fields. */
export interface CredentialUpdateInput {
  name?: string | undefined;
  scopes?: string[] | undefined;
  metadata?: Record<string, unknown> | undefined;
}

/**
 * What a step decided, as data: the credential `changed` (written, audited, caches told), or it
 * stays `as_is` (an idempotent repeat, e.g. revoking a revoked agent: nothing written or audited).
 */
export type CredentialChange<Result> =
  | { kind: 'changed'; result: Result; endedGrants?: readonly string[] | undefined; auditData?: Record<string, unknown> | undefined }
  | { kind: 'as_is'; result: Result };

/** What one kind of credential brings: its table, its name, and whom to tell after a change. */
export interface CredentialLifecycleOptions<Row extends StoredCredential> {
  db: Database;
  /** How a 404 names the kind: "API key", "OAuth client", "agent". */
  noun: string;
  /** The audit rows' target type: `api_key`, `client`, `agent`. */
  targetType: string;
  /** Reads the credential in the workspace, locked for the transaction. */
  find: (tx: Transaction, workspaceId: string, id: string) => Promise<Row | null>;
  /**
   * After commit, always (an `as_is` answer passes no grants): drop the credential from caches
   * and end the grants the change ended, on every instance.
   */
  invalidate: (id: string, endedGrants: readonly string[]) => Promise<void>;
}

/** One change to one credential, by one caller. */
export interface CredentialChangeRequest<Row extends StoredCredential, Result> {
  principal: Principal;
  context: RequestContext;
  id: string;
  /** The audit row's type: `key.revoked`, `client.rotated`, … */
  event: string;
  /**
   * The kind's checks on the credential as it stands, before the caller's scopes are compared
   * with it: throws to refuse (a revoked agent cannot be updated), or answers `as_is` when
   * there is nothing to do whoever asks (revoking a revoked agent).
   */
  check?: ((current: Row) => Extract<CredentialChange<Result>, { kind: 'as_is' }> | undefined) | undefined;
  /** The change itself, inside the transaction, once the caller is known to cover the credential. */
  change: (tx: Transaction, current: Row) => Promise<CredentialChange<Result>>;
}

export class CredentialLifecycle<Row extends StoredCredential> {
  constructor(private readonly options: CredentialLifecycleOptions<Row>) {}

  /** The credential, or the 404 that every kind answers for an id not in the caller's workspace. */
  found<Found>(row: Found | null | undefined, id: string): Found {
    if (!row) throw new WardenError('not_found', `No ${this.options.noun} ${id} in this workspace`);
    return row;
  }

  /** The `*.created` audit row, in the creating transaction: a credential exists only with it. */
  async recordCreated(tx: Transaction, created: { principal: Principal; context: RequestContext; event: string; credential: Row }): Promise<void> {
    const { credential } = created;
    await recordAuditEvent(tx, {
      workspaceId: created.principal.workspaceId,
      type: created.event,
      context: created.context,
      target: { type: this.options.targetType, id: credential.id },
      data: { name: credential.name, environment: credential.environment, scopes: credential.scopes },
    });
  }

  /**
   * Runs the steps in the order the file's header gives; the audit row and the change commit
   * together, and other instances hear of it only after the commit (never of a rolled-back change).
   */
  async change<Result>(request: CredentialChangeRequest<Row, Result>): Promise<Result> {
    const { principal, id } = request;
    const outcome = await this.options.db.transaction(async (tx): Promise<CredentialChange<Result>> => {
      const current = this.found(await this.options.find(tx, principal.workspaceId, id), id);
      const settled = request.check?.(current);
      if (settled) return settled;
      assertCovered(principal.scopes, current.scopes);
      const changed = await request.change(tx, current);
      if (changed.kind === 'changed') {
        await recordAuditEvent(tx, {
          workspaceId: principal.workspaceId,
          type: request.event,
          context: request.context,
          target: { type: this.options.targetType, id },
          data: changed.auditData,
        });
      }
      return changed;
    });
    await this.options.invalidate(id, outcome.kind === 'changed' ? outcome.endedGrants ?? [] : []);
    return outcome.result;
  }
}

/** The names of the fields an update was given (its audit row says what changed, never to what). */
export function changedFields(input: object): string[] {
  return Object.entries(input).filter(([, value]) => value !== undefined).map(([key]) => key);
}
