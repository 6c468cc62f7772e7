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

  it('sends no-store on a refusal as well', async () => {
    const response = await call(t.app, 'GET', '/v1/me');
    expect(response.statusCode).toBe(401);
    expect(response.headers['cache-control']).toBe('no-store');
  });
});
