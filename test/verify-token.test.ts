import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem } from './helpers/assertions.js';

describe(`POST /v1/verify with a bearer token (${STORE_KIND})`, () => {
  let t: TestApp;
  let owner: Owner;
  let verifier: string;
  const verify = (body: Record<string, unknown>) => call(t.app, 'POST', '/v1/verify', { auth: { apiKey: verifier }, body });

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerOwner(t.app);
    verifier = (await createKey(t.app, { bearer: owner.session }, { name: 'resource server', scopes: ['verify:read'] })).key;
  });
  afterAll(async () => t.close());

  it('reports a member\'s access token and session token as valid, with the principal', async () => {
    const login = (await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } })).json();
    for (const token of [login.access_token, login.token]) {
      const response = await verify({ token, required_scopes: ['api-keys:read'] });
      expect(response.statusCode).toBe(200);
      expect(response.json().data).toMatchObject({
        valid: true,
        principal: { type: 'user', id: owner.userId },
        workspace_id: owner.workspaceId,
        environment: null,
        scopes: ['*:*'],
        session_id: expect.stringMatching(/^ses_/),
      });
    }
    expect((await call(t.app, 'POST', '/auth/logout', { auth: { bearer: login.token } })).statusCode).toBe(204);
    expect((await verify({ token: login.access_token })).json().data).toEqual({ valid: false, code: 'invalid_token' });
  });

  it('answers invalid_token for garbage, a tampered JWT and a user of another workspace', async () => {
    const stranger = await registerOwner(t.app);
    const login = (await call(t.app, 'POST', '/auth/login', { body: { email: stranger.email, password: stranger.password } })).json();
    const [h, p, sig] = login.access_token.split('.');
    for (const token of ['garbage', `${h}.${p}x.${sig}`, login.access_token, stranger.session]) {
      const response = await verify({ token });
      expect(response.statusCode).toBe(200);
      expect(response.json().data).toEqual({ valid: false, code: 'invalid_token' });
    }
  });

  it('wants exactly one of key and token', async () => {
    expectProblem(await verify({}), 400, 'validation_failed');
    expectProblem(await verify({ key: verifier, token: owner.session }), 400, 'validation_failed');
  });
});
