import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../store/database.js';
import type { Bus } from '../store/bus/bus.js';
import { createMemoryBus } from '../store/bus/memory-bus.js';
import { createTouchBatcher, type TouchBatcher } from '../store/touch-batcher.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { WARDEN_RESOURCES, type ScopePolicy } from '../auth/scopes.js';
import { Authenticator } from '../auth/authenticator.js';
import { SigningKeyRing } from '../tokens/signing-keys.js';
import { AccessTokens } from '../tokens/access-tokens.js';
import { RefreshTokens } from '../tokens/refresh-tokens.js';
import { TwoFactorService } from '../twofactor/two-factor-service.js';
import { WorkspaceService } from '../workspaces/workspace-service.js';
import { KeyVerifier } from '../keys/key-verifier.js';
import { KeyService } from '../keys/key-service.js';
import { writeLastUsed } from '../keys/key-store.js';
import type { KeyFormat } from '../keys/key-codec.js';
import { SessionVerifier } from '../sessions/session-verifier.js';
import { AccountService } from '../sessions/account-service.js';
import { LoginThrottle } from '../sessions/login-throttle.js';
import { createSecretBox, type SecretBox } from '../lib/secret-box.js';
import { createChainWorker } from '../audit/chain-worker.js';
import { createThreadedSigner, inlineSigner } from '../tokens/token-signer.js';
import { setPasswordHashConcurrency } from '../users/password.js';
import { SessionService } from '../sessions/session-service.js';
import { PasswordResetService } from '../sessions/password-reset-service.js';
import type { Mailer } from '../mail/mailer.js';
import { createOutboxMailer } from '../mail/outbox-mailer.js';
import { createSmtpMailer } from '../mail/smtp-mailer.js';
import { auditSpoolDirOf, outboxDirOf, publicUrlOf, type WardenConfig } from './config.js';
import { writeLastSeen } from '../sessions/session-store.js';
import { GrantVerifier } from '../grants/grant-verifier.js';
import { deleteSpentKeyGrants } from '../grants/grant-store.js';
import { TokenDenyList } from '../tokens/token-deny-list.js';
import { ClientService } from '../oauth/client-service.js';
import { AgentService } from '../agents/agent-service.js';
import { KeyExchange } from '../keys/key-exchange.js';
import { Limiter } from '../ratelimit/limiter.js';
import type { KeyValueStore } from '../store/kv/kv.js';
import { createMemoryKv } from '../store/kv/memory-kv.js';
import type { RateLimitEngine } from '../ratelimit/engine.js';
import { createMemoryEngine } from '../ratelimit/memory-engine.js';
import { RequestWriter } from '../audit/request-writer.js';
import { RequestSpool } from '../audit/request-spool.js';
import { EventHub } from '../audit/event-hub.js';
import { AUDIT_COMMITTED_TOPIC } from '../audit/audit-store.js';
import { LiveStreams } from '../audit/live-streams.js';
import { StreamTickets } from '../audit/stream-tickets.js';
import { StreamAccess } from '../audit/stream-access.js';
import { AuditRetention } from '../audit/retention.js';
import { CheckpointLog } from '../audit/checkpoint-log.js';

const DAY_MS = 86_400_000;

/** Request events per transaction on the embedded PGlite (see RequestWriterOptions.maxBatchRows). */
const PGLITE_AUDIT_BATCH_ROWS = 500;
/**
 * On PostgreSQL: enough for any flush of a running instance, and it keeps the replay of a long
 * outage's backlog in transactions that finish well within WARDEN_DATABASE_QUERY_TIMEOUT_MS.
 */
const POSTGRES_AUDIT_BATCH_ROWS = 10_000;

