import type { Queryable } from '../store/database.js';
import { chainOf, GENESIS_HASH } from './audit-store.js';
import { verifyChain, type ChainReport, type ChainWindow } from './event-queries.js';

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
 * Chain heads with the id of each one's newest event (both subqueries use the
 * (workspace_id, chain_seq) index; the account-level chain has no workspace). All chains with
 * events, or the one named.
 */
export async function readChainHeads(db: Queryable, chain?: string): Promise<StoredChainHead[]> {
  const rows = await db.query<{ chain: string; seq: string | number; hash: string; event_id: string | null }>(
    `select h.chain, h.seq, h.hash, coalesce(
              (select e.id from audit_events e where e.workspace_id = h.chain and e.chain_seq = h.seq),
              (select e.id from audit_events e where h.chain = '' and e.workspace_id is null and e.chain_seq = h.seq)) as event_id
       from audit_chain_heads h
      where ${chain === undefined ? 'h.seq > 0' : 'h.chain = $1'}
      order by h.chain`,
    chain === undefined ? [] : [chain],
  );
  return rows.map((row) => ({ chain: row.chain, chain_seq: Number(row.seq), hash: row.hash, event_id: row.event_id }));
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

/** `workspaceId` null: the account-level chain. */
export async function checkAnchor(db: Queryable, workspaceId: string | null, anchor: Anchor): Promise<AnchorReport> {
  if (anchor.chain_seq === 0) return { ...anchor, status: anchor.hash === GENESIS_HASH ? 'matched' : 'rewritten' };
  // Written out per case so that both use the (workspace_id, chain_seq) index.
  const inChain = workspaceId === null ? 'workspace_id is null and $1::text is not null' : 'workspace_id = $1';
  const [row] = await db.query<{ hash: string | null; oldest: string | number | null; newest: string | number | null }>(
    `select (select hash from audit_events where ${inChain} and chain_seq = $2) as hash,
            (select min(chain_seq) from audit_events where ${inChain}) as oldest,
            (select seq from audit_chain_heads where chain = $3) as newest`,
    [workspaceId ?? '', anchor.chain_seq, chainOf(workspaceId)],
  );
  if (row?.hash != null) return { ...anchor, status: row.hash === anchor.hash ? 'matched' : 'rewritten' };
  // Gone, but older than everything kept while the chain still reaches past it: retention's doing (or
  // a deleted beginning, which an anchor cannot tell apart). Anything else gone is missing.
  const olderThanKept = row?.oldest != null && Number(row.oldest) > anchor.chain_seq && row.newest != null && Number(row.newest) >= anchor.chain_seq;
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
