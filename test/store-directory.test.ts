import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Owner, type TestApp } from './helpers/test-app.js';

/**
 * Regression (issue 12 §1): on the default store — PGlite in a data directory — live events never
 * arrived. `openDatabase` returned a copy of the database object, the app set its audit sink on
 * the copy, and transactions read it from the original. Every test then ran on in-memory PGlite.
 */
describe.skipIf(STORE_KIND !== 'pglite')('PGlite in a data directory (the default ./data)', () => {
  let t: TestApp;
  let owner: Owner;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ pgliteDirectory: true, env: { WARDEN_SSE_HEARTBEAT_SECONDS: '1' } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    owner = await registerOwner(t.app);
  });
  afterAll(() => t.close());

  it('delivers a committed change to an open live stream', async () => {
    const reader = await createKey(t.app, { bearer: owner.session }, { name: 'reader', scopes: ['events:read', 'api-keys:write'] });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 8_000);
    try {
      const response = await fetch(`${base}/v1/events/stream?type=key.created`, { headers: { 'x-api-key': reader.key }, signal: controller.signal });
      expect(response.status).toBe(200);
      const reader$ = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const created = await createKey(t.app, { apiKey: reader.key }, { name: 'made while watching', scopes: ['events:read'] });
      while (!text.includes(created.id)) {
        const { value, done } = await reader$.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      expect(text).toContain('event: key.created');
      expect(text).toContain(`"id":"${created.id}"`);
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  });

  it('keeps audit rows across a flush, readable through /v1/events', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'k', scopes: ['events:read'] });
    await call(t.app, 'GET', '/v1/me', { auth: { apiKey: key.key } });
    await t.app.warden.flush();
    const events = await call(t.app, 'GET', `/v1/events?api_key_id=${key.id}`, { auth: { apiKey: key.key } });
    expect(events.statusCode).toBe(200);
    expect(events.json().data.length).toBeGreaterThan(0);
  });
});