/** Everything the routes call, built once per app from configuration. */
export interface Services {
  config: WardenConfig;
  db: Database;
  /** Seals secrets at rest (WARDEN_SECRET_KEY). */
  secrets: SecretBox;
  bus: Bus;
  clock: Clock;
  keyFormat: KeyFormat;
  scopePolicy: ScopePolicy;
  keyTouches: TouchBatcher;
  sessionTouches: TouchBatcher;
  keyVerifier: KeyVerifier;
  keys: KeyService;
  sessions: SessionVerifier;
  accounts: AccountService;
  sessionAdmin: SessionService;
  passwordResets: PasswordResetService;
  mailer: Mailer;
  authenticator: Authenticator;
  signingKeys: SigningKeyRing;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokens;
  twoFactor: TwoFactorService;
  workspaces: WorkspaceService;
  grants: GrantVerifier;
  denyList: TokenDenyList;
  clients: ClientService;
  agents: AgentService;
  keyExchange: KeyExchange;
  limiter: Limiter;
  requestWriter: RequestWriter;
  events: EventHub;
  liveStreams: LiveStreams;
  streamTickets: StreamTickets;
  /** "Could this credential open a live stream now?" (ticket redemption, open streams' re-checks). */
  streamAccess: StreamAccess;
  retention: AuditRetention;
  checkpoints: CheckpointLog;
  /** Writes every batched update now (tests, shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface ServiceOptions {
  config: WardenConfig;
  db: Database;
  logger: FastifyBaseLogger;
  clock?: Clock | undefined;
  bus?: Bus | undefined;
  mailer?: Mailer | undefined;
  /** Rate-limit engine (Redis in a cluster); default: in memory. */
  rateLimitEngine?: RateLimitEngine | undefined;
  /** Short-lived shared state (Redis in a cluster); default: in memory. */
  kv?: KeyValueStore | undefined;
}

