import type { FastifyInstance } from 'fastify';
import type { Services } from './services.js';
import { problemSchema } from './schemas.js';

export function healthRoutes(services: Services) {
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get('/healthz', {
      schema: { tags: ['Health'], summary: 'The process is up', response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } },
    }, async () => ({ status: 'ok' }));

    app.get('/readyz', {
      schema: {
        tags: ['Health'], summary: 'The store answers (503 store_unavailable when not)',
        response: { 200: { type: 'object', properties: { status: { type: 'string' }, store: { type: 'string' } } }, 503: problemSchema },
      },
    }, async () => {
      await services.db.ping();
      return { status: 'ready', store: services.db.kind };
    });
  };
}
