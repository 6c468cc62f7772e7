import type { FastifyInstance } from 'fastify';
import type { SigningKeyRing } from './signing-keys.js';

/** What the JWKS route uses. */
export interface JwksRoutesOptions {
  signingKeys: SigningKeyRing;
}

/** `GET /.well-known/jwks.json`: the public keys that verify Warden's access tokens. */
export async function jwksRoutes(app: FastifyInstance, services: JwksRoutesOptions): Promise<void> {
  app.get('/.well-known/jwks.json', {
    schema: {
      tags: ['Tokens'],
      summary: 'Public keys (JWK Set) that verify access tokens; a resource server can verify without calling Warden',
      response: {
        200: {
          type: 'object',
          properties: {
            keys: {
              type: 'array',
              items: {
                type: 'object',
                properties: { kty: { type: 'string' }, crv: { type: 'string' }, x: { type: 'string' }, kid: { type: 'string' }, alg: { type: 'string' }, use: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  }, async (_request, reply) => {
    // Short cache; JWKS clients (jose's createRemoteJWKSet) also refetch when they meet an unknown kid.
    reply.header('cache-control', 'public, max-age=300');
    return services.signingKeys.jwks();
  });
}
