import type { FastifyInstance } from 'fastify';
import { type AuthKit, principalOf, requireAuth } from '../http/auth-hook.js';
import { authErrorResponses, bearerSecurity, isoDateTime } from '../http/schemas.js';
import { validationFailed } from '../errors/warden-error.js';
import { CHECKPOINT_AUDIENCE, CHECKPOINT_TYPE, readChainHead, signCheckpoint, verifyAgainst } from './chain-checkpoint.js';
import type { Database } from '../store/database.js';
import type { Clock } from '../lib/clock.js';
import type { RequestWriter } from './request-writer.js';

const SEQ = '^(0|[1-9][0-9]{0,15})$';
const HASH = '^[0-9a-f]{64}$';

const chainReportSchema = {
  type: 'object',
  properties: {
    valid: { type: 'boolean' },
    checked: { type: 'integer' },
    first_break: { type: ['object', 'null'], properties: { id: { type: 'string' }, chain_seq: { type: 'integer' }, reason: { type: 'string' } } },
    head: { type: ['object', 'null'], properties: { chain_seq: { type: 'integer' }, hash: { type: 'string' } } },
    next_from_seq: {
      type: ['integer', 'null'],
      description: 'The page was full: continue with from_seq set to this (null: the walk reached the chain head and compared it)',
    },
    anchor: {
      type: 'object',
      description: 'Present when a checkpoint was given: matched, rewritten, missing, or not_kept (older than the oldest kept event: cannot tell)',
      properties: { chain_seq: { type: 'integer' }, hash: { type: 'string' }, status: { type: 'string', enum: ['matched', 'rewritten', 'missing', 'not_kept'] } },
    },
  },
} as const;

const headSchema = {
  type: 'object',
  properties: {
    workspace_id: { type: 'string' },
    chain_seq: { type: 'integer' },
    hash: { type: 'string' },
    event_id: { type: ['string', 'null'] },
    at: isoDateTime,
    checkpoint: { type: 'string', description: `Compact JWS (typ ${CHECKPOINT_TYPE}, aud ${CHECKPOINT_AUDIENCE}) of {iss, iat, aud, workspace_id, chain_seq, hash, event_id}, signed with a key from /.well-known/jwks.json` },
  },
} as const;

/** What the audit chain routes use. */
export interface ChainRoutesOptions {
  authKit: AuthKit;
  db: Database;
  clock: Clock;
  /** Written out before the chain is read, so a verification sees every request so far. */
  requestWriter: Pick<RequestWriter, 'flush'>;
  /** Signs a checkpoint (the access-token signing key). */
  signStatement: (typ: string, claims: Record<string, unknown>) => Promise<string>;
  /** Events per page of a verification (WARDEN_AUDIT_VERIFY_PAGE_EVENTS). */
  verifyPageEvents: number;
}

/**
 * The hash chain: `GET /v1/events/verify` walks it (whole, or a slice; optionally against a
 * checkpoint) and `GET /v1/events/head` gives its head signed, to keep outside Warden.
 */
export async function chainRoutes(app: FastifyInstance, services: ChainRoutesOptions): Promise<void> {
  const canRead = requireAuth(services.authKit, { scopes: ['events:read'] });
  const tags = ['Audit events'];

  app.get<{ Querystring: { from_seq?: string; limit?: string; anchor_seq?: string; anchor_hash?: string } }>('/v1/events/verify', {
    onRequest: canRead,
    schema: {
      tags, summary: 'Check the workspace\'s hash chain (whole, or a slice; optionally against a checkpoint); reports the first break', security: bearerSecurity,
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          from_seq: { type: 'string', pattern: '^[1-9][0-9]{0,15}$', description: 'Start at this chain_seq (default: the oldest kept event)' },
          limit: { type: 'string', pattern: '^[1-9][0-9]{0,8}$', description: 'Check at most this many events (default and cap: WARDEN_AUDIT_VERIFY_PAGE_EVENTS)' },
          anchor_seq: { type: 'string', pattern: SEQ, description: 'chain_seq of a checkpoint from GET /v1/events/head (with anchor_hash)' },
          anchor_hash: { type: 'string', pattern: HASH, description: 'hash of that checkpoint (with anchor_seq)' },
        },
      },
      response: {
        200: { type: 'object', properties: { data: chainReportSchema } },
        ...authErrorResponses,
      },
    },
  }, async (request) => {
    const { from_seq: fromSeq, limit, anchor_seq: anchorSeq, anchor_hash: anchorHash } = request.query;
    if ((anchorSeq === undefined) !== (anchorHash === undefined)) {
      throw validationFailed(anchorSeq === undefined ? 'anchor_seq' : 'anchor_hash', 'is required with the other anchor parameter');
    }
    await services.requestWriter.flush();
    // Paged: a whole chain walked in one request would hold a connection and a core for as long as the chain is long.
    const pageEvents = services.verifyPageEvents;
    const maxEvents = Math.min(limit === undefined ? pageEvents : Number(limit), pageEvents);
    const window = { fromSeq: fromSeq === undefined ? undefined : Number(fromSeq), maxEvents };
    const anchor = anchorSeq === undefined ? undefined : { chain_seq: Number(anchorSeq), hash: anchorHash! };
    const report = await verifyAgainst(services.db, principalOf(request).workspaceId, window, anchor);
    // A batch is checked whole: a page may end past maxEvents.
    const full = report.valid && report.checked >= maxEvents && report.head !== null;
    return { data: { ...report, next_from_seq: full ? report.head!.chain_seq + 1 : null } };
  });

  app.get('/v1/events/head', {
    onRequest: canRead,
    schema: {
      tags, summary: 'The head of the workspace\'s hash chain, signed: keep it outside Warden and verify against it later', security: bearerSecurity,
      response: { 200: { type: 'object', properties: { data: headSchema } }, ...authErrorResponses },
    },
  }, async (request, reply) => {
    // Request events still queued belong before the head.
    await services.requestWriter.flush();
    const workspaceId = principalOf(request).workspaceId;
    const head = await readChainHead(services.db, workspaceId);
    const checkpoint = await signCheckpoint((typ, claims) => services.signStatement(typ, claims), workspaceId, head);
    reply.header('cache-control', 'no-store');
    return { data: { workspace_id: workspaceId, ...head, at: new Date(services.clock.nowMs()).toISOString(), checkpoint } };
  });
}
