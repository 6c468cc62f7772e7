import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../store/database.js';
import type { Bus } from '../store/bus/bus.js';
import type { KeyValueStore } from '../store/kv/kv.js';
import type { TouchBatcher } from '../store/touch-batcher.js';
import type { Clock } from '../lib/clock.js';
import type { SecretBox } from '../lib/secret-box.js';
import type { ScopePolicy } from '../auth/scopes.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { KeyFormat } from '../keys/key-codec.js';
import type { Limiter } from '../ratelimit/limiter.js';
import type { RateLimitEngine } from '../ratelimit/engine.js';
import type { Mailer } from '../mail/mailer.js';
import { setPasswordHashConcurrency } from '../users/password.js';
import type { WardenConfig } from './config.js';
import { createFoundation } from './wiring/foundation.js';
import { createCredentialServices, type CredentialServices } from './wiring/credentials.js';
import { createTokenServices, type TokenServices } from './wiring/tokens.js';
import { createClientServices, type ClientServices } from './wiring/clients.js';
import { createAuthKit } from './wiring/auth-kit.js';
import { createAccountServices, type AccountServices } from './wiring/accounts.js';
import { createAuditServices, type AuditServices } from './wiring/audit.js';
import { createIdempotencyService, type IdempotencyService } from '../idempotency/idempotency-service.js';

/**
 * Every service, built once per app from configuration (the composition root). `server/app.ts`
 * hands each route plugin only the members it uses; tests and the CLI reach them as `app.warden`.
 */
export interface Services extends CredentialServices, Omit<TokenServices, 'tokenSigner'>, ClientServices, AccountServices,
  Omit<AuditServices, 'stopAuditNotices'> {
  config: WardenConfig;
  db: Database;
  /** Seals secrets at rest (WARDEN_SECRET_KEY). */
  secrets: SecretBox;
  bus: Bus;
  clock: Clock;
  keyFormat: KeyFormat;
  scopePolicy: ScopePolicy;
  authenticator: Authenticator;
  limiter: Limiter;
  /** Idempotency-Key on credential creation. */
  idempotency: IdempotencyService;
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
  setPasswordHashConcurrency(options.config.passwordHashConcurrency);
  const foundation = createFoundation(options);
  const { config, db, bus, clock, kv, secrets, keyFormat, scopePolicy } = foundation;
  const credentials = createCredentialServices(foundation);
  const { tokenSigner, ...tokens } = createTokenServices(foundation);
  const clients = createClientServices({ ...foundation, accessTokens: tokens.accessTokens });
  const { authenticator, limiter } = createAuthKit({ ...foundation, ...credentials, ...tokens, rateLimitEngine: options.rateLimitEngine });
  const { stopAuditNotices, ...audit } = createAuditServices({ ...foundation, ...credentials, ...tokens });
  const accounts = createAccountServices({ ...foundation, ...credentials, accessTokens: tokens.accessTokens, mailer: options.mailer });
  const touches: TouchBatcher[] = [credentials.keyTouches, credentials.sessionTouches];
  return {
    config, db, secrets, bus, clock, keyFormat, scopePolicy, authenticator, limiter,
    idempotency: createIdempotencyService({ db, clock, secrets }),
    ...credentials, ...tokens, ...clients, ...audit, ...accounts,
    async flush() {
      await Promise.all([...touches.map((t) => t.flush()), accounts.passwordResets.drain(), audit.requestWriter.flush()]);
    },
    async close() {
      audit.liveStreams.close();
      audit.retention.stop();
      audit.checkpoints.stop();
      await Promise.all([...touches.map((t) => t.stop()), accounts.passwordResets.drain(), audit.requestWriter.stop()]);
      audit.eventHub.close();
      stopAuditNotices();
      credentials.keyVerifier.close();
      credentials.sessionVerifier.close();
      credentials.grantVerifier.close();
      tokens.denyList.close();
      clients.clients.close();
      await limiter.engine.close();
      await tokenSigner.close();
      await kv.close();
      await accounts.mailer.close();
      await bus.close();
      await db.close();
    },
  };
}
