import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type TestApp } from './helpers/test-app.js';
import { expectProblem, fieldsOf, sha256 } from './helpers/assertions.js';

const PASSWORD = 'correct horse battery staple';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
let counter = 0;
const freshEmail = (tag: string): string => `${tag}-${++counter}-${Math.random().toString(36).slice(2, 8)}@example.com`;

async function countUsers(t: TestApp, email?: string): Promise<number> {
  const rows = email
    ? await t.db.query<{ n: number }>('select count(*)::int as n from users where email_normalized = $1', [email.trim().toLowerCase()])
    : await t.db.query<{ n: number }>('select count(*)::int as n from users');
  return rows[0]!.n;
}

describe(`accounts: register, login, logout (${STORE_KIND})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  describe('POST /auth/register', () => {
    it('creates a user and a workspace the user owns (201)', async () => {
      const email = freshEmail('ada');
      const response = await call(t.app, 'POST', '/auth/register', { body: { email, password: PASSWORD, name: 'Ada', workspace_name: 'Ada Ltd' } });
      expect(response.statusCode, response.body).toBe(201);
      const body = response.json();
      expect(body).toEqual({
        user: { id: expect.stringMatching(/^usr_[0-9A-Za-z]{22}$/), email, name: 'Ada', created_at: expect.stringMatching(ISO) },
        workspace: { id: expect.stringMatching(/^wsp_[0-9A-Za-z]{22}$/), name: 'Ada Ltd', role: 'owner' },
      });
      const membership = await t.db.query('select role from memberships where user_id = $1 and workspace_id = $2', [body.user.id, body.workspace.id]);
      expect(membership).toEqual([{ role: 'owner' }]);
    });

    it('defaults name to null and names the workspace after the e-mail', async () => {
      const email = freshEmail('plain');
      const body = (await call(t.app, 'POST', '/auth/register', { body: { email, password: PASSWORD } })).json();
      expect(body.user.name).toBeNull();
      expect(body.workspace).toMatchObject({ name: `${email}'s workspace`, role: 'owner' });
    });

    it('stores an argon2id hash with m=19456,t=2,p=1, never the password', async () => {
      const email = freshEmail('hash');
      const id = (await call(t.app, 'POST', '/auth/register', { body: { email, password: PASSWORD } })).json().user.id;
      const [row] = await t.db.query<{ password_hash: string }>('select password_hash from users where id = $1', [id]);
      expect(row!.password_hash.startsWith('$argon2id$')).toBe(true);
      expect(row!.password_hash).toContain('m=19456,t=2,p=1');
      expect(row!.password_hash).not.toContain(PASSWORD);
    });

    it('writes a user.registered audit row', async () => {
      const body = (await call(t.app, 'POST', '/auth/register', { body: { email: freshEmail('audit'), password: PASSWORD } })).json();
      const rows = await t.db.query('select workspace_id, actor_type, actor_id, target_type, target_id from audit_events where type = $1 and target_id = $2', [
        'user.registered',
        body.user.id,
      ]);
      expect(rows).toEqual([{ workspace_id: body.workspace.id, actor_type: 'user', actor_id: body.user.id, target_type: 'user', target_id: body.user.id }]);
    });

    it('refuses a registered e-mail with 409 email_taken, whatever its case, and writes no second row', async () => {
      const email = freshEmail('dup');
      expect((await call(t.app, 'POST', '/auth/register', { body: { email, password: PASSWORD } })).statusCode).toBe(201);
      expectProblem(await call(t.app, 'POST', '/auth/register', { body: { email, password: 'another password 1' } }), 409, 'email_taken');
      expectProblem(await call(t.app, 'POST', '/auth/register', { body: { email: email.toUpperCase(), password: PASSWORD } }), 409, 'email_taken');
      expect(await countUsers(t, email)).toBe(1);
      // The failed attempts left no workspace behind either.
      const [ws] = await t.db.query<{ n: number }>('select count(*)::int as n from workspaces where name like $1', [`%${email.split('@')[0]}%`]);
      expect(ws!.n).toBe(1);
    });

    it('refuses a registered e-mail with surrounding spaces with 409 email_taken too', async () => {
      const email = freshEmail('spaces');
      expect((await call(t.app, 'POST', '/auth/register', { body: { email, password: PASSWORD } })).statusCode).toBe(201);
      const response = await call(t.app, 'POST', '/auth/register', { body: { email: `  ${email.toUpperCase()} `, password: PASSWORD } });
      expect(await countUsers(t, email)).toBe(1);
      expectProblem(response, 409, 'email_taken');
    });

    it('requires 8 to 128 password characters (400 validation_failed naming password)', async () => {
      const short = expectProblem(await call(t.app, 'POST', '/auth/register', { body: { email: freshEmail('short'), password: 'x'.repeat(7) } }), 400, 'validation_failed');
      expect(fieldsOf(short)).toEqual(['password']);
      const long = expectProblem(await call(t.app, 'POST', '/auth/register', { body: { email: freshEmail('long'), password: 'x'.repeat(129) } }), 400, 'validation_failed');
      expect(fieldsOf(long)).toEqual(['password']);
      expect((await call(t.app, 'POST', '/auth/register', { body: { email: freshEmail('min'), password: 'k3#vQ9!z' } })).statusCode).toBe(201);
      expect((await call(t.app, 'POST', '/auth/register', { body: { email: freshEmail('max'), password: 'Ab3$'.repeat(32) } })).statusCode).toBe(201);
    });

    it('rejects a malformed e-mail with 400 validation_failed naming email', async () => {
      for (const email of ['not-an-email', 'a@', '@example.com', 'a b@example.com', 'a@b@c']) {
        const body = expectProblem(await call(t.app, 'POST', '/auth/register', { body: { email, password: PASSWORD } }), 400, 'validation_failed');
        expect([...new Set(fieldsOf(body))], email).toEqual(['email']);
      }
    });

    it('rejects a missing password, unknown fields and a non-JSON body', async () => {
      expect(fieldsOf(expectProblem(await call(t.app, 'POST', '/auth/register', { body: { email: freshEmail('np') } }), 400, 'validation_failed'))).toEqual(['password']);
      expectProblem(await call(t.app, 'POST', '/auth/register', { body: { email: freshEmail('x'), password: PASSWORD, role: 'admin' } }), 400, 'validation_failed');
      expectProblem(
        await call(t.app, 'POST', '/auth/register', { body: '{"email":', headers: { 'content-type': 'application/json' } }),
        400,
        'invalid_json',
      );
    });
  });

  describe('common passwords', () => {
    it.each(['password1', 'Password1', 'QWERTYUIOP', 'iloveyou2'])('refuses %s with 400 naming password, and stores nothing', async (password) => {
      const email = freshEmail('common');
      const response = await call(t.app, 'POST', '/auth/register', { body: { email, password } });
      const body = expectProblem(response, 400, 'validation_failed');
      expect(body.errors).toEqual([{ field: 'password', message: 'is one of the most common passwords; choose another' }]);
      expect(await countUsers(t, email)).toBe(0);
    });
  });

  describe('POST /auth/login', () => {
    let email: string;
    let userId: string;
    let workspaceId: string;
    beforeAll(async () => {
      email = freshEmail('login');
      const registered = (await call(t.app, 'POST', '/auth/register', { body: { email, password: PASSWORD, workspace_name: 'Login Co' } })).json();
      userId = registered.user.id;
      workspaceId = registered.workspace.id;
    });

    it('answers a session token and the user with its workspaces (no-store)', async () => {
      const response = await call(t.app, 'POST', '/auth/login', { body: { email, password: PASSWORD } });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      const body = response.json();
      expect(body).toEqual({
        token: expect.stringMatching(/^sess_[0-9A-Za-z]{32}$/),
        access_token: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/),
        refresh_token: expect.stringMatching(/^rt_[0-9A-Za-z]{32}$/),
        token_type: 'Bearer',
        expires_in: 900,
        session_expires_in: 86400,
        user: { id: userId, email, name: null, created_at: expect.stringMatching(ISO) },
        workspaces: [{ id: workspaceId, name: 'Login Co', role: 'owner' }],
      });
    });

    it('stores only the SHA-256 of the token', async () => {
      const token = (await call(t.app, 'POST', '/auth/login', { body: { email, password: PASSWORD } })).json().token as string;
      const rows = await t.db.query<{ token_hash: string; user_id: string; revoked_at: Date | null }>(
        'select token_hash, user_id, revoked_at from sessions where token_hash = $1',
        [sha256(token)],
      );
      expect(rows).toEqual([{ token_hash: sha256(token), user_id: userId, revoked_at: null }]);
      const dump = await t.db.query<{ row: string }>('select row_to_json(s)::text as row from sessions s where user_id = $1', [userId]);
      expect(dump.length).toBeGreaterThan(0);
      for (const { row } of dump) {
        expect(row).not.toContain(token);
        expect(row).not.toContain(token.slice(5));
      }
    });

    it('logs in with the e-mail in another case and with surrounding spaces', async () => {
      const response = await call(t.app, 'POST', '/auth/login', { body: { email: `  ${email.toUpperCase()} `, password: PASSWORD } });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().user.id).toBe(userId);
    });

    it('answers a wrong password and an unknown e-mail with the same 401 invalid_credentials', async () => {
      // The same X-Request-Id on both, so the problems' request_id match and the bodies can be compared byte for byte.
      const headers = { 'x-request-id': 'login-probe' };
      const wrongPassword = await call(t.app, 'POST', '/auth/login', { body: { email, password: 'wrong password!' }, headers });
      const unknownEmail = await call(t.app, 'POST', '/auth/login', { body: { email: freshEmail('nobody'), password: PASSWORD }, headers });
      expectProblem(wrongPassword, 401, 'invalid_credentials');
      expectProblem(unknownEmail, 401, 'invalid_credentials');
      expect(unknownEmail.body).toBe(wrongPassword.body);
      expect(unknownEmail.headers['www-authenticate']).toBe(wrongPassword.headers['www-authenticate']);
      expect(wrongPassword.json()).not.toHaveProperty('token');
    });

    it('answers an over-long password with invalid_credentials too', async () => {
      expectProblem(await call(t.app, 'POST', '/auth/login', { body: { email, password: 'x'.repeat(200) } }), 401, 'invalid_credentials');
    });

    it('records login.succeeded and login.failed audit rows', async () => {
      const token = (await call(t.app, 'POST', '/auth/login', { body: { email, password: PASSWORD } })).json().token as string;
      const [session] = await t.db.query<{ id: string }>('select id from sessions where token_hash = $1', [sha256(token)]);
      const succeeded = await t.db.query('select workspace_id, actor_type, actor_id, target_type from audit_events where type = $1 and target_id = $2', [
        'login.succeeded',
        session!.id,
      ]);
      expect(succeeded).toEqual([{ workspace_id: workspaceId, actor_type: 'user', actor_id: userId, target_type: 'session' }]);

      const failures = async (): Promise<Record<string, number>> => {
        const rows = await t.db.query<{ key: string; n: number }>(
          `select actor_type || ':' || actor_id || ':' || (data->>'reason') as key, count(*)::int as n
             from audit_events where type = 'login.failed' group by 1`,
        );
        return Object.fromEntries(rows.map((r) => [r.key, r.n]));
      };
      const before = await failures();
      await call(t.app, 'POST', '/auth/login', { body: { email, password: 'wrong password!' } });
      await call(t.app, 'POST', '/auth/login', { body: { email: freshEmail('ghost'), password: PASSWORD } });
      const after = await failures();
      const delta = (key: string): number => (after[key] ?? 0) - (before[key] ?? 0);
      expect(delta(`user:${userId}:wrong_password`)).toBe(1);
      expect(delta('system:anonymous:unknown_email')).toBe(1);
      expect(Object.values(after).reduce((a, b) => a + b, 0) - Object.values(before).reduce((a, b) => a + b, 0)).toBe(2);
    });

    it('gives a session that works on GET /v1/me and may create keys (owner)', async () => {
      const token = (await call(t.app, 'POST', '/auth/login', { body: { email, password: PASSWORD } })).json().token as string;
      const me = await call(t.app, 'GET', '/v1/me', { auth: { bearer: token } });
      expect(me.statusCode).toBe(200);
      expect(me.json().data).toMatchObject({ principal: { type: 'user', id: userId }, workspace_id: workspaceId, role: 'owner' });
      const created = await call(t.app, 'POST', '/v1/keys', { auth: { bearer: token }, body: { name: 'from session', scopes: ['*:*'] } });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().data).toMatchObject({ name: 'from session', scopes: ['*:*'] });
    });

    it('rejects a body without password with 400 validation_failed', async () => {
      expect(fieldsOf(expectProblem(await call(t.app, 'POST', '/auth/login', { body: { email } }), 400, 'validation_failed'))).toEqual(['password']);
    });
  });

  describe('POST /auth/logout', () => {
    it('ends the session (204); the token is refused at once with invalid_token', async () => {
      const owner = await registerOwner(t.app);
      const auth = { bearer: owner.session };
      expect((await call(t.app, 'GET', '/v1/me', { auth })).statusCode).toBe(200);
      const logout = await call(t.app, 'POST', '/auth/logout', { auth });
      expect(logout.statusCode).toBe(204);
      expect(logout.body).toBe('');
      const after = await call(t.app, 'GET', '/v1/me', { auth });
      expectProblem(after, 401, 'invalid_token');
      expect(after.headers['www-authenticate']).toContain('error="invalid_token"');
      expectProblem(await call(t.app, 'POST', '/auth/logout', { auth }), 401, 'invalid_token');

      const [row] = await t.db.query<{ revoked_at: Date | null }>('select revoked_at from sessions where token_hash = $1', [sha256(owner.session)]);
      expect(row!.revoked_at).toBeInstanceOf(Date);
      const audit = await t.db.query('select actor_id from audit_events where type = $1 and actor_id = $2', ['session.revoked', owner.userId]);
      expect(audit).toHaveLength(1);
    });

    it('leaves the user’s other sessions alive', async () => {
      const owner = await registerOwner(t.app);
      const second = (await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } })).json().token as string;
      expect((await call(t.app, 'POST', '/auth/logout', { auth: { bearer: owner.session } })).statusCode).toBe(204);
      expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: second } })).statusCode).toBe(200);
    });

    it('refuses an API key with 403 session_required', async () => {
      const owner = await registerOwner(t.app);
      const key = await createKey(t.app, { bearer: owner.session }, { name: 'k', scopes: ['*:*'] });
      expectProblem(await call(t.app, 'POST', '/auth/logout', { auth: { apiKey: key.key } }), 403, 'session_required');
      expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: key.key } })).statusCode).toBe(200);
    });
  });

  describe('public routes', () => {
    it('answers an unknown route with a 404 not_found problem', async () => {
      const body = expectProblem(await call(t.app, 'GET', '/v1/nothing-here?token=secret'), 404, 'not_found');
      expect(JSON.stringify(body)).not.toContain('secret');
      expectProblem(await call(t.app, 'POST', '/nope'), 404, 'not_found');
    });

    it('GET /healthz → 200 ok', async () => {
      const response = await call(t.app, 'GET', '/healthz');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok' });
    });

    it('GET /readyz → 200 ready with the store kind', async () => {
      const response = await call(t.app, 'GET', '/readyz');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ready', store: STORE_KIND });
    });

    describe('GET /openapi.json', () => {
      let doc: { openapi: string; paths: Record<string, unknown> };
      beforeAll(async () => {
        const response = await call(t.app, 'GET', '/openapi.json');
        expect(response.statusCode).toBe(200);
        doc = response.json();
      });

      it('is OpenAPI 3.1.0', () => {
        expect(doc.openapi).toBe('3.1.0');
      });

      // The documented contract (DESIGN.md) names the collection `/v1/keys`, without a trailing slash.
      it.each(['/v1/keys', '/v1/keys/{id}', '/v1/keys/{id}/rotate', '/v1/api-keys', '/v1/verify', '/v1/me', '/auth/login', '/auth/register', '/auth/logout'])(
        'lists %s',
        (path) => {
          expect(Object.keys(doc.paths)).toContain(path);
        },
      );
    });

    it('GET /docs and /docs/ → 200 HTML', async () => {
      for (const url of ['/docs', '/docs/']) {
        const response = await call(t.app, 'GET', url);
        expect(response.statusCode, url).toBe(200);
        expect(response.headers['content-type']).toMatch(/^text\/html/);
        expect(response.body).toMatch(/<html/i);
      }
    });
  });
});

describe(`registration setting (${STORE_KIND})`, () => {
  describe('WARDEN_REGISTRATION=closed', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { WARDEN_REGISTRATION: 'closed' } });
    });
    afterAll(async () => t?.close());

    it('refuses every registration with 403 registration_disabled', async () => {
      expectProblem(await call(t.app, 'POST', '/auth/register', { body: { email: freshEmail('closed'), password: PASSWORD } }), 403, 'registration_disabled');
      expect(await countUsers(t)).toBe(0);
    });
  });

  describe('WARDEN_REGISTRATION=first_user', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { WARDEN_REGISTRATION: 'first_user' } });
    });
    afterAll(async () => t?.close());

    it('lets the first user register and refuses the second', async () => {
      expect((await call(t.app, 'POST', '/auth/register', { body: { email: freshEmail('first'), password: PASSWORD } })).statusCode).toBe(201);
      expectProblem(await call(t.app, 'POST', '/auth/register', { body: { email: freshEmail('second'), password: PASSWORD } }), 403, 'registration_disabled');
      expect(await countUsers(t)).toBe(1);
    });
  });
});
