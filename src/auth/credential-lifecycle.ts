import type { Database, Transaction } from '../store/database.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { WardenError } from '../errors/warden-error.js';
import type { Principal, RequestContext } from './principal.js';
import { assertCovered } from './credential-rules.js';

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

/** All the steps need to know of a stored credential: the scopes it carries. */
export interface StoredCredential {
  scopes: readonly string[];
}

/**
 * What a step decided, as data: the credential `changed` (written, audited, caches told), or it
 * stays `as_is` (an idempotent repeat, e.g. revoking a revoked agent: nothing written or audited).
 */
export type CredentialChange<Result> =
  | { kind: 'changed'; result: Result; endedGrants?: readonly string[] | undefined; auditData?: Record<string, unknown> | undefined }
  | { kind: 'as_is'; result: Result };

export interface CredentialChangeOptions<Row extends StoredCredential, Result> {
  db: Database;
  principal: Principal;
  context: RequestContext;
  id: string;
  /** How a 404 names the kind: "API key", "OAuth client", "agent". */
  noun: string;
  /** The audit row: its type (`key.revoked`) and the target's type (`api_key`). */
  audit: { type: string; targetType: string };
  /** Reads the credential in the caller's workspace, locked for the transaction. */
  find: (tx: Transaction) => Promise<Row | null>;
  /**
   * The kind's checks on the credential as it stands, before the caller's scopes are compared
   * with it: throws to refuse (a revoked agent cannot be updated), or answers `as_is` when
   * there is nothing to do whoever asks (revoking a revoked agent).
   */
  check?: ((current: Row) => CredentialChange<Result> | undefined) | undefined;
  /** The change itself, inside the transaction, once the caller is known to cover the credential. */
  change: (tx: Transaction, current: Row) => Promise<CredentialChange<Result>>;
  /**
   * After commit, always (an `as_is` answer passes no grants): drop the credential from caches
   * and end the grants the change ended, on every instance.
   */
  invalidate: (endedGrants: readonly string[]) => Promise<void>;
}

/** The credential, or the 404 that every kind answers for an id not in the caller's workspace. */
export function foundCredential<Row>(row: Row | null | undefined, noun: string, id: string): Row {
  if (!row) throw new WardenError('not_found', `No ${noun} ${id} in this workspace`);
  return row;
}

export async function changeCredential<Row extends StoredCredential, Result>(options: CredentialChangeOptions<Row, Result>): Promise<Result> {
  const { principal, id } = options;
  const outcome = await options.db.transaction(async (tx): Promise<CredentialChange<Result>> => {
    const current = foundCredential(await options.find(tx), options.noun, id);
    const settled = options.check?.(current);
    if (settled) return settled;
    assertCovered(principal.scopes, current.scopes);
    const changed = await options.change(tx, current);
    if (changed.kind === 'changed') {
      await recordAuditEvent(tx, {
        workspaceId: principal.workspaceId,
        type: options.audit.type,
        context: options.context,
        target: { type: options.audit.targetType, id },
        data: changed.auditData,
      });
    }
    return changed;
  });
  await options.invalidate(outcome.kind === 'changed' ? outcome.endedGrants ?? [] : []);
  return outcome.result;
}

/** The names of the fields an update was given (its audit row says what changed, never to what). */
export function changedFields(input: object): string[] {
  return Object.entries(input).filter(([, value]) => value !== undefined).map(([key]) => key);
}
