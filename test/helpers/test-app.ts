import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import pg from 'pg';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { loadConfig, type WardenConfig } from '../../src/server/config.js';
import { openDatabase, IN_MEMORY } from '../../src/store/open-database.js';
import { migrate } from '../../src/store/migrate.js';
import type { Database } from '../../src/store/database.js';
import type { Clock } from '../../src/lib/clock.js';
import type { Bus } from '../../src/store/bus/bus.js';
import type { RateLimitEngine } from '../../src/ratelimit/engine.js';

/** Which store this run uses: real PostgreSQL when DATABASE_URL is set (CI), PGlite otherwise. */
export const STORE_KIND = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/**
 * Where PGlite keeps its data in this run: `memory` (fast), or `directory` — a data directory on
 * disk opened the way `warden start` opens `./data` (WARDEN_TEST_STORE=directory; CI runs the
 * suite so, because a defect once hid in the directory path only).
 */
export const PGLITE_LOCATION: 'memory' | 'directory' = process.env.WARDEN_TEST_STORE === 'directory' ? 'directory' : 'memory';

export interface TestApp {
  app: FastifyInstance;
  config: WardenConfig;
  db: Database;
  /** PostgreSQL: the app's schema. */
  schema: string | undefined;
  /** Closes the app and drops its schema. */
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Settings as environment variables, e.g. `{ WARDEN_KEY_PREFIX: 'bk' }`. */
  env?: Record<string, string>;
  clock?: Clock;
  bus?: Bus;
  rateLimitEngine?: RateLimitEngine;
  /** PGlite in a data directory on disk even when the run uses memory (ignored on PostgreSQL). */
  pgliteDirectory?: boolean;
  /** PostgreSQL only: where the app's store connects (e.g. through a test proxy); default DATABASE_URL. */
  databaseUrl?: string;
  /** PostgreSQL only: an existing schema to work in (another app's, as a restarted process would); dropped on close. */
  schema?: string;
}

/**
 * A fresh Warden on a fresh store: an in-memory PGlite, or (DATABASE_URL set) its own schema in
 * PostgreSQL, so test files never see each other's rows.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  // Rate limits are off unless a test turns them on (test/rate-limits.test.ts): suites make
  // hundreds of requests a minute with one credential from one address.
  const databaseUrl = process.env.DATABASE_URL;
  // On disk, the data directory is the app's too (its spool and outbox live there, as under ./data).
  const onDisk = !databaseUrl && (options.pgliteDirectory || PGLITE_LOCATION === 'directory');
  const dataDir = onDisk ? mkdtempSync(join(tmpdir(), 'warden-store-')) : IN_MEMORY;
  const config = loadConfig({ WARDEN_LOG_LEVEL: 'silent', WARDEN_DATA_DIR: dataDir, WARDEN_RATE_LIMITS: 'off', ...options.env });
  let schema: string | undefined = options.schema;
  if (databaseUrl && !schema) {
    schema = `test_${randomBytes(6).toString('hex')}`;
    await adminQuery(databaseUrl, `create schema ${schema}`);
  }
  const db = await openDatabase({
    databaseUrl: databaseUrl ? options.databaseUrl ?? databaseUrl : undefined,
    dataDir, schema, maxConnections: 5, pgliteTemplate: pgliteTemplate(),
    connectTimeoutMs: config.databaseConnectTimeoutMs, queryTimeoutMs: config.databaseQueryTimeoutMs,
  });
  await migrate(db);
  const app = await buildApp({
    config: { ...config, databaseUrl }, db, clock: options.clock,
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.rateLimitEngine ? { rateLimitEngine: options.rateLimitEngine } : {}),
  });
  await app.ready();
  return {
    app,
    config,
    db,
    schema,
    async close() {
      await app.close();
      if (databaseUrl && schema) await adminQuery(databaseUrl, `drop schema ${schema} cascade`);
      if (onDisk) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let template: Blob | undefined;
function pgliteTemplate(): Blob | undefined {
  if (process.env.DATABASE_URL) return undefined;
  const path = inject('pgliteTemplatePath');
  template ??= path ? new Blob([readFileSync(path)]) : undefined;
  return template;
}

/** One statement on DATABASE_URL itself (not through a test's proxy). */
export async function adminQuery(databaseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export type Auth = { bearer: string } | { apiKey: string } | { headers: Record<string, string> } | null;

function authHeaders(auth: Auth): Record<string, string> {
  if (!auth) return {};
  if ('bearer' in auth) return { authorization: `Bearer ${auth.bearer}` };
  if ('apiKey' in auth) return { 'x-api-key': auth.apiKey };
  return auth.headers;
}

/** One HTTP request through the app (no socket): `call(app, 'POST', '/v1/keys', {auth, body})`. */
export async function call(
  app: FastifyInstance,
  method: InjectOptions['method'],
  url: string,
  options: { auth?: Auth; body?: unknown; headers?: Record<string, string>; remoteAddress?: string } = {},
): Promise<LightMyRequestResponse & { json: <T = any>() => T }> {
  const response = await app.inject({
    method,
    url,
    headers: { ...authHeaders(options.auth ?? null), ...options.headers },
    ...(options.body !== undefined ? { payload: options.body as InjectOptions['payload'] } : {}),
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
  return response as LightMyRequestResponse & { json: <T = any>() => T };
}

export interface Owner {
  email: string;
  password: string;
  userId: string;
  workspaceId: string;
  session: string;
}

let counter = 0;

/** Registers a user (who owns a new workspace) and logs in. */
export async function registerOwner(
  app: FastifyInstance,
  email = `owner${++counter}-${randomBytes(3).toString('hex')}@example.com`,
  options: { remoteAddress?: string } = {},
): Promise<Owner> {
  const password = 'correct horse battery staple';
  const registered = await call(app, 'POST', '/auth/register', { body: { email, password }, ...options });
  if (registered.statusCode !== 201) throw new Error(`register failed: ${registered.statusCode} ${registered.body}`);
  const login = await call(app, 'POST', '/auth/login', { body: { email, password }, ...options });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
  const body = login.json();
  return { email, password, userId: body.user.id, workspaceId: registered.json().workspace.id, session: body.token };
}

export interface CreatedKey {
  id: string;
  key: string;
  body: any;
}

/** Creates a key through the API and returns its id and plaintext. */
export async function createKey(app: FastifyInstance, auth: Auth, body: Record<string, unknown>): Promise<CreatedKey> {
  const response = await call(app, 'POST', '/v1/keys', { auth, body });
  if (response.statusCode !== 201) throw new Error(`create key failed: ${response.statusCode} ${response.body}`);
  const data = response.json().data;
  return { id: data.id, key: data.key, body: data };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the migrated PGlite template (see global-setup.ts). */
    pgliteTemplatePath: string;
  }
}
