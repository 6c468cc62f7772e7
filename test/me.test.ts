import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type CreatedKey, type Owner, type TestApp } from './helpers/test-app.js';

describe(`GET /v1/me (${STORE_KIND})`, () => {
  let t: TestApp;
  let owner: Owner;
  let liveKey: CreatedKey;
  let testKey: CreatedKey;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerOwner(t.app);
    liveKey = await createKey(t.app, { bearer: owner.session }, { name: 'live', scopes: ['api-keys:read', 'verify:read'] });
    testKey = await createKey(t.app, { bearer: owner.session }, { name: 'test', scopes: ['events:*'], environment: 'test' });
  });
  afterAll(async () => t?.close());

  it('describes an API key: type api_key, its id, workspace, environment and scopes, no role', async () => {
    const response = await call(t.app, 'GET', '/v1/me', { auth: { apiKey: liveKey.key } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({
      data: {
        principal: { type: 'api_key', id: liveKey.id },
        workspace_id: owner.workspaceId,
        environment: 'live',
        scopes: ['api-keys:read', 'verify:read'],
        role: null,
        session_id: null,
      },
    });
  });

  it("reports a test key's environment", async () => {
    const data = (await call(t.app, 'GET', '/v1/me', { auth: { bearer: testKey.key } })).json().data;
    expect(data).toMatchObject({ principal: { type: 'api_key', id: testKey.id }, environment: 'test', scopes: ['events:*'], role: null });
  });

  it('describes a session: type user, the user id, role owner, *:*, its session id, no environment', async () => {
    const response = await call(t.app, 'GET', '/v1/me', { auth: { bearer: owner.session } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const data = response.json().data;
    expect(data).toEqual({
      principal: { type: 'user', id: owner.userId },
      workspace_id: owner.workspaceId,
      environment: null,
      scopes: ['*:*'],
      role: 'owner',
      session_id: expect.stringMatching(/^ses_[0-9A-Za-z]{22}$/),
    });
    expect(owner.userId).toMatch(/^usr_[0-9A-Za-z]{22}$/);
    const rows = await t.db.query<{ id: string; user_id: string }>('select id, user_id from sessions where id = $1', [data.session_id]);
    expect(rows).toEqual([{ id: data.session_id, user_id: owner.userId }]);
  });

  it('accepts the key in X-API-Key and in Authorization: Bearer alike', async () => {
    const viaHeader = await call(t.app, 'GET', '/v1/me', { auth: { apiKey: liveKey.key } });
    const viaBearer = await call(t.app, 'GET', '/v1/me', { auth: { bearer: liveKey.key } });
    expect(viaHeader.statusCode).toBe(200);
    expect(viaBearer.statusCode).toBe(200);
    expect(viaBearer.json()).toEqual(viaHeader.json());
  });

  it('accepts the session token in X-API-Key too', async () => {
    const response = await call(t.app, 'GET', '/v1/me', { auth: { apiKey: owner.session } });
    expect(response.statusCode).toBe(200);
    expect(response.json().data.principal).toEqual({ type: 'user', id: owner.userId });
  });

  it('treats the Bearer scheme name case-insensitively', async () => {
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
      for (const credential of [liveKey.key, owner.session]) {
        const response = await call(t.app, 'GET', '/v1/me', { headers: { authorization: `${scheme} ${credential}` } });
        expect(response.statusCode, `${scheme} ${credential.slice(0, 8)}`).toBe(200);
      }
    }
  });

  it('uses Authorization when both headers are sent', async () => {
    const response = await call(t.app, 'GET', '/v1/me', { headers: { authorization: `Bearer ${testKey.key}`, 'x-api-key': liveKey.key } });
    expect(response.statusCode).toBe(200);
    expect(response.json().data.principal.id).toBe(testKey.id);
  });

  it('picks the workspace named by X-Workspace-ID when it is the session user’s own', async () => {
    const response = await call(t.app, 'GET', '/v1/me', { auth: { bearer: owner.session }, headers: { 'x-workspace-id': owner.workspaceId } });
    expect(response.statusCode).toBe(200);
    expect(response.json().data.workspace_id).toBe(owner.workspaceId);
  });

  it('names the grant of a client, agent or exchanged-key token in grant_id; API keys and sessions have none', async () => {
    const exchanged = (await call(t.app, 'POST', '/auth/login', { body: { api_key: liveKey.key, session_id: 'job-7' } })).json();
    const grantId = decodeJwt(exchanged.access_token).sid;
    expect(grantId).toMatch(/^grt_/);
    const viaGrant = (await call(t.app, 'GET', '/v1/me', { auth: { bearer: exchanged.access_token } })).json().data;
    // session_id stays as it was (clients may read it); grant_id says what the id is.
    expect(viaGrant).toMatchObject({ principal: { type: 'api_key', id: liveKey.id }, grant_id: grantId, session_id: grantId });

    const client = (await call(t.app, 'POST', '/v1/oauth-clients', { auth: { bearer: owner.session }, body: { name: 'me', scopes: ['api-keys:read'] } })).json().data;
    const issued = await call(t.app, 'POST', '/oauth/token', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret }).toString(),
    });
    const clientToken = issued.json().access_token;
    const clientMe = (await call(t.app, 'GET', '/v1/me', { auth: { bearer: clientToken } })).json().data;
    expect(clientMe).toMatchObject({ principal: { type: 'client', id: client.client_id }, grant_id: decodeJwt(clientToken).sid });

    for (const auth of [{ apiKey: liveKey.key }, { bearer: owner.session }]) {
      expect((await call(t.app, 'GET', '/v1/me', { auth })).json().data).not.toHaveProperty('grant_id');
    }
  });

  it('marks session_id deprecated in the OpenAPI document, next to grant_id', async () => {
    const doc = (await call(t.app, 'GET', '/openapi.json')).json();
    const data = doc.paths['/v1/me'].get.responses['200'].content['application/json'].schema.properties.data.properties;
    expect(data.session_id).toMatchObject({ deprecated: true, description: expect.stringContaining('grant_id') });
    expect(data.grant_id).toMatchObject({ type: 'string' });
  });

  it('sends no-store on a refusal as well', async () => {
    const response = await call(t.app, 'GET', '/v1/me');
    expect(response.statusCode).toBe(401);
    expect(response.headers['cache-control']).toBe('no-store');
  });
});
