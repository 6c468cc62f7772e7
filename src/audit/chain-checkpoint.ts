import type { Queryable } from '../store/database.js';
import { chainOf, GENESIS_HASH } from './audit-store.js';
import { verifyChain, type ChainReport, type ChainWindow } from './event-queries.js';
import { eventIdAt, linkHolding, oldestKeptSeq } from './chain-links.js';

/**
 * Chain checkpoints. A hash chain shows an edited, deleted or re-ordered row, but someone able to
 * write the database can also recompute every hash after an edit and move the head: the rewritten
 * chain verifies. A checkpoint closes that gap: `GET /v1/events/head` returns the chain head signed
 * with Warden's token key (a compact JWS, checkable with the JWKS), the auditor keeps it outside
 * Warden's database, and `GET /v1/events/verify?anchor_seq=…&anchor_hash=…` later checks that the
 * stored chain still holds exactly that event at that place.
 */
export const CHECKPOINT_TYPE = 'warden-audit-head+jwt';
/**
 * A checkpoint's `aud`: with its own `typ`, no verifier of Warden's access tokens — which checks
 * the API's audience and `at+jwt` — can take one for a credential (RFC 8725 §3.11–3.12).
 */
export const CHECKPOINT_AUDIENCE = 'urn:warden:audit-checkpoint';

/** Signs a statement with the current token key (AccessTokens.signStatement). */
export type SignStatement = (typ: string, claims: Record<string, unknown>) => Promise<string>;

export interface ChainHead {
  /** 0 (and the genesis hash) for a chain with no events yet. */
  chain_seq: number;
  hash: string;
  /** The id of the newest event (null for an empty chain). */
  event_id: string | null;
}

/** A chain head with the chain it heads ('' = the account-level chain). */
export interface StoredChainHead extends ChainHead {
  chain: string;
}

/**
 * Chain heads with the id of each one's newest event (a row of audit_events, or the last event of
 * a request batch). All chains with events, or the one named.
 */
export async function readChainHeads(db: Queryable, chain?: string): Promise<StoredChainHead[]> {
  const rows = await db.query<{ chain: string; seq: string | number; hash: string }>(
    `select h.chain, h.seq, h.hash from audit_chain_heads h where ${chain === undefined ? 'h.seq > 0' : 'h.chain = $1'} order by h.chain`,
    chain === undefined ? [] : [chain],
  );
  const heads: StoredChainHead[] = [];
  for (const row of rows) {
    const seq = Number(row.seq);
    const link = seq > 0 ? await linkHolding(db, row.chain === '' ? null : row.chain, seq) : null;
    heads.push({ chain: row.chain, chain_seq: seq, hash: row.hash, event_id: eventIdAt(link, seq) });
  }
  return heads;
}

export async function readChainHead(db: Queryable, workspaceId: string): Promise<ChainHead> {
  const [head] = await readChainHeads(db, chainOf(workspaceId));
  return head ? { chain_seq: head.chain_seq, hash: head.hash, event_id: head.event_id } : { chain_seq: 0, hash: GENESIS_HASH, event_id: null };
}

/** A chain head as a checkpoint: a compact JWS of {iss, iat, aud, workspace_id, chain_seq, hash, event_id}. */
export function signCheckpoint(sign: SignStatement, workspaceId: string | null, head: ChainHead): Promise<string> {
  return sign(CHECKPOINT_TYPE, { aud: CHECKPOINT_AUDIENCE, workspace_id: workspaceId, ...head });
}

export interface Anchor {
  chain_seq: number;
  hash: string;
}

/**
 * `matched`: the event is there with that hash. `rewritten`: it is there with another hash.
 * `missing`: the chain is shorter than the checkpoint (its newest events were removed).
 * `not_kept`: that event is older than the oldest one kept (retention, or a deleted beginning: the
 * anchor can no longer tell; verify with a newer checkpoint).
 */
export type AnchorStatus = 'matched' | 'rewritten' | 'missing' | 'not_kept';

export interface AnchorReport extends Anchor {
  status: AnchorStatus;
}

/**
 * `workspaceId` null: the account-level chain. A checkpoint is a chain head, so its chain_seq ends
 * a link (a row, or a request batch): that link's hash is compared.
 */
export async function checkAnchor(db: Queryable, workspaceId: string | null, anchor: Anchor): Promise<AnchorReport> {
  if (anchor.chain_seq === 0) return { ...anchor, status: anchor.hash === GENESIS_HASH ? 'matched' : 'rewritten' };
  const link = await linkHolding(db, workspaceId, anchor.chain_seq);
  if (link !== null) return { ...anchor, status: link.seqTo === anchor.chain_seq && link.hash === anchor.hash ? 'matched' : 'rewritten' };
  const oldest = await oldestKeptSeq(db, workspaceId);
  const [head] = await db.query<{ seq: string | number }>('select seq from audit_chain_heads where chain = $1', [chainOf(workspaceId)]);
  // Gone, but older than everything kept while the chain still reaches past it: retention's doing (or
  // a deleted beginning, which an anchor cannot tell apart). Anything else gone is missing.
  const olderThanKept = oldest !== null && oldest > anchor.chain_seq && head != null && Number(head.seq) >= anchor.chain_seq;
  return { ...anchor, status: olderThanKept ? 'not_kept' : 'missing' };
}

/** What a failed anchor means, as a chain break reason. */
export function anchorBreakReason(status: AnchorStatus): string | null {
  if (status === 'rewritten') return 'the event at the checkpoint has another hash: the chain was rewritten after the checkpoint';
  if (status === 'missing') return 'the event at the checkpoint is missing: events were removed after the checkpoint';
  return null;
}

export type AnchoredReport = ChainReport & { anchor?: AnchorReport };

/**
 * verifyChain, and with an anchor (a checkpoint's chain_seq and hash) also whether the chain still
 * holds it: a rewritten or missing anchor makes the chain invalid, reported at the anchor.
 */
export async function verifyAgainst(db: Queryable, workspaceId: string | null, window: ChainWindow, anchor?: Anchor): Promise<AnchoredReport> {
  const report = await verifyChain(db, workspaceId, window);
  if (anchor === undefined) return report;
  const checked = await checkAnchor(db, workspaceId, anchor);
  const reason = anchorBreakReason(checked.status);
  if (reason === null || !report.valid) return { ...report, anchor: checked };
  return { ...report, valid: false, first_break: { id: '', chain_seq: checked.chain_seq, reason }, head: null, anchor: checked };
}
