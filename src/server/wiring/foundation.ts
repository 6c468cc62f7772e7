import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../store/database.js';
import type { Bus } from '../../store/bus/bus.js';
import { createMemoryBus } from '../../store/bus/memory-bus.js';
import type { KeyValueStore } from '../../store/kv/kv.js';
import { createMemoryKv } from '../../store/kv/memory-kv.js';
import { systemClock, type Clock } from '../../lib/clock.js';
import { createSecretBox, type SecretBox } from '../../lib/secret-box.js';
import { WARDEN_RESOURCES, type ScopePolicy } from '../../auth/scopes.js';
import type { KeyFormat } from '../../keys/key-codec.js';
import type { WardenConfig } from '../config.js';

/** What every domain's services are built on: the settings, the store, the bus, the time, shared state. */
export interface Foundation {
  config: WardenConfig;
  db: Database;
  bus: Bus;
  clock: Clock;
  /** Short-lived shared state (Redis in a cluster, else in memory). */
  kv: KeyValueStore;
  logger: FastifyBaseLogger;
  /** Seals secrets at rest (WARDEN_SECRET_KEY). */
  secrets: SecretBox;
  keyFormat: KeyFormat;
  scopePolicy: ScopePolicy;
  /** Warden's own resources and the deployment's (WARDEN_SCOPE_RESOURCES). */
  knownResources: ReadonlySet<string>;
  /** A background job's failure, logged as a warning: it retries on its own. */
  warn(what: string): (error: unknown) => void;
}

export interface FoundationOptions {
  config: WardenConfig;
  db: Database;
  logger: FastifyBaseLogger;
  clock?: Clock | undefined;
  bus?: Bus | undefined;
  kv?: KeyValueStore | undefined;
}

export function createFoundation(options: FoundationOptions): Foundation {
  const { config, db, logger } = options;
  const clock = options.clock ?? systemClock;
  return {
    config, db, logger, clock,
    bus: options.bus ?? createMemoryBus(),
    kv: options.kv ?? createMemoryKv({ clock }),
    secrets: createSecretBox(config.secretKeys ?? []),
    keyFormat: { prefix: config.keyPrefix, type: config.keyType, layout: config.keyFormat },
    scopePolicy: { writeRequiresRead: config.writeRequiresRead },
    knownResources: new Set([...WARDEN_RESOURCES, ...config.scopeResources]),
    warn: (what) => (error) => logger.warn({ err: error }, what),
  };
}
