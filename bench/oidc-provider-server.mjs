// Baseline for bench:oauth — panva's oidc-provider (npm `oidc-provider`, 8.x: the 9.x line needs
// Node 22 LTS) as a client-credentials token endpoint issuing ES256-signed JWT access tokens
// (RFC 9068 `at+jwt`). Stateless on this path, like Warden: the client is static configuration and a
// JWT-format ClientCredentials token is never written to the adapter.
//
//   POST /token  grant_type=client_credentials&scope=deals:read  (client_secret_basic)
//   → 200 {access_token: <ES256 JWT, aud = OIDC_BENCH_RESOURCE>, expires_in: 3600, token_type: 'Bearer', scope}
//
// Env from the parent: OIDC_BENCH_CLIENT_ID, OIDC_BENCH_CLIENT_SECRET (kept out of argv),
// OIDC_BENCH_RESOURCE (the one resource indicator; also the default), PORT (0 = free port).
// Listens on 127.0.0.1 and announces {event:'listening', port} like hello-server.mjs.
import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';
import { announceListening, exitWithParent, enableProfiling } from './child-common.mjs';

const CLIENT_ID = process.env.OIDC_BENCH_CLIENT_ID || 'bench';
const CLIENT_SECRET = process.env.OIDC_BENCH_CLIENT_SECRET;
const RESOURCE = process.env.OIDC_BENCH_RESOURCE || 'urn:warden-bench:deals';
const SCOPE = 'deals:read';
const TTL_SECONDS = 3600;
if (!CLIENT_SECRET) {
  console.error('oidc-provider-server: OIDC_BENCH_CLIENT_SECRET is required');
  process.exit(2);
}

// One fresh P-256 key, the only key in the provider's keystore.
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'bench-es256', alg: 'ES256', use: 'sig' };

// The issuer must name the port, so listen first and attach the provider afterwards.
const server = createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) }, resolve);
});
const { port } = server.address();

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: SCOPE,
  }],
  jwks: { keys: [signingJwk] },
  // The keystore holds only the ES256 key, so the client defaults must not ask for RS256.
  clientDefaults: { id_token_signed_response_alg: 'ES256' },
  scopes: [SCOPE],
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // No `resource` parameter in the request → this one (the bench sends none, like Warden's).
      defaultResource: async () => RESOURCE,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (ctx, resourceIndicator) => {
        if (resourceIndicator !== RESOURCE) throw new errors.InvalidTarget();
        return {
          scope: SCOPE,
          accessTokenFormat: 'jwt',
          accessTokenTTL: TTL_SECONDS,
          jwt: { sign: { alg: 'ES256' } },
        };
      },
    },
  },
  ttl: { ClientCredentials: (ctx, token) => token.resourceServer?.accessTokenTTL || TTL_SECONDS },
});

server.on('request', provider.callback());

const close = () => server.close(() => process.exit(0));
enableProfiling('oidc-provider');
exitWithParent(close);
process.once('SIGTERM', close);
process.once('SIGINT', close);

announceListening('oidc-provider', port);
