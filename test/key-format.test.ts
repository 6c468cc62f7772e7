import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { IN_MEMORY } from '../src/store/open-database.js';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Auth, type TestApp } from './helpers/test-app.js';
import { expectProblem, mistype } from './helpers/assertions.js';

const readme = readFileSync(new URL('../docs/api.md', import.meta.url), 'utf8');

/**
 * Seed 001: "All BankSync API keys begin with the bsk_ prefix followed by 44 random characters",
 * sent in X-API-Key. Regression (issue 12 §4): Warden's keys always carried `_live_` / `_test_`.
 */
describe(`WARDEN_KEY_FORMAT=flat, WARDEN_KEY_PREFIX=bsk: seed 001's keys (${STORE_KIND})`, () => {
  let t: TestApp;
  let auth: Auth;
  const others: FastifyInstance[] = [];
  const settings = { WARDEN_KEY_PREFIX: 'bsk', WARDEN_KEY_FORMAT: 'flat', WARDEN_SCOPE_RESOURCES: 'banks' };

  /** Another deployment on the same store (e.g. production, live keys only). */
  const deployment = async (env: Record<string, string>): Promise<FastifyInstance> => {
    const config = loadConfig({ WARDEN_LOG_LEVEL: 'silent', WARDEN_DATA_DIR: IN_MEMORY, WARDEN_RATE_LIMITS: 'off', ...env });
    const app = await buildApp({ config: { ...config, databaseUrl: process.env.DATABASE_URL }, db: t.db });
    others.push(app);
    await app.ready();
    return app;
  };

  beforeAll(async () => {
    t = await createTestApp({ env: settings });
    auth = { bearer: (await registerOwner(t.app)).session };
  });
  afterAll(async () => {
    for (const app of others) await app.close();
    await t.close();
  });

  it('issues bsk_ + 44 characters, with the checksum, working in X-API-Key as the seed sends it', async () => {
    const created = await createKey(t.app, auth, { name: 'banks', scopes: ['banks:read', 'verify:read'] });
    expect(created.key).toMatch(/^bsk_[0-9A-Za-z]{44}$/);
    expect(created.body).toMatchObject({ environment: 'live', prefix: created.key.slice(0, 8) });
    const me = await call(t.app, 'GET', '/v1/me', { headers: { 'x-api-key': created.key, 'content-type': 'application/json' } });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().data).toMatchObject({ environment: 'live' });
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { apiKey: mistype(created.key) } }), 401, 'invalid_key');

    const test = await createKey(t.app, auth, { name: 'sandbox', scopes: [], environment: 'test' });
    expect(test.key).toMatch(/^bsk_[0-9A-Za-z]{44}$/);
    expect(test.body.environment).toBe('test');
    const rotated = (await call(t.app, 'POST', `/v1/keys/${test.id}/rotate`, { auth })).json().data;
    expect(rotated.key).toMatch(/^bsk_[0-9A-Za-z]{44}$/);
    expect(rotated.environment).toBe('test');
  });

  it('the secret-scanner regex (OpenAPI and README) finds flat keys; the README gives both layouts', async () => {
    const { key } = await createKey(t.app, auth, { name: 'scanned', scopes: [] });
    const description: string = (await call(t.app, 'GET', '/openapi.json')).json().info.description;
    const printed = /API keys match `([^`]+)`/.exec(description)![1]!;
    expect(printed).toBe('\\bbsk_[0-9A-Za-z]{44}\\b');
    expect(`BANKSYNC_KEY=${key}\n`.match(new RegExp(printed, 'g'))).toEqual([key]);
    expect(readme).toContain('\\b{prefix}_{type_}[0-9A-Za-z]{44}\\b');
    expect(readme).toContain('\\b{prefix}_(?:live|test)_{type_}[0-9A-Za-z]{38}\\b');
  });

  it('the stored environment decides: a flat test key is refused by a live-only deployment, a live one works there', async () => {
    const live = await createKey(t.app, auth, { name: 'live', scopes: ['verify:read'] });
    const test = await createKey(t.app, auth, { name: 'test', scopes: [], environment: 'test' });
    const production = await deployment({ ...settings, WARDEN_KEY_ENVIRONMENTS: 'live' });
    expect((await call(production, 'GET', '/v1/me', { auth: { apiKey: live.key } })).statusCode).toBe(200);
    expectProblem(await call(production, 'GET', '/v1/me', { auth: { apiKey: test.key } }), 403, 'environment_forbidden');
    expectProblem(await call(production, 'GET', '/v1/me', { auth: { bearer: test.key } }), 403, 'environment_forbidden');
    const verdict = await call(production, 'POST', '/v1/verify', { auth: { apiKey: live.key }, body: { key: test.key } });
    expect(verdict.json().data).toMatchObject({ valid: false, code: 'environment_forbidden', environment: 'test' });
  });

  it('keys issued before a change of WARDEN_KEY_FORMAT keep working, both ways', async () => {
    const flat = await createKey(t.app, auth, { name: 'flat', scopes: [] });
    const envDeployment = await deployment({ WARDEN_KEY_PREFIX: 'bsk', WARDEN_SCOPE_RESOURCES: 'banks' });
    const owner = await registerOwner(envDeployment);
    const envKey = (await call(envDeployment, 'POST', '/v1/keys', { auth: { bearer: owner.session }, body: { name: 'env', scopes: [] } })).json().data.key;
    expect(envKey).toMatch(/^bsk_live_[0-9A-Za-z]{38}$/);
    expect((await call(envDeployment, 'GET', '/v1/me', { auth: { apiKey: flat.key } })).statusCode).toBe(200);
    expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: envKey } })).statusCode).toBe(200);
  });
});
