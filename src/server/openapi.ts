import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { apiKeyPattern, type KeyFormat } from '../keys/key-codec.js';

/** OpenAPI 3.1 generated from the route schemas, at /openapi.json, rendered at /docs. */
export async function registerOpenApi(app: FastifyInstance, options: { publicUrl: string; keyFormat: KeyFormat }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Warden',
        version: '0.1.0',
        description:
          'Authentication and access for fintech-style HTTP APIs: API keys, sessions and more. ' +
          `API keys match \`${apiKeyPattern(options.keyFormat)}\`. Errors are application/problem+json with a stable \`code\`.`,
      },
      servers: [{ url: options.publicUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key or a `sess_` session token' },
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
