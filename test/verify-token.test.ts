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

  it('names the grant of an exchanged-key token in grant_id (session_id keeps its old value); a user session has none', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'exchanged', scopes: ['api-keys:read'] });
    const exchanged = (await call(t.app, 'POST', '/auth/login', { body: { api_key: key.key } })).json();
    const data = (await verify({ token: exchanged.access_token })).json().data;
    expect(data).toMatchObject({ valid: true, principal: { type: 'api_key', id: key.id }, grant_id: expect.stringMatching(/^grt_/) });
    expect(data.session_id).toBe(data.grant_id);
    const login = (await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } })).json();
    expect((await verify({ token: login.access_token })).json().data).not.toHaveProperty('grant_id');
  });

  it('wants exactly one of key and token', async () => {
    expectProblem(await verify({}), 400, 'validation_failed');
    expectProblem(await verify({ key: verifier, token: owner.session }), 400, 'validation_failed');
  });
});
