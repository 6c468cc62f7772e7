import type { FastifyInstance } from 'fastify';
import { problemSchema } from '../http/schemas.js';
import { StoreUnavailableError } from '../errors/warden-error.js';
import type { Database } from '../store/database.js';
import type { Bus } from '../store/bus/bus.js';

/**
 * The store's answer to a ping, or StoreUnavailableError once `timeoutMs` has passed: a balancer
 * asking whether to send traffic here needs a quick no, not a probe that hangs on a network that
 * swallows packets.
 */
async function pingWithin(ping: () => Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(new Error(`no answer within ${timeoutMs} ms`))), timeoutMs);
  });
  // Whatever keeps `select 1` from answering, the store is not ready.
  const answer = ping().catch((error: unknown) => {
    throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error);
  });
  // The ping may still fail after the deadline has answered; that failure is no one's to report.
  answer.catch(() => undefined);
  try {
    await Promise.race([answer, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** What the health routes use. */
export interface HealthRoutesOptions {
  db: Database;
  bus: Bus;
  /** WARDEN_READYZ_TIMEOUT_MS */
  readyzTimeoutMs: number;
}

export async function healthRoutes(app: FastifyInstance, services: HealthRoutesOptions): Promise<void> {
  app.get('/healthz', {
    schema: { tags: ['Health'], summary: 'The process is up', response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } },
  }, async () => ({ status: 'ok' }));

  // With REDIS_URL: Redis down leaves Warden serving (limits fall back to memory, logins answer
  // 503), so it is reported as `degraded` with 200, not as unready — a balancer would otherwise
  // take every instance out at once.
  const redis = 'connected' in services.bus ? (services.bus as { readonly connected: boolean }) : null;
  app.get('/readyz', {
    schema: {
      tags: ['Health'],
      summary: 'The store answers (503 store_unavailable when not); with REDIS_URL, whether Redis does (`degraded` when not)',
      response: {
        200: {
          type: 'object',
          properties: { status: { type: 'string', enum: ['ready', 'degraded'] }, store: { type: 'string' }, redis: { type: 'string', enum: ['ok', 'unreachable'] } },
        },
        503: problemSchema,
      },
    },
  }, async () => {
    await pingWithin(() => services.db.ping(), services.readyzTimeoutMs);
    if (!redis) return { status: 'ready', store: services.db.kind };
    return redis.connected
      ? { status: 'ready', store: services.db.kind, redis: 'ok' }
      : { status: 'degraded', store: services.db.kind, redis: 'unreachable' };
  });
}
