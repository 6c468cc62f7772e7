import type { FastifyInstance } from 'fastify';
import type { Services } from './services.js';
import { problemSchema } from './schemas.js';

export function healthRoutes(services: Services) {
  return async function routes(app: FastifyInstance): Promise<void> {
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
      await services.db.ping();
      if (!redis) return { status: 'ready', store: services.db.kind };
      return redis.connected
        ? { status: 'ready', store: services.db.kind, redis: 'ok' }
        : { status: 'degraded', store: services.db.kind, redis: 'unreachable' };
    });
  };
}
