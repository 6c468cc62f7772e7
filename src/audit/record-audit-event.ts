import type { Transaction } from '../store/database.js';
import { appendToChain, chainOf, type AuditEventInput } from './audit-store.js';

export type { AuditEventInput };
export { auditedStatement, recordAuditEventAlone, writeAudited, type AuditedStatement, type AuditCtes, type AuditedWriter, type AuditedResult } from './audited-statement.js';

/**
 * The audit trail's entry point for the other domains: one audit row written with the caller's
 * transaction, so the row and the change commit together (or neither does).
 */
export async function recordAuditEvent(tx: Transaction, event: AuditEventInput): Promise<string> {
  const [row] = await appendToChain(tx, chainOf(event.workspaceId), [event]);
  return row!.id;
}
