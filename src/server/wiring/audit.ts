import { MAX_BATCH_ROWS, RequestWriter } from '../../audit/request-writer.js';
import { RequestSpool } from '../../audit/request-spool.js';
import { EventHub } from '../../live/event-hub.js';
import { AUDIT_COMMITTED_TOPIC } from '../../audit/audit-store.js';
import { LiveStreams } from '../../live/live-streams.js';
import { StreamTickets } from '../../live/stream-tickets.js';
import { StreamAccess } from '../../live/stream-access.js';
import { AuditRetention } from '../../audit/retention.js';
import { CheckpointLog } from '../../audit/checkpoint-log.js';
import { deleteSpentKeyGrants } from '../../grants/grant-store.js';
import type { AccessTokens } from '../../tokens/access-tokens.js';
import type { TokenDenyList } from '../../tokens/token-deny-list.js';
import { auditSpoolDirOf } from '../config.js';
import type { CredentialServices } from './credentials.js';
import type { Foundation } from './foundation.js';

/** Spent key-exchange sessions (their tokens have expired) need no row after this long. */
const SPENT_KEY_GRANT_KEEP_MS = 86_400_000;

/** The audit trail: the batched request writer, live events and their streams, retention, signed checkpoints. */
export interface AuditServices {
  requestWriter: RequestWriter;
  eventHub: EventHub;
  liveStreams: LiveStreams;
  streamTickets: StreamTickets;
  /** "Could this credential open a live stream now?" (ticket redemption, open streams' re-checks). */
  streamAccess: StreamAccess;
  retention: AuditRetention;
  checkpoints: CheckpointLog;
  /** Stops handing committed audit rows to the event hub. */
  stopAuditNotices: () => void;
}

export interface AuditServicesOptions extends Foundation, Pick<CredentialServices, 'keyVerifier' | 'sessionVerifier' | 'grantVerifier'> {
  accessTokens: AccessTokens;
  denyList: TokenDenyList;
}

export function createAuditServices(options: AuditServicesOptions): AuditServices {
  const { config, db, bus, clock, logger, scopePolicy, warn, accessTokens } = options;
  const spoolDir = auditSpoolDirOf(config);
  const requestWriter = new RequestWriter({
    db,
    ...(spoolDir ? { backlog: new RequestSpool({ dir: spoolDir, onError: warn('audit spool') }) } : {}),
    intervalMs: config.auditFlushMs,
    maxQueue: config.auditQueueMax,
    onError: warn('request audit write failed; will retry'),
    onDrop: (dropped) => logger.error({ dropped }, 'request audit queue full: request events dropped'),
    maxBatchRows: MAX_BATCH_ROWS[db.kind],
  });
  const eventHub = new EventHub(bus, warn('live event publish failed'));
  const stopAuditNotices = db.onCommitted(AUDIT_COMMITTED_TOPIC, eventHub.sink);
  const liveStreams = new LiveStreams(eventHub, bus, config.sseHeartbeatSeconds);
  const streamTickets = new StreamTickets(db, clock);
  const streamAccess = new StreamAccess({
    keys: options.keyVerifier, sessions: options.sessionVerifier, grants: options.grantVerifier, accessTokens, denyList: options.denyList,
    clock, scopePolicy, deploymentResources: config.scopeResources,
  });
  const retention = new AuditRetention({
    db, clock, retentionDays: config.auditRetentionDays, requestRetentionDays: config.auditRequestRetentionDays,
    onError: warn('audit retention cleanup failed; will retry'),
    onDeleted: (counts) => logger.info(counts, 'audit retention: old events, request batches and usage rollups removed'),
    alsoPrune: (nowMs) => deleteSpentKeyGrants(db, new Date(nowMs - SPENT_KEY_GRANT_KEEP_MS)),
  });
  const checkpoints = new CheckpointLog({
    db, intervalMinutes: config.auditCheckpointMinutes,
    sign: (typ, claims) => accessTokens.signStatement(typ, claims),
    log: (checkpoint) => logger.info({ audit_checkpoint: checkpoint }, 'audit chain checkpoint'),
    onError: warn('audit checkpoint logging failed; will retry'),
  });
  return { requestWriter, eventHub, liveStreams, streamTickets, streamAccess, retention, checkpoints, stopAuditNotices };
}
