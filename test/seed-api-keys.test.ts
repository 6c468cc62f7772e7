import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type TestApp } from './helpers/test-app.js';

/**
 * Seed 004 (Sly) reads `key`, `id` and `warning` at the top level of `POST /v1/api-keys`'s answer;
 * seed 000 (Banklyze) reads `{data: …}` from `/v1/keys`. Regression (issue 12 §4): Warden answered
 * `{data: …}` on both paths, so seed 004's example did not work as written.
 */
describe(`WARDEN_API_KEYS_ENVELOPE=bare: seed 004 on /v1/api-keys, seed 000 on /v1/keys (${STORE_KIND})`, () => {
  let t: TestApp;
  let existing: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { WARDEN_API_KEYS_ENVELOPE: 'bare', WARDEN_SCOPE_RESOURCES: 'accounts,transfers,webhooks' } });
    const owner = await registerOwner(t.app);
    existing = (await createKey(t.app, { bearer: owner.session }, { name: 'bootstrap', scopes: ['*:*'] })).key;
  });
  afterAll(() => t.close());

  it('the seed\'s create request answers id, name, environment, scopes, key and warning at the top level', async () => {
    const created = await call(t.app, 'POST', '/v1/api-keys', {
      headers: { authorization: `Bearer ${existing}`, 'content-type': 'application/json' },
      body: { name: 'production-payments-server', environment: 'live', scopes: ['accounts:*', 'transfers:*', 'webhooks:read'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const answer = created.json();
    expect(answer).toMatchObject({
      id: expect.stringMatching(/^key_/),
      name: 'production-payments-server',
      environment: 'live',
      scopes: ['accounts:*', 'transfers:*', 'webhooks:read'],
      key: expect.stringMatching(/^wk_live_/),
      warning: 'SAVE THIS KEY NOW — it will never be shown again',
    });
    expect(answer).not.toHaveProperty('data');
    expect(created.headers.location).toBe(`/v1/api-keys/${answer.id}`);
    // "Send a request": the new key works.
    expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: answer.key } })).statusCode).toBe(200);

    // The seed's revoke, and the other one-key answers, are bare too; a list keeps its cursor.
    const got = (await call(t.app, 'GET', `/v1/api-keys/${answer.id}`, { auth: { bearer: existing } })).json();
    expect(got).toMatchObject({ id: answer.id, name: 'production-payments-server' });
    expect(got).not.toHaveProperty('key');
    const rotated = (await call(t.app, 'POST', `/v1/api-keys/${answer.id}/rotate`, { auth: { bearer: existing } })).json();
    expect(rotated).toMatchObject({ id: answer.id, key: expect.any(String), warning: expect.any(String) });
    const revoked = await call(t.app, 'DELETE', `/v1/api-keys/${answer.id}`, { auth: { bearer: existing } });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id: answer.id, revoked_at: expect.any(String) });
    const list = (await call(t.app, 'GET', '/v1/api-keys', { auth: { bearer: existing } })).json();
    expect(list).toMatchObject({ data: expect.any(Array), next_cursor: null });
    // Errors keep their problem+json shape.
    expect((await call(t.app, 'GET', '/v1/api-keys/key_nope', { auth: { bearer: existing } })).json()).toMatchObject({ code: 'not_found' });
  });

  it('/v1/keys keeps seed 000\'s {data: …}', async () => {
    const created = await call(t.app, 'POST', '/v1/keys', { auth: { bearer: existing }, body: { name: 'Production Server', scopes: ['accounts:read'] } });
    expect(created.statusCode).toBe(201);
    expect(created.json().data).toMatchObject({ name: 'Production Server', key: expect.any(String), prefix: expect.any(String) });
  });

  it('by default (data) /v1/api-keys answers {data: …} as before', async () => {
    const defaults = await createTestApp();
    try {
      const owner = await registerOwner(defaults.app);
      const created = await call(defaults.app, 'POST', '/v1/api-keys', { auth: { bearer: owner.session }, body: { name: 'x', scopes: [] } });
      expect(created.statusCode).toBe(201);
      expect(created.json().data).toMatchObject({ name: 'x', key: expect.any(String), warning: expect.any(String) });
    } finally {
      await defaults.close();
    }
  });
});
