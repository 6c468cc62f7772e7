// The two servers under test — bare Fastify 5 hello (hello-server.mjs) and Warden in production
// mode (warden-server.mjs) — started as children, and the real client flow that gives the bench
// a cached API key.
import { spawnChild, describeExit, waitForMessage, isStopping } from './children.mjs';

/** Forks a bench server child and waits for its `listening` announcement; resolves with it (with `.port`). */
export async function startServer(script, name, env) {
  const child = spawnChild(script, { name, env });
  child.once('exit', (code, signal) => {
    if (!isStopping()) process.stderr.write(`bench: server ${describeExit(child, { code, signal })}\n`);
  });
  const msg = await waitForMessage(child, (m) => m?.event === 'listening', 90_000, 'listening');
  child.port = msg.port;
  return child;
}

/** The environment startWarden gives Warden (for a Warden started from another checkout's bench/). */
export function wardenEnvOf(dataDir, databaseUrl, extraEnv = {}) {
  return wardenEnv(dataDir, databaseUrl, extraEnv);
}

function wardenEnv(dataDir, databaseUrl, extraEnv = {}) {
  const env = {};
  // A deterministic deployment: nothing inherited that would change Warden's configuration.
  const drop = /^(WARDEN_|DATABASE_URL$|REDIS_URL$|TLS_|HOST$|PORT$|TRUSTED_PROXIES$)/;
  for (const [k, v] of Object.entries(process.env)) if (!drop.test(k)) env[k] = v;
  return {
    ...env,
    NODE_ENV: 'production',
    WARDEN_ENV: 'production',
    TRUSTED_PROXIES: '127.0.0.1',
    WARDEN_LOG_LEVEL: 'silent',
    // The limiter stays in the measured path, with limits no single load generator reaches.
    WARDEN_RATE_LIMIT_STANDARD: '10000000',
    WARDEN_RATE_LIMIT_WRITE: '10000000',
    WARDEN_RATE_LIMIT_AUTH: '10000000',
    WARDEN_RATE_LIMIT_WORKSPACE: '100000000',
    // BENCH_AUDIT_REQUESTS=off measures Warden without request events (changes are still audited).
    ...(process.env.BENCH_AUDIT_REQUESTS ? { WARDEN_AUDIT_REQUESTS: process.env.BENCH_AUDIT_REQUESTS } : {}),
    // BENCH_WORKER_THREADS=0 measures Warden signing tokens on the event loop.
    ...(process.env.BENCH_WORKER_THREADS ? { WARDEN_WORKER_THREADS: process.env.BENCH_WORKER_THREADS } : {}),
    // `off`: no request-event spool on disk (WARDEN_AUDIT_SPOOL_DIR), to see what it costs.
    ...(process.env.BENCH_AUDIT_SPOOL_DIR ? { WARDEN_AUDIT_SPOOL_DIR: process.env.BENCH_AUDIT_SPOOL_DIR } : {}),
    // BENCH_PASSWORD_HASH_CONCURRENCY=N measures logins with N argon2 threads (0 = one per core, the default).
    ...(process.env.BENCH_PASSWORD_HASH_CONCURRENCY ? { WARDEN_PASSWORD_HASH_CONCURRENCY: process.env.BENCH_PASSWORD_HASH_CONCURRENCY } : {}),
    WARDEN_DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    HOST: '127.0.0.1',
    PORT: '0',
    ...extraEnv,
  };
}

/**
 * Boots Warden alone (production mode); resolves with the child (with `.port`). `extraEnv` adds
 * deployment settings on top of the fixed bench environment (bench/oauth.mjs: WARDEN_SCOPE_RESOURCES).
 */
export function startWarden(wardenDataDir, databaseUrl, extraEnv = {}) {
  return startServer('warden-server.mjs', 'warden-server', wardenEnv(wardenDataDir, databaseUrl, extraEnv));
}

/** Boots both servers in parallel; resolves with the two children (each with `.port`). */
export function startServers(wardenDataDir, databaseUrl) {
  return Promise.all([
    startServer('hello-server.mjs', 'hello-server', { ...process.env, NODE_ENV: 'production' }),
    startWarden(wardenDataDir, databaseUrl),
  ]);
}

async function http(base, method, path, { body, token } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      'x-forwarded-proto': 'https',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) throw new Error(`setup: ${method} ${path} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** The real flow: register → login (session token) → create an API key → check /v1/me once. */
export async function createApiKey(base) {
  const email = `bench-${Date.now()}@example.com`;
  const password = 'bench-password-1234';
  await http(base, 'POST', '/auth/register', { body: { email, password } });
  const { token } = await http(base, 'POST', '/auth/login', { body: { email, password } });
  const created = await http(base, 'POST', '/v1/keys', { token, body: { name: 'bench key', scopes: ['api-keys:read'] } });
  const key = created?.data?.key;
  if (typeof key !== 'string') throw new Error(`setup: POST /v1/keys returned no key: ${JSON.stringify(created)}`);
  const me = await http(base, 'GET', '/v1/me', { token: key }); // fills the key cache
  if (me?.data?.principal?.type !== 'api_key') throw new Error(`setup: /v1/me did not see the API key: ${JSON.stringify(me)}`);
  return key;
}

const basicAuth = (id, secret) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/**
 * The real flow for a JWT access token: register → login (workspace owner's session) → POST
 * /v1/oauth-clients → POST /oauth/token (client_credentials, TTL 1 h) → check /v1/me once (which
 * also fills the verified-token cache). Needs WARDEN_SCOPE_RESOURCES to include `deals`.
 */
export async function createAccessToken(base, { scope = 'deals:read', ttlSeconds = 3600 } = {}) {
  const email = `bench-jwt-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = 'bench-password-1234';
  await http(base, 'POST', '/auth/register', { body: { email, password } });
  const { token } = await http(base, 'POST', '/auth/login', { body: { email, password } });
  const created = await http(base, 'POST', '/v1/oauth-clients', { token, body: { name: 'bench', scopes: [scope], token_ttl_seconds: ttlSeconds } });
  const { client_id: clientId, client_secret: clientSecret } = created?.data ?? {};
  if (typeof clientId !== 'string' || typeof clientSecret !== 'string') throw new Error(`setup: POST /v1/oauth-clients returned no client: ${JSON.stringify(created)}`);
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'x-forwarded-proto': 'https', 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(clientId, clientSecret) },
    body: `grant_type=client_credentials&scope=${scope}`,
    signal: AbortSignal.timeout(30_000),
  });
  const answer = await res.json();
  if (res.status !== 200 || typeof answer.access_token !== 'string' || answer.access_token.split('.').length !== 3) {
    throw new Error(`setup: POST /oauth/token → ${res.status} ${JSON.stringify(answer)}`);
  }
  const me = await http(base, 'GET', '/v1/me', { token: answer.access_token });
  if (me?.data?.principal?.type !== 'client') throw new Error(`setup: /v1/me did not see the client token: ${JSON.stringify(me)}`);
  return answer.access_token;
}
