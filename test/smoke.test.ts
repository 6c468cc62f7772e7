import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type TestApp } from './helpers/test-app.js';

describe(`smoke on ${STORE_KIND}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('registers, creates a key and uses it', async () => {
    const owner = await registerOwner(t.app);
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'k', scopes: ['api-keys:read'] });
    const me = await call(t.app, 'GET', '/v1/me', { auth: { apiKey: key.key } });
    expect(me.statusCode).toBe(200);
    expect(me.json().data.principal).toEqual({ type: 'api_key', id: key.id });
  });
});
