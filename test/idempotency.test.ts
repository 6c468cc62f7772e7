import { randomBytes, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type TestApp } from './helpers/test-app.js';
import { expectProblem, sha256 } from './helpers/assertions.js';
import { ManualClock } from '../src/lib/clock.js';

const idem = (key: string): Record<string, string> => ({ 'idempotency-key': key });
const newKey = (): string => `idem-${randomBytes(8).toString('hex')}`;

describe(`Idempotency-Key on credential creation (${STORE_KIND})`, () => {
  let t: TestApp;
  let admin: { apiKey: string };
  let other: { apiKey: string };
  const clock = new ManualClock(Date.parse('2026-03-01T10:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ clock, env: { WARDEN_SECRET_KEY: randomBytes(32).toString('hex'), WARDEN_SCOPE_RESOURCES: 'deals' } });
    const owner = await registerOwner(t.app);
    admin = { apiKey: (await createKey(t.app, { bearer: owner.session }, { name: 'admin', scopes: ['*:*'] })).key };
    other = { apiKey: (await createKey(t.app, { bearer: owner.session }, { name: 'other', scopes: ['*:*'] })).key };
  });
  afterAll(async () => t?.close());

  it('the same key and body within 24 h answer the first answer: one key minted, the same secret, marked replayed', async () => {
    const key = newKey();
    const body = { name: 'billing', scopes: ['deals:read'], metadata: { a: 1, b: 2 } };
    const first = await call(t.app, 'POST', '/v1/keys', { auth: admin, body, headers: idem(key) });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // Same body, keys in another order: the same request.
    const again = await call(t.app, 'POST', '/v1/keys', { auth: admin, body: { metadata: { b: 2, a: 1 }, scopes: ['deals:read'], name: 'billing' }, headers: idem(key) });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.json()).toEqual(first.json());
    const list = await call(t.app, 'GET', '/v1/keys?limit=100', { auth: admin });
    expect(list.json().data.filter((k: { name: string }) => k.name === 'billing')).toHaveLength(1);
  });

  it('stores the answer neither in plaintext nor under the Idempotency-Key itself', async () => {
    const key = newKey();
    const created = await call(t.app, 'POST', '/v1/keys', { auth: admin, body: { name: 'sealed', scopes: ['deals:read'] }, headers: idem(key) });
    const secret = created.json().data.key as string;
    const rows = await t.db.query<{ key_hash: string; response: string }>('select key_hash, response from idempotency_keys');
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(key);
    expect(rows.every((row) => row.response === null || row.response.startsWith('wsb1:'))).toBe(true);
    expect(rows.some((row) => row.key_hash === sha256(key))).toBe(false);
  });

  it('another body with the same key → 422 idempotency_key_reused, and nothing is created', async () => {
    const key = newKey();
    expect((await call(t.app, 'POST', '/v1/keys', { auth: admin, body: { name: 'one', scopes: ['deals:read'] }, headers: idem(key) })).statusCode).toBe(201);
    const reused = await call(t.app, 'POST', '/v1/keys', { auth: admin, body: { name: 'two', scopes: ['deals:read'] }, headers: idem(key) });
    expectProblem(reused, 422, 'idempotency_key_reused');
    const list = await call(t.app, 'GET', '/v1/keys?limit=100', { auth: admin });
    expect(list.json().data.some((k: { name: string }) => k.name === 'two')).toBe(false);
    // The same key on another route is a reuse as well.
    expectProblem(await call(t.app, 'POST', '/v1/oauth-clients', { auth: admin, body: { name: 'one', scopes: ['deals:read'] }, headers: idem(key) }), 422, 'idempotency_key_reused');
  });

  it('the same key from another credential is another key', async () => {
    const key = newKey();
    const body = { name: 'per-caller', scopes: ['deals:read'] };
    const mine = await call(t.app, 'POST', '/v1/keys', { auth: admin, body, headers: idem(key) });
    const theirs = await call(t.app, 'POST', '/v1/keys', { auth: other, body, headers: idem(key) });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().data.id).not.toBe(mine.json().data.id);
  });

  it('a failed first request keeps nothing: the same key works once the request is right', async () => {
    const key = newKey();
    const bad = await call(t.app, 'POST', '/v1/keys', { auth: admin, body: { name: 'x', scopes: ['nope'] }, headers: idem(key) });
    expect(bad.statusCode).toBe(400);
    const retried = await call(t.app, 'POST', '/v1/keys', { auth: admin, body: { name: 'x', scopes: ['nope'] }, headers: idem(key) });
    expect(retried.statusCode).toBe(400);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
  });

  it('after 24 h the key is free again (a new key is minted)', async () => {
    const key = newKey();
    const body = { name: 'day-old', scopes: ['deals:read'] };
    const first = await call(t.app, 'POST', '/v1/keys', { auth: admin, body, headers: idem(key) });
    clock.advanceSeconds(24 * 3600 + 1);
    const later = await call(t.app, 'POST', '/v1/keys', { auth: admin, body, headers: idem(key) });
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(later.json().data.id).not.toBe(first.json().data.id);
  });

  it('while the first request runs, the same key is 409 idempotency_key_in_progress; a first request that died is taken over after 60 s', async () => {
    const service = t.app.warden.idempotency;
    const request = { caller: 'api_key:key_x:wsp_x', key: newKey(), operation: 'keys.create', body: { name: 'n' } };
    const first = await service.begin(request);
    expect(first.kind).toBe('first');
    await expect(service.begin(request)).rejects.toMatchObject({ code: 'idempotency_key_in_progress', status: 409 });
    clock.advanceSeconds(61);
    const takeover = await service.begin(request);
    expect(takeover.kind).toBe('first');
    if (takeover.kind !== 'first') return;
    await takeover.complete({ statusCode: 201, headers: {}, payload: '{"data":{"id":"key_y"}}' });
    const replay = await service.begin(request);
    expect(replay).toEqual({ kind: 'replay', answer: { statusCode: 201, headers: {}, payload: '{"data":{"id":"key_y"}}' } });
    // Without the Idempotency-Key itself, the stored answer does not open.
    await expect(service.begin({ ...request, key: `${request.key}x` })).resolves.toMatchObject({ kind: 'first' });
  });

  it('OAuth clients and agents: the first answer again (one client secret), the header validated', async () => {
    const key = newKey();
    const body = { name: 'erp', scopes: ['deals:read'] };
    const first = await call(t.app, 'POST', '/v1/oauth-clients', { auth: admin, body, headers: idem(key) });
    expect(first.statusCode).toBe(201);
    const again = await call(t.app, 'POST', '/v1/oauth-clients', { auth: admin, body, headers: idem(key) });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().data.client_secret).toBe(first.json().data.client_secret);

    const { publicKey } = generateKeyPairSync('ed25519');
    const agent = { name: 'bot', scopes: ['deals:read'], public_key: publicKey.export({ format: 'jwk' }) };
    const agentKey = newKey();
    const a1 = await call(t.app, 'POST', '/v1/agents', { auth: admin, body: agent, headers: idem(agentKey) });
    const a2 = await call(t.app, 'POST', '/v1/agents', { auth: admin, body: agent, headers: idem(agentKey) });
    expect(a1.statusCode).toBe(201);
    expect(a2.json().data.id).toBe(a1.json().data.id);

    const tooLong = await call(t.app, 'POST', '/v1/keys', { auth: admin, body, headers: idem('x'.repeat(256)) });
    expectProblem(tooLong, 400, 'validation_failed');
  });
});