export function createServices(options: ServiceOptions): Services {
  const { config, db, logger } = options;
  const clock = options.clock ?? systemClock;
  setPasswordHashConcurrency(config.passwordHashConcurrency);
  const bus = options.bus ?? createMemoryBus();
  const keyFormat: KeyFormat = { prefix: config.keyPrefix, type: config.keyType, layout: config.keyFormat };
  const scopePolicy: ScopePolicy = { writeRequiresRead: config.writeRequiresRead };
  const onFlushError = (what: string) => (error: unknown) => logger.warn({ err: error }, `batched ${what} write failed; will retry`);
  const kv = options.kv ?? createMemoryKv({ clock, maxEntries: 200_000 });
  const knownResources = new Set([...WARDEN_RESOURCES, ...config.scopeResources]);
  const keyTouches = createTouchBatcher({ write: (e) => writeLastUsed(db, e), intervalMs: config.lastUsedFlushMs, onError: onFlushError('last_used_at') });
  const sessionTouches = createTouchBatcher({ write: (e) => writeLastSeen(db, e), intervalMs: config.lastUsedFlushMs, onError: onFlushError('session last-seen') });
  const keyVerifier = new KeyVerifier({
    db, bus, clock, format: keyFormat, touches: keyTouches,
    cacheTtlSeconds: config.keyCacheTtlSeconds,
    cacheMaxEntries: config.keyCacheMaxEntries,
    negativeTtlSeconds: config.negativeCacheTtlSeconds,
  });
  const sessions = new SessionVerifier({
    db, bus, clock, touches: sessionTouches,
    idleTimeoutSeconds: config.sessionIdleSeconds,
    cacheTtlSeconds: Math.min(config.keyCacheTtlSeconds, 60),
    cacheMaxEntries: config.keyCacheMaxEntries,
  });
  const keys = new KeyService({
    db, bus, clock, format: keyFormat, touches: keyTouches,
    knownResources, scopePolicy,
    maxGraceSeconds: config.maxGraceSeconds,
    acceptedEnvironments: config.keyEnvironments,
  });
  const secrets = createSecretBox(config.secretKeys ?? []);
  const longestTokenSeconds = Math.max(
    config.accessTokenTtlSeconds, config.clientTokenMaxTtlSeconds, config.keyExchangeTtlSeconds, config.agentTokenMaxTtlSeconds,
  );
  const signingKeys = new SigningKeyRing({
    db, clock, rotationSeconds: config.signingKeyRotationSeconds, maxTokenSeconds: longestTokenSeconds, secrets,
  });
  const tokenSigner = config.workerThreads > 0 ? createThreadedSigner(config.workerThreads) : inlineSigner;
  const chainWorker = config.auditThread === 'on' ? createChainWorker() : null;
  const accessTokens = new AccessTokens({
    ring: signingKeys, clock, issuer: publicUrlOf(config), audience: config.tokenAudience ?? publicUrlOf(config), ttlSeconds: config.accessTokenTtlSeconds,
    cacheMaxEntries: config.keyCacheMaxEntries,
    signer: tokenSigner,
  });
  const grants = new GrantVerifier({ db, bus, clock, cacheTtlSeconds: config.keyCacheTtlSeconds, cacheMaxEntries: config.keyCacheMaxEntries });
  const denyList = new TokenDenyList({
    db, bus, clock, reloadIntervalMs: 30_000, onError: (error) => logger.warn({ err: error }, 'revoked-token list reload failed; will retry'),
  });
  const clients = new ClientService({
    db, bus, clock, accessTokens, knownResources,
    acceptedEnvironments: config.keyEnvironments,
    defaultTokenTtlSeconds: config.clientTokenTtlSeconds,
    maxTokenTtlSeconds: config.clientTokenMaxTtlSeconds,
    maxGraceSeconds: config.maxGraceSeconds,
    cacheTtlSeconds: config.keyCacheTtlSeconds,
    cacheMaxEntries: config.keyCacheMaxEntries,
  });
  const agents = new AgentService({
    db, bus, clock, accessTokens, knownResources,
    acceptedEnvironments: config.keyEnvironments,
    defaultTokenTtlSeconds: config.agentTokenTtlSeconds,
    maxTokenTtlSeconds: config.agentTokenMaxTtlSeconds,
    challengeTtlSeconds: 60,
  });
  const limiter = new Limiter(
    {
      enabled: config.rateLimits === 'on',
      perMinute: { standard: config.rateLimitStandard, write: config.rateLimitWrite, upload: config.rateLimitUpload, auth: config.rateLimitAuth },
      workspacePerMinute: config.rateLimitWorkspace,
      authFailuresPerMinute: config.rateLimitAuthFailures,
      verifyPerMinute: config.rateLimitVerify,
      perIpPerMinute: config.rateLimitPerIp,
    },
    options.rateLimitEngine ?? createMemoryEngine({ maxKeys: 1_000_000 }),
    clock,
  );
  const spoolDir = auditSpoolDirOf(config);
  const requestWriter = new RequestWriter({
    db,
    ...(spoolDir ? { backlog: new RequestSpool({ dir: spoolDir, onError: (error) => logger.warn({ err: error }, 'audit spool') }) } : {}),
    intervalMs: config.auditFlushMs,
    maxQueue: config.auditQueueMax,
    onError: (error) => logger.warn({ err: error }, 'request audit write failed; will retry'),
    onDrop: (dropped) => logger.error({ dropped }, 'request audit queue full: request events dropped'),
    ...(chainWorker ? { link: chainWorker.link } : {}),
    // PGlite writes on the event loop: bound how long one transaction holds requests up (≈ 500 × 25 µs).
    maxBatchRows: db.kind === 'pglite' ? PGLITE_AUDIT_BATCH_ROWS : POSTGRES_AUDIT_BATCH_ROWS,
  });
  const events = new EventHub(bus, (error) => logger.warn({ err: error }, 'live event publish failed'));
  const stopAuditNotices = db.onCommitted(AUDIT_COMMITTED_TOPIC, events.sink);
  const liveStreams = new LiveStreams(events, bus, config.sseHeartbeatSeconds);
  const streamTickets = new StreamTickets(db, clock);
  const streamAccess = new StreamAccess({
    keys: keyVerifier, sessions, grants, accessTokens, denyList, clock, scopePolicy, deploymentResources: config.scopeResources,
  });
  const retention = new AuditRetention({
    db, clock, retentionDays: config.auditRetentionDays,
    onError: (error) => logger.warn({ err: error }, 'audit retention cleanup failed; will retry'),
    onDeleted: (counts) => logger.info(counts, 'audit retention: old events and usage rollups deleted'),
    // Spent key-exchange sessions (their tokens have expired) need no row after a day.
    alsoPrune: (nowMs) => deleteSpentKeyGrants(db, new Date(nowMs - DAY_MS)),
  });
  const checkpoints = new CheckpointLog({
    db, intervalMinutes: config.auditCheckpointMinutes,
    sign: (typ, claims) => accessTokens.signStatement(typ, claims),
    log: (checkpoint) => logger.info({ audit_checkpoint: checkpoint }, 'audit chain checkpoint'),
    onError: (error) => logger.warn({ err: error }, 'audit checkpoint logging failed; will retry'),
  });
  const keyExchange = new KeyExchange({ db, bus, clock, accessTokens, ttlSeconds: config.keyExchangeTtlSeconds, reuseMinRemainingSeconds: 60 });
  const refreshTokens = new RefreshTokens({
    db, bus, clock, accessTokens, sessions,
    ttlSeconds: config.refreshTokenTtlSeconds,
    reuseGraceSeconds: config.refreshReuseGraceSeconds,
    store: kv,
  });
  const twoFactor = new TwoFactorService({ db, clock, issuer: config.totpIssuer, challengeTtlSeconds: 300, challengeMaxAttempts: 5, store: kv, secrets });
  const accounts = new AccountService({
    twoFactor,
    accessTokens,
    refreshTokens,
    db, bus, clock,
    registration: config.registration,
    sessionIdleSeconds: config.sessionIdleSeconds,
    sessionMaxAgeSeconds: config.sessionMaxAgeSeconds,
    throttle: new LoginThrottle({
      clock,
      perAccount: { freeFailures: config.loginFreeFailures, maxBlockSeconds: config.loginMaxBlockSeconds },
      perIp: { freeFailures: config.loginIpFreeFailures, maxBlockSeconds: config.loginMaxBlockSeconds },
      memorySeconds: 24 * 3600,
      store: kv,
    }),
  });
  const sessionAdmin = new SessionService({ db, bus, clock, scopePolicy, touches: sessionTouches, idleTimeoutSeconds: config.sessionIdleSeconds });
  const mailer = options.mailer ?? (config.smtpUrl
    ? createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom })
    : createOutboxMailer({ dir: outboxDirOf(config), from: config.mailFrom, log: (message) => logger.info(message) }));
  const passwordResets = new PasswordResetService({
    db, bus, clock, mailer, logger, publicUrl: publicUrlOf(config), ttlSeconds: config.passwordResetTtlSeconds,
  });
  const workspaces = new WorkspaceService({ db, bus, clock, scopePolicy, deploymentResources: config.scopeResources, mailer, publicUrl: publicUrlOf(config), invitationTtlSeconds: 7 * 86_400 });
  const authenticator = new Authenticator({
    keys: keyVerifier, sessions, format: keyFormat, deploymentResources: config.scopeResources,
    acceptedEnvironments: config.keyEnvironments,
    accessTokens,
    grants,
    denyList,
  });
  return {
    config, db, secrets, bus, clock, keyFormat, scopePolicy, keyTouches, sessionTouches, keyVerifier, keys, sessions, accounts, sessionAdmin, passwordResets, mailer, authenticator, signingKeys, accessTokens, refreshTokens, twoFactor, workspaces,
    grants, denyList, clients, agents, keyExchange, limiter, requestWriter, events, liveStreams, streamTickets, streamAccess, retention, checkpoints,
    async flush() {
      await Promise.all([keyTouches.flush(), sessionTouches.flush(), passwordResets.drain(), requestWriter.flush()]);
    },
    async close() {
      liveStreams.close();
      retention.stop();
      checkpoints.stop();
      await Promise.all([keyTouches.stop(), sessionTouches.stop(), passwordResets.drain(), requestWriter.stop()]);
      events.close();
      stopAuditNotices();
      keyVerifier.close();
      sessions.close();
      grants.close();
      denyList.close();
      clients.close();
      await limiter.engine.close();
      await tokenSigner.close();
      await chainWorker?.close();
      await kv.close();
      await mailer.close();
      await bus.close();
      await db.close();
    },
  };
}
