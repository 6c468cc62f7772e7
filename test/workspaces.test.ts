import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem } from './helpers/assertions.js';

describe(`workspaces, members and invitations (${STORE_KIND})`, () => {
  let t: TestApp;
  let alice: Owner;
  let bob: Owner;
  let carol: Owner;
  const outbox = mkdtempSync(join(tmpdir(), 'warden-invites-'));
  const lastToken = (): string => {
    const files = readdirSync(outbox).sort();
    return /inv_[0-9A-Za-z]{32}/.exec(readFileSync(join(outbox, files.at(-1)!), 'utf8'))![0];
  };
  const as = (owner: Owner, workspaceId?: string): { auth: { bearer: string }; headers: Record<string, string> } => ({
    auth: { bearer: owner.session },
    headers: workspaceId ? { 'x-workspace-id': workspaceId } : {},
  });

  beforeAll(async () => {
    t = await createTestApp({ env: { WARDEN_OUTBOX_DIR: outbox } });
    [alice, bob, carol] = [await registerOwner(t.app), await registerOwner(t.app), await registerOwner(t.app)];
  });
  afterAll(async () => t.close());

  it('a user with several workspaces must pick one with X-Workspace-ID', async () => {
    const created = await call(t.app, 'POST', '/v1/workspaces', { ...as(alice), body: { name: 'Second' } });
    expect(created.statusCode).toBe(201);
    const second = created.json().data;
    expect(second).toMatchObject({ name: 'Second', role: 'owner' });
    const list = (await call(t.app, 'GET', '/v1/workspaces', as(alice))).json().data;
    expect(list.map((w: { id: string }) => w.id)).toEqual([alice.workspaceId, second.id]);
    expectProblem(await call(t.app, 'GET', '/v1/me', as(alice)), 400, 'workspace_required');
    expect((await call(t.app, 'GET', '/v1/me', as(alice, second.id))).json().data.workspace_id).toBe(second.id);
    expectProblem(await call(t.app, 'GET', '/v1/me', as(alice, bob.workspaceId)), 403, 'workspace_forbidden');
    // User-level routes do not need a workspace.
    expect((await call(t.app, 'GET', '/v1/sessions', as(alice))).statusCode).toBe(200);
  });

  it('invites by e-mail; only the invited address can accept, once', async () => {
    const invited = await call(t.app, 'POST', `/v1/workspaces/${alice.workspaceId}/invitations`, { ...as(alice, alice.workspaceId), body: { email: bob.email, role: 'developer' } });
    expect(invited.statusCode).toBe(201);
    expect(invited.json().data).toMatchObject({ email: bob.email, role: 'developer' });
    expect(invited.body).not.toMatch(/inv_[0-9A-Za-z]{32}/); // the token travels by mail only
    const token = lastToken();
    expectProblem(await call(t.app, 'POST', '/v1/invitations/accept', { ...as(carol), body: { token } }), 400, 'invitation_invalid');
    const accepted = await call(t.app, 'POST', '/v1/invitations/accept', { ...as(bob, bob.workspaceId), body: { token } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().data).toMatchObject({ id: alice.workspaceId, role: 'developer' });
    expectProblem(await call(t.app, 'POST', '/v1/invitations/accept', { ...as(bob, bob.workspaceId), body: { token } }), 400, 'invitation_invalid');
    const me = (await call(t.app, 'GET', '/v1/me', as(bob, alice.workspaceId))).json().data;
    expect(me).toMatchObject({ role: 'developer', workspace_id: alice.workspaceId });
    const members = (await call(t.app, 'GET', `/v1/workspaces/${alice.workspaceId}/members`, as(bob, alice.workspaceId))).json().data;
    expect(members.map((m: { user_id: string; role: string }) => [m.user_id, m.role])).toEqual([[alice.userId, 'owner'], [bob.userId, 'developer']]);
    const audit = await t.db.query('select type from audit_events where workspace_id = $1 and type like $2 order by id', [alice.workspaceId, 'member.%']);
    expect(audit).toEqual([{ type: 'member.invited' }, { type: 'member.added' }]);

    // A login lists every workspace with its role, oldest membership first; with more than one,
    // its audit event goes to the account-level chain.
    const login = await call(t.app, 'POST', '/auth/login', { auth: null, body: { email: bob.email, password: bob.password } });
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json().workspaces).toEqual([
      { id: bob.workspaceId, name: expect.any(String), role: 'owner' },
      { id: alice.workspaceId, name: expect.any(String), role: 'developer' },
    ]);
    const [event] = await t.db.query<{ workspace_id: string | null; target_id: string }>(
      "select workspace_id, target_id from audit_events where type = 'login.succeeded' and actor_id = $1 order by id desc limit 1", [bob.userId]);
    expect(event).toEqual({ workspace_id: null, target_id: expect.stringMatching(/^ses_/) });
    const [stored] = await t.db.query<{ n: number }>('select count(*)::int as n from refresh_tokens where session_id = $1', [event!.target_id]);
    expect(stored!.n).toBe(1);
  });

  it('roles decide who manages members; role changes apply at once', async () => {
    const bobInAlice = as(bob, alice.workspaceId);
    expectProblem(await call(t.app, 'POST', `/v1/workspaces/${alice.workspaceId}/invitations`, { ...bobInAlice, body: { email: carol.email, role: 'viewer' } }), 403, 'insufficient_scope');
    expect((await call(t.app, 'PATCH', `/v1/workspaces/${alice.workspaceId}/members/${bob.userId}`, { ...as(alice, alice.workspaceId), body: { role: 'admin' } })).statusCode).toBe(204);
    expect((await call(t.app, 'GET', '/v1/me', bobInAlice)).json().data.role).toBe('admin');
    // An admin manages members but cannot make owners.
    expectProblem(await call(t.app, 'PATCH', `/v1/workspaces/${alice.workspaceId}/members/${bob.userId}`, { ...bobInAlice, body: { role: 'owner' } }), 403, 'insufficient_scope');
    expectProblem(await call(t.app, 'PATCH', `/v1/workspaces/${alice.workspaceId}/members/${alice.userId}`, { ...bobInAlice, body: { role: 'viewer' } }), 403, 'insufficient_scope');
  });

  it('issue 12: a role is granted only by a credential holding all its scopes (a workspaces:write key makes no admin)', async () => {
    const asOwner = { headers: { authorization: `Bearer ${carol.session}`, 'x-workspace-id': carol.workspaceId } };
    const manager = await createKey(t.app, asOwner, { name: 'members only', scopes: ['workspaces:read', 'workspaces:write'] });
    const asKey = { auth: { apiKey: manager.key } };
    const invite = (role: string) => call(t.app, 'POST', `/v1/workspaces/${carol.workspaceId}/invitations`, { ...asKey, body: { email: alice.email, role } });
    expect(expectProblem(await invite('admin'), 403, 'insufficient_scope').missing_scopes).toEqual(['*:*']);
    expect(expectProblem(await invite('viewer'), 403, 'insufficient_scope').missing_scopes).toEqual(['*:read']);
    const [invited] = await t.db.query<{ n: number }>('select count(*)::int as n from invitations where workspace_id = $1', [carol.workspaceId]);
    expect(invited!.n).toBe(0);

    // Carol (owner) brings Alice in as a viewer; the key can neither promote nor remove her.
    expect((await call(t.app, 'POST', `/v1/workspaces/${carol.workspaceId}/invitations`, { auth: { bearer: carol.session }, headers: { 'x-workspace-id': carol.workspaceId }, body: { email: alice.email, role: 'viewer' } })).statusCode).toBe(201);
    expect((await call(t.app, 'POST', '/v1/invitations/accept', { ...as(alice, alice.workspaceId), body: { token: lastToken() } })).statusCode).toBe(200);
    const promote = await call(t.app, 'PATCH', `/v1/workspaces/${carol.workspaceId}/members/${alice.userId}`, { ...asKey, body: { role: 'admin' } });
    expect(expectProblem(promote, 403, 'insufficient_scope').missing_scopes).toEqual(['*:read']);
    expectProblem(await call(t.app, 'DELETE', `/v1/workspaces/${carol.workspaceId}/members/${alice.userId}`, asKey), 403, 'insufficient_scope');
    // So no admin appears who could then make a *:* key.
    expect((await call(t.app, 'GET', '/v1/me', as(alice, carol.workspaceId))).json().data.role).toBe('viewer');
    expectProblem(await call(t.app, 'POST', '/v1/keys', { ...as(alice, carol.workspaceId), body: { name: 'all', scopes: ['*:*'] } }), 403, 'insufficient_scope');

    // A key that holds a role's scopes may grant it: *:read makes viewers, not admins.
    const reader = await createKey(t.app, asOwner, { name: 'reader manager', scopes: ['*:read', 'workspaces:write'] });
    const asReader = { auth: { apiKey: reader.key } };
    expect(expectProblem(await call(t.app, 'PATCH', `/v1/workspaces/${carol.workspaceId}/members/${alice.userId}`, { ...asReader, body: { role: 'admin' } }), 403, 'insufficient_scope').missing_scopes).toEqual(['*:*']);
    expect((await call(t.app, 'POST', `/v1/workspaces/${carol.workspaceId}/invitations`, { ...asReader, body: { email: 'someone@example.com', role: 'viewer' } })).statusCode).toBe(201);
    // An admin (*:*) still makes admins.
    const wide = await createKey(t.app, asOwner, { name: 'all', scopes: ['*:*'] });
    expect((await call(t.app, 'PATCH', `/v1/workspaces/${carol.workspaceId}/members/${alice.userId}`, { auth: { apiKey: wide.key }, body: { role: 'admin' } })).statusCode).toBe(204);
    expect((await call(t.app, 'DELETE', `/v1/workspaces/${carol.workspaceId}/members/${alice.userId}`, { auth: { apiKey: wide.key } })).statusCode).toBe(204);
  });

  it('the last owner can neither step down nor leave', async () => {
    const aliceHere = as(alice, alice.workspaceId);
    expectProblem(await call(t.app, 'PATCH', `/v1/workspaces/${alice.workspaceId}/members/${alice.userId}`, { ...aliceHere, body: { role: 'admin' } }), 409, 'last_owner');
    expectProblem(await call(t.app, 'DELETE', `/v1/workspaces/${alice.workspaceId}/members/${alice.userId}`, aliceHere), 409, 'last_owner');
  });

  it('removing a member refuses their session in that workspace at once', async () => {
    expect((await call(t.app, 'GET', '/v1/me', as(bob, alice.workspaceId))).statusCode).toBe(200);
    expect((await call(t.app, 'DELETE', `/v1/workspaces/${alice.workspaceId}/members/${bob.userId}`, as(alice, alice.workspaceId))).statusCode).toBe(204);
    expectProblem(await call(t.app, 'GET', '/v1/me', as(bob, alice.workspaceId)), 403, 'workspace_forbidden');
    expect((await call(t.app, 'GET', '/v1/me', as(bob))).statusCode).toBe(200); // back to one workspace
    expectProblem(await call(t.app, 'DELETE', `/v1/workspaces/${alice.workspaceId}/members/${bob.userId}`, as(alice, alice.workspaceId)), 404, 'not_found');
  });

  it('lists pending invitations (never the token) and cancels one: its token stops working', async () => {
    const dave = await registerOwner(t.app);
    const daveHere = as(dave, dave.workspaceId);
    const path = `/v1/workspaces/${dave.workspaceId}/invitations`;
    expect((await call(t.app, 'GET', path, daveHere)).json()).toEqual({ data: [] });
    const first = (await call(t.app, 'POST', path, { ...daveHere, body: { email: 'First@Example.com', role: 'viewer' } })).json().data;
    const second = (await call(t.app, 'POST', path, { ...daveHere, body: { email: carol.email, role: 'developer' } })).json().data;
    const secondToken = lastToken();
    const expired = (await call(t.app, 'POST', path, { ...daveHere, body: { email: 'late@example.com', role: 'viewer' } })).json().data;
    await t.db.query("update invitations set expires_at = created_at - interval '1 second' where id = $1", [expired.id]);

    const listed = await call(t.app, 'GET', path, daveHere);
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toMatch(/inv_[0-9A-Za-z]{32}|token/);
    expect(listed.json().data).toEqual([
      { id: second.id, email: carol.email.toLowerCase(), role: 'developer', invited_by: dave.userId, created_at: expect.any(String), expires_at: second.expires_at },
      { id: first.id, email: 'first@example.com', role: 'viewer', invited_by: dave.userId, created_at: expect.any(String), expires_at: first.expires_at },
    ]);
    // Other workspaces' credentials see nothing of it.
    expectProblem(await call(t.app, 'GET', path, as(bob, bob.workspaceId)), 403, 'workspace_forbidden');

    // Cancel: 204, audited, gone from the list, the token refused; a second cancel is 404.
    expect((await call(t.app, 'DELETE', `${path}/${second.id}`, daveHere)).statusCode).toBe(204);
    expect((await call(t.app, 'GET', path, daveHere)).json().data.map((i: { id: string }) => i.id)).toEqual([first.id]);
    expectProblem(await call(t.app, 'POST', '/v1/invitations/accept', { ...as(carol, carol.workspaceId), body: { token: secondToken } }), 400, 'invitation_invalid');
    expectProblem(await call(t.app, 'DELETE', `${path}/${second.id}`, daveHere), 404, 'not_found');
    expectProblem(await call(t.app, 'DELETE', `/v1/workspaces/${bob.workspaceId}/invitations/${first.id}`, as(bob, bob.workspaceId)), 404, 'not_found');
    const audit = await t.db.query('select type, target_id, data from audit_events where workspace_id = $1 and type = $2', [dave.workspaceId, 'member.invitation_cancelled']);
    expect(audit).toEqual([{ type: 'member.invitation_cancelled', target_id: second.id, data: { email: carol.email.toLowerCase(), role: 'developer' } }]);

    // A key cancels only invitations to roles it could grant (a viewer needs *:read).
    const reader = await createKey(t.app, { headers: { authorization: `Bearer ${dave.session}`, 'x-workspace-id': dave.workspaceId } }, { name: 'r', scopes: ['workspaces:read', 'workspaces:write'] });
    expect((await call(t.app, 'GET', path, { auth: { apiKey: reader.key } })).statusCode).toBe(200);
    expectProblem(await call(t.app, 'DELETE', `${path}/${first.id}`, { auth: { apiKey: reader.key } }), 403, 'insufficient_scope');
  });

  it('API keys see their own workspace and need workspaces scopes', async () => {
    const reader = await createKey(t.app, { headers: { authorization: `Bearer ${alice.session}`, 'x-workspace-id': alice.workspaceId } }, { name: 'r', scopes: ['workspaces:read'] });
    const keys = { apiKey: reader.key };
    expect((await call(t.app, 'GET', '/v1/workspaces', { auth: keys })).json().data).toEqual([{ id: alice.workspaceId, name: expect.any(String), role: null }]);
    expect((await call(t.app, 'GET', `/v1/workspaces/${alice.workspaceId}/members`, { auth: keys })).statusCode).toBe(200);
    expectProblem(await call(t.app, 'GET', `/v1/workspaces/${bob.workspaceId}/members`, { auth: keys }), 403, 'workspace_forbidden');
    expectProblem(await call(t.app, 'POST', `/v1/workspaces/${alice.workspaceId}/invitations`, { auth: keys, body: { email: 'x@y.z', role: 'viewer' } }), 403, 'insufficient_scope');
    expectProblem(await call(t.app, 'POST', '/v1/workspaces', { auth: keys, body: { name: 'nope' } }), 403, 'session_required');
  });
});
