import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError, boolean, cidr, integer, list, oneOf, pattern, readableFile, secretKey, text, url, urlWithScheme, type Parser,
} from './settings.js';

export { ConfigError };

interface Setting<T, Optional extends boolean = boolean> {
  name: string;
  parse: Parser<T>;
  default: string | undefined;
  description: string;
  /** Type-level only: no default, so the parsed value may be undefined. */
  readonly optional?: Optional;
}

function setting<T>(name: string, parse: Parser<T>, defaultValue: string, description: string): Setting<T, false>;
function setting<T>(name: string, parse: Parser<T>, defaultValue: undefined, description: string): Setting<T, true>;
function setting<T>(name: string, parse: Parser<T>, defaultValue: string | undefined, description: string): Setting<T> {
  return { name, parse, default: defaultValue, description };
}

/** store/open-database.ts's IN_MEMORY (not imported: that would load PGlite with the settings). */
const IN_MEMORY_DATA_DIR = 'memory://';
const RESOURCE = /^[a-z][a-z0-9-]{0,39}$/;
const DAY_SECONDS = 86_400;

/** Every setting Warden reads; docs/configuration.md is generated from this list (`npm run docs`; a test checks it is current). */
export const SETTINGS = {
  env: setting('WARDEN_ENV', oneOf('development', 'production'), 'development', '`production` refuses plain HTTP (403 `https_required`) and sends HSTS'),
  host: setting('HOST', text, '127.0.0.1', 'Interface to listen on (`0.0.0.0` in a container)'),
  port: setting('PORT', integer(0, 65535), '8080', 'TCP port'),
  publicUrl: setting('WARDEN_PUBLIC_URL', url, undefined, 'Public base URL: the OpenAPI server and the `iss` of every token Warden signs; default `http://{HOST}:{PORT}`'),
  dashboardDir: setting('WARDEN_DASHBOARD_DIR', text, undefined, 'Where the built dashboard is (its `index.html` and `assets/`), served at `/dashboard`; default `dist/web` of the installation (`npm run build` makes it). Without it `/dashboard` answers 404 `dashboard_not_built`'),
  dataDir: setting('WARDEN_DATA_DIR', text, './data', 'Embedded PGlite database directory (ignored when `DATABASE_URL` is set)'),
  databaseUrl: setting('DATABASE_URL', urlWithScheme('postgres:', 'postgresql:'), undefined, 'PostgreSQL connection string; when set, PostgreSQL replaces the embedded PGlite'),
  databaseMaxConnections: setting('WARDEN_DATABASE_MAX_CONNECTIONS', integer(1, 1000), '10', 'PostgreSQL pool size per instance'),
  databaseConnectTimeoutMs: setting('WARDEN_DATABASE_CONNECT_TIMEOUT_MS', integer(100, 600_000), '2000', 'PostgreSQL: how long a request waits for a connection (a new one, or a free one from a full pool) before it is refused with 503 `store_unavailable`'),
  databaseQueryTimeoutMs: setting('WARDEN_DATABASE_QUERY_TIMEOUT_MS', integer(0, 3_600_000), '15000', 'PostgreSQL: how long one statement may wait for its answer before its request is refused with 503 `store_unavailable` and the connection is dropped (a half-open connection cannot hold a request forever; the server is not told to stop the statement); `0` = no limit. Migrations and their lock have no limit'),
  readyzTimeoutMs: setting('WARDEN_READYZ_TIMEOUT_MS', integer(50, 60_000), '1000', '`/readyz` answers 503 `store_unavailable` when the store has not answered within this long'),
  redisUrl: setting('REDIS_URL', urlWithScheme('redis:', 'rediss:'), undefined, '`redis://…` for several instances: shared rate-limit buckets (one Lua script per decision), and the bus that carries cache invalidations and live events between instances. Unset: in memory (one instance)'),
  logLevel: setting('WARDEN_LOG_LEVEL', oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), 'info', '`fatal` … `trace`, or `silent`. JSON logs on stdout; credentials headers are redacted'),
  tlsCert: setting('TLS_CERT', readableFile, undefined, 'PEM certificate file: terminate TLS in-process (set together with `TLS_KEY`)'),
  tlsKey: setting('TLS_KEY', readableFile, undefined, 'PEM private key file for `TLS_CERT`'),
  trustedProxies: setting('TRUSTED_PROXIES', list(cidr), '', 'Comma-separated IPs/CIDRs of reverse proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed'),
  hstsMaxAgeSeconds: setting('WARDEN_HSTS_MAX_AGE_SECONDS', integer(0, 2 * 365 * DAY_SECONDS), String(365 * DAY_SECONDS), 'HSTS `max-age` sent in production'),
  keyPrefix: setting('WARDEN_KEY_PREFIX', pattern(/^[a-z][a-z0-9]{1,9}$/, 'expected 2-10 lowercase letters/digits starting with a letter'), 'wk', 'API key prefix: `bk` gives `bk_live_…`'),
  keyType: setting('WARDEN_KEY_TYPE', pattern(/^([a-z]{2,4})?$/, 'expected 2-4 lowercase letters or empty'), '', 'Optional type segment: `sk` gives `bk_live_sk_…`'),
  keyFormat: setting('WARDEN_KEY_FORMAT', oneOf('env', 'flat'), 'env', '`env`: `{prefix}_{live|test}_{type_}` + 38 characters (seeds 000, 002, 004); `flat`: `{prefix}_{type_}` + 44 characters (seed 001\'s `bsk_…`), the environment stored with the key only. Keys of both layouts are accepted'),
  keyEnvironments: setting('WARDEN_KEY_ENVIRONMENTS', list(oneOf('live', 'test')), 'live,test', 'Key environments this deployment accepts and issues: `test` for a sandbox instance, `live` for production only; other keys get 403 `environment_forbidden`'),
  scopeResources: setting('WARDEN_SCOPE_RESOURCES', list(pattern(RESOURCE, 'resource names are lowercase letters, digits and dashes')), '', "The deployment's own scope resources, comma-separated (e.g. `deals,documents,transfers`)"),
  writeRequiresRead: setting('WARDEN_SCOPES_WRITE_REQUIRES_READ', boolean, 'false', '`true`: `res:write` only counts together with `res:read` (seed 001); a key asked with a write scope and not its read scope is refused (400 `validation_failed`), and `missing_scopes` names the read scope a held write lacks'),
  apiKeysEnvelope: setting('WARDEN_API_KEYS_ENVELOPE', oneOf('data', 'bare'), 'data', '`bare`: the `/v1/api-keys` routes answer one key as the bare object (`{id, key, warning, …}`, seed 004) while `/v1/keys` keeps `{"data": …}` (seed 000); lists keep `{data, next_cursor}`'),
  keyManagement: setting('WARDEN_KEY_MANAGEMENT', oneOf('any', 'session'), 'any', '`session`: only user sessions may create/update/rotate/revoke keys (API keys get 403 `session_required`)'),
  registration: setting('WARDEN_REGISTRATION', oneOf('open', 'first_user', 'closed'), 'open', '`open`: anyone may register (and gets an own workspace); `first_user`: only on a fresh install; `closed`: nobody (use `warden bootstrap`)'),
  maxGraceSeconds: setting('WARDEN_MAX_ROTATION_GRACE_SECONDS', integer(0, 30 * DAY_SECONDS), String(7 * DAY_SECONDS), 'Cap on a rotation\'s `grace_period_seconds` (7 days)'),
  keyCacheTtlSeconds: setting('WARDEN_KEY_CACHE_TTL_SECONDS', integer(1, DAY_SECONDS), '300', 'How long a verified key stays cached (revoke/rotate/update invalidate at once)'),
  keyCacheMaxEntries: setting('WARDEN_KEY_CACHE_MAX_ENTRIES', integer(100, 10_000_000), '100000', 'Size cap of the key cache (least recently used entries leave first)'),
  negativeCacheTtlSeconds: setting('WARDEN_NEGATIVE_CACHE_TTL_SECONDS', integer(0, 3600), '30', 'How long an unknown (well-formed) key is remembered as unknown'),
  lastUsedFlushMs: setting('WARDEN_LAST_USED_FLUSH_MS', integer(50, 600_000), '5000', 'Interval of the batched `last_used_at` and session last-seen writes'),
  loginFreeFailures: setting('WARDEN_LOGIN_FREE_FAILURES', integer(1, 1000), '5', 'Failed logins per e-mail + client IP before exponential back-off (1 s, 2 s, 4 s …) starts'),
  loginIpFreeFailures: setting('WARDEN_LOGIN_IP_FREE_FAILURES', integer(1, 100_000), '50', 'Failed logins per client IP (any account) before back-off starts'),
  loginMaxBlockSeconds: setting('WARDEN_LOGIN_MAX_BLOCK_SECONDS', integer(1, 86_400), '900', 'Longest single back-off block after failed logins (answered 429 `rate_limited` + `Retry-After`)'),
  smtpUrl: setting('SMTP_URL', urlWithScheme('smtp:', 'smtps:'), undefined, 'Send mail through this SMTP server (`smtp://user:pass@host:587`, `smtps://…:465`); unset: mails go to `WARDEN_OUTBOX_DIR`'),
  outboxDir: setting('WARDEN_OUTBOX_DIR', text, undefined, 'Development mailer: each mail is written there as an `.eml` file (the log names the file, never the body). With the in-memory data directory of tests (`memory://`): `warden-outbox` in the system temp directory'),
  mailFrom: setting('WARDEN_MAIL_FROM', text, 'Warden <no-reply@localhost>', 'Sender of Warden\'s mails'),
  passwordResetTtlSeconds: setting('WARDEN_PASSWORD_RESET_TTL_SECONDS', integer(60, 86_400), '1800', 'Lifetime of a password reset token (single use)'),
  accessTokenTtlSeconds: setting('WARDEN_ACCESS_TOKEN_TTL_SECONDS', integer(60, 86_400), '900', 'Lifetime of the JWT access token issued at login'),
  clientTokenTtlSeconds: setting('WARDEN_CLIENT_TOKEN_TTL_SECONDS', integer(60, DAY_SECONDS), '3600', 'Default access-token lifetime of a new OAuth client (each client may set its own `token_ttl_seconds`)'),
  clientTokenMaxTtlSeconds: setting('WARDEN_CLIENT_TOKEN_MAX_TTL_SECONDS', integer(60, DAY_SECONDS), String(DAY_SECONDS), 'Longest `token_ttl_seconds` an OAuth client may be given'),
  keyExchangeTtlSeconds: setting('WARDEN_KEY_EXCHANGE_TTL_SECONDS', integer(60, DAY_SECONDS), '7200', 'Lifetime of a bearer token from `POST /auth/login {api_key}` (never past the key\'s own expiry)'),
  agentTokenTtlSeconds: setting('WARDEN_AGENT_TOKEN_TTL_SECONDS', integer(60, DAY_SECONDS), '900', 'Default lifetime of an agent\'s access token (and default `max_token_ttl_seconds` of a new agent)'),
  agentTokenMaxTtlSeconds: setting('WARDEN_AGENT_TOKEN_MAX_TTL_SECONDS', integer(60, DAY_SECONDS), '3600', 'Longest `max_token_ttl_seconds` an agent may be given'),
  tokenAudience: setting('WARDEN_TOKEN_AUDIENCE', text, undefined, 'The `aud` claim of access tokens (issuer `iss` is `WARDEN_PUBLIC_URL`); default `WARDEN_PUBLIC_URL`'),
  signingKeyRotationSeconds: setting('WARDEN_SIGNING_KEY_ROTATION_SECONDS', integer(3_600 * 2, 365 * DAY_SECONDS), String(30 * DAY_SECONDS), 'A token-signing key signs for 30 days, then a new one takes over; the old one stays in the JWKS until its last token expires'),
  refreshTokenTtlSeconds: setting('WARDEN_REFRESH_TOKEN_TTL_SECONDS', integer(3_600, 90 * DAY_SECONDS), String(7 * DAY_SECONDS), 'Absolute lifetime of a refresh-token family, counted from login (7 days)'),
  refreshReuseGraceSeconds: setting('WARDEN_REFRESH_REUSE_GRACE_SECONDS', integer(0, 10), '5', 'A just-used refresh token presented again within this window (0–10) gets the same new pair; later reuse revokes the family and its session'),
  totpIssuer: setting('WARDEN_TOTP_ISSUER', text, 'Warden', 'Issuer name authenticator apps show next to the account'),
  secretKeys: setting('WARDEN_SECRET_KEY', list(secretKey), undefined, 'Encrypts the secrets Warden must read back — token signing keys and TOTP seeds — at rest with AES-256-GCM: 32 random bytes as hex or base64 (`openssl rand -base64 32`). A comma-separated list rotates: the first key seals, every listed key opens, start-up re-seals. Unset: stored unencrypted (warned in production)'),
  workerThreads: setting('WARDEN_WORKER_THREADS', integer(0, 64), '1', 'Threads that sign access tokens off the event loop (Ed25519, with libsodium when the optional `sodium-native` loads, else node:crypto — same bytes). `0` signs on the event loop, which suits a single-core machine. A thread that dies hands its work back to the event loop (as the argon2 threads hand theirs to libuv\'s pool)'),
  auditThread: setting('WARDEN_AUDIT_THREAD', oneOf('off', 'on'), 'off', 'Deprecated, has no effect (accepted so that existing configurations still start): a batch of request events is now hashed in one SHA-256 of its content, ≈ 20 µs per flush, so there is nothing left to hand to a thread'),
  passwordHashConcurrency: setting('WARDEN_PASSWORD_HASH_CONCURRENCY', integer(0, 256), '0', 'argon2 worker threads (hashes computed at once); `0` = one per CPU core. They run at the lowest CPU priority (nice 19, Linux), so a burst of logins uses every idle core and never slows other requests'),
  auditRequests: setting('WARDEN_AUDIT_REQUESTS', oneOf('all', 'off'), 'all', '`all`: every authenticated request is an audit event and counted in `/v1/usage`; `off`: only changes and security events are recorded (a gateway logs requests already) — no request events, no usage counts'),
  auditFlushMs: setting('WARDEN_AUDIT_FLUSH_MS', integer(10, 250), '200', 'Request events are written in batches at least this often (10–250) and on shutdown'),
  auditQueueMax: setting('WARDEN_AUDIT_QUEUE_MAX', integer(1000, 10_000_000), '200000', 'Request events held in memory at most; beyond it they are dropped (counted and logged), never slowing requests'),
  auditSpoolDir: setting('WARDEN_AUDIT_SPOOL_DIR', text, undefined, 'Where request events wait on disk while the database cannot take them, replayed in order when it answers again or at the next start; one instance per directory; `off`: in memory only'),
  auditRetentionDays: setting('WARDEN_AUDIT_RETENTION_DAYS', integer(1, 3650), '365', 'Security events and changes (key created, login, revoke, …) and usage rollups older than this are deleted (hourly job)'),
  auditRequestRetentionDays: setting('WARDEN_AUDIT_REQUEST_RETENTION_DAYS', integer(1, 3650), '90', 'Raw request events older than this are removed (hourly job): whole day partitions of the request log are dropped; the chain keeps each removed batch\'s link, so later events still verify. Usage counts (rollups) follow WARDEN_AUDIT_RETENTION_DAYS'),
  auditVerifyPageEvents: setting('WARDEN_AUDIT_VERIFY_PAGE_EVENTS', integer(1, 10_000_000), '10000', 'Most events one `GET /v1/events/verify` walks (≈ 17 µs each): its default and the cap of its `limit`; a full page answers `next_from_seq`'),
  auditCheckpointMinutes: setting('WARDEN_AUDIT_CHECKPOINT_MINUTES', integer(0, 1440), '60', 'Every this many minutes, a signed checkpoint of each audit chain that moved is written to the log (0 = off)'),
  sseHeartbeatSeconds: setting('WARDEN_SSE_HEARTBEAT_SECONDS', integer(1, 300), '15', 'Live event streams get a comment line this often (keeps proxies from closing them) and re-check their credential'),
  busDownCacheSeconds: setting('WARDEN_BUS_DOWN_CACHE_SECONDS', integer(1, 300), '1', 'With `REDIS_URL`: while this instance cannot hear the others over Redis, it trusts a cached key, session, grant or OAuth client for at most this long before reading it from the database again (and re-reads the revoked-token list this often), so a revocation made on another instance is refused here within this bound'),
  redisPrefix: setting('WARDEN_REDIS_PREFIX', pattern(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, colon, dash and underscore'), 'warden:', 'Prefix of every Redis key and channel, so several deployments can share one Redis'),
  rateLimits: setting('WARDEN_RATE_LIMITS', oneOf('on', 'off'), 'on', '`off` disables rate limiting (e.g. behind a gateway that limits already)'),
  rateLimitStandard: setting('WARDEN_RATE_LIMIT_STANDARD', integer(1, 10_000_000), '1000', 'Requests per minute per credential on standard (read) routes; an API key\'s own `rate_limit` replaces it'),
  rateLimitWrite: setting('WARDEN_RATE_LIMIT_WRITE', integer(1, 10_000_000), '200', 'Requests per minute per credential on write routes'),
  rateLimitUpload: setting('WARDEN_RATE_LIMIT_UPLOAD', integer(1, 10_000_000), '30', 'Requests per minute per credential on upload routes (host APIs name the class in `/v1/verify`)'),
  rateLimitAuth: setting('WARDEN_RATE_LIMIT_AUTH', integer(1, 10_000_000), '10', 'Requests per minute per client IP on public auth endpoints (login, register, refresh, password reset, `/oauth/token`, agent login)'),
  rateLimitAuthFailures: setting('WARDEN_RATE_LIMIT_AUTH_FAILURES', integer(1, 10_000_000), '60', 'Failed authentications (a credential sent and refused with 401) per minute per client IP; past it 429 `rate_limited` (policy `auth-failure`) with `Retry-After`, and until then only credentials already verified in memory pass from that address'),
  rateLimitVerify: setting('WARDEN_RATE_LIMIT_VERIFY', integer(1, 100_000_000), '60000', 'Calls of `POST /v1/verify` per minute per calling credential (the host service itself); the verified credential counts against its own limits as well'),
  rateLimitPerIp: setting('WARDEN_RATE_LIMIT_PER_IP', integer(0, 10_000_000), '0', 'Authenticated requests per minute per client IP, whatever the credential (seed 004\'s "100 req/min/IP": set `100`); `/v1/verify` counts the `ip` it is given. `0` = off'),
  rateLimitWorkspace: setting('WARDEN_RATE_LIMIT_WORKSPACE', integer(1, 100_000_000), '10000', 'Requests per minute for a whole workspace, all its credentials together (tenant budget)'),
  gatewayConfig: setting('WARDEN_GATEWAY_CONFIG', readableFile, undefined, 'Routes file (YAML or JSON) that turns on the gateway: requests to paths that are not Warden\'s own are authenticated, authorised by the route\'s scopes, limited, audited and streamed to the upstream of the credential\'s environment (see docs/gateway.md); unmatched paths answer 404 `route_not_found`. A bad file stops start-up. Unset: no gateway'),
  decisionsRequireServiceCredential: setting('WARDEN_DECISIONS_REQUIRE_SERVICE_CREDENTIAL', oneOf('on', 'off'), 'off', '`on`: `/v1/decisions` answers only a caller (nginx, Envoy) that sends a deployment-level service credential in `X-Warden-Service-Credential` (401 `service_credential_required` otherwise), since its 200 hands out a signed `X-Warden-Identity`; a checked credential is believed for 10 s (see docs/gateway.md)'),
  sessionIdleSeconds: setting('WARDEN_SESSION_IDLE_TIMEOUT_SECONDS', integer(60, 30 * DAY_SECONDS), String(DAY_SECONDS), 'A session expires after this much inactivity (sliding)'),
  sessionMaxAgeSeconds: setting('WARDEN_SESSION_MAX_AGE_SECONDS', integer(300, 365 * DAY_SECONDS), String(30 * DAY_SECONDS), 'Absolute lifetime of a session (30 days)'),
} as const;

/** The parsed settings, one field per SETTINGS entry (derived: a setting without a field cannot exist). */
type Parsed<S> = S extends Setting<infer T, infer Optional> ? (Optional extends true ? T | undefined : T) : never;
export type WardenConfig = { -readonly [K in keyof typeof SETTINGS]: Parsed<(typeof SETTINGS)[K]> };

export type ConfigSource = Record<string, string | undefined>;

/** Reads `WARDEN_CONFIG_FILE` (JSON: `{"WARDEN_KEY_PREFIX": "bk", ...}`); the environment wins over it. */
function readConfigFile(path: string): ConfigSource {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError('WARDEN_CONFIG_FILE', `cannot read JSON from "${path}": ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError('WARDEN_CONFIG_FILE', 'must hold one JSON object of SETTING: value');
  }
  const known = new Set(Object.values(SETTINGS).map((s) => s.name));
  const out: ConfigSource = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (!known.has(name)) throw new ConfigError(name, `unknown setting in ${path}`);
    out[name] = typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : String(value);
  }
  return out;
}

export function loadConfig(env: ConfigSource = process.env): WardenConfig {
  const file = env.WARDEN_CONFIG_FILE ? readConfigFile(env.WARDEN_CONFIG_FILE) : {};
  const config: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(SETTINGS) as [string, Setting<unknown>][]) {
    const raw = env[def.name] !== undefined && env[def.name] !== '' ? env[def.name] : file[def.name] ?? def.default;
    config[key] = raw === undefined ? undefined : def.parse(raw, def.name);
  }
  const result = config as unknown as WardenConfig;
  if (Boolean(result.tlsCert) !== Boolean(result.tlsKey)) {
    throw new ConfigError(result.tlsCert ? 'TLS_KEY' : 'TLS_CERT', 'TLS_CERT and TLS_KEY must be set together');
  }
  const reserved = ['api-keys', 'oauth-clients', 'agents', 'workspaces', 'events', 'usage', 'verify'];
  const clash = result.scopeResources.find((r) => reserved.includes(r));
  if (clash) throw new ConfigError('WARDEN_SCOPE_RESOURCES', `"${clash}" is one of Warden's own resources`);
  if (result.keyEnvironments.length === 0) throw new ConfigError('WARDEN_KEY_ENVIRONMENTS', 'must name live, test or both');
  if (result.sessionMaxAgeSeconds < result.sessionIdleSeconds) {
    throw new ConfigError('WARDEN_SESSION_MAX_AGE_SECONDS', 'must not be shorter than WARDEN_SESSION_IDLE_TIMEOUT_SECONDS');
  }
  return result;
}

/** Where request events are spooled while the database is away: undefined when off (or the data directory is in memory). */
/** Where the development mailer writes: WARDEN_OUTBOX_DIR, else beside the data (never the checkout's ./data when the data lives elsewhere). */
export function outboxDirOf(config: WardenConfig): string {
  if (config.outboxDir) return config.outboxDir;
  return config.dataDir === IN_MEMORY_DATA_DIR ? join(tmpdir(), 'warden-outbox') : join(config.dataDir, 'outbox');
}

export function auditSpoolDirOf(config: WardenConfig): string | undefined {
  if (config.auditSpoolDir === 'off') return undefined;
  if (config.auditSpoolDir) return config.auditSpoolDir;
  return config.dataDir.startsWith('memory://') ? undefined : join(config.dataDir, 'spool');
}

export function publicUrlOf(config: WardenConfig): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/$/, '');
  const scheme = config.tlsCert ? 'https' : 'http';
  return `${scheme}://${config.host}:${config.port}`;
}
