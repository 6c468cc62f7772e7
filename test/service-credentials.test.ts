import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceCredentials } from '../src/auth/service-credentials.js';
import { systemClock } from '../src/lib/clock.js';
import { call, createKey, createTestApp, registerOwner, type Owner, type TestApp } from './helpers/test-app.js';

/**
 * Issue 14: a deployment-level service credential (made with the CLI, not by a workspace member)
 * verifies credentials of every workspace at POST /v1/verify; a workspace key keeps seeing only
 * its own. Stored hashed, revocable, its creation, use and revocation in the account-level chain.
 */

let t: TestApp;
let credentials: ServiceCredentials;
let alpha: Owner;
let beta: Owner;
const CONTEXT = { actor: { type: 'system' as const, id: 'cli' }, ip: null, userAgent: 'test', method: null, path: null };

beforeAll(async () => {
  t = await createTestApp({ env: { WARDEN_KEY_PREFIX: 'bk', WARDEN_SCOPE_RESOURCES: 'deals' } });
  credentials = new ServiceCredentials({ db: t.db, clock: systemClock, keyPrefix: 'bk' });
  alpha = await registerOwner(t.app);
  beta = await registerOwner(t.app);
});

afterAll(async () => {
  await t?.close();
});

const verify = (secret: string, body: Record<string, unknown>) => call(t.app, 'POST', '/v1/verify', { auth: { bearer: secret }, body });

describe('service credentials at POST /v1/verify', () => {
  it('verifies keys and tokens of every workspace; a workspace key still sees only its own', async () => {
    const service = await credentials.create('deals-api', CONTEXT);
    expect(service.secret).toMatch(/^bk_service_[0-9A-Za-z]{43}$/);
    const alphaKey = await createKey(t.app, { bearer: alpha.session }, { name: 'a', scopes: ['deals:read'], environment: 'live' });
    const betaKey = await createKey(t.app, { bearer: beta.session }, { name: 'b', scopes: ['deals:read'], environment: 'test' });

    for (const [key, owner] of [[alphaKey, alpha], [betaKey, beta]] as const) {
      const answer = await verify(service.secret, { key: key.key, required_scopes: ['deals:read'] });
      expect(answer.statusCode).toBe(200);
      expect(answer.json().data).toMatchObject({ valid: true, key_id: key.id, workspace_id: owner.workspaceId });
    }
    const token = await verify(service.secret, { token: beta.session, workspace_id: beta.workspaceId });
    expect(token.json().data).toMatchObject({ valid: true, principal: { type: 'user', id: beta.userId }, workspace_id: beta.workspaceId });

    const workspaceVerifier = await createKey(t.app, { bearer: alpha.session }, { name: 'v', scopes: ['verify:read'], environment: 'live' });
    expect((await verify(workspaceVerifier.key, { key: betaKey.key })).json().data).toEqual({ valid: false, code: 'invalid_key' });
    expect((await verify(workspaceVerifier.key, { key: alphaKey.key })).json().data.valid).toBe(true);
  });

  it('a revoked or unknown service credential is refused with 401 invalid_token', async () => {
    const service = await credentials.create('to-revoke', CONTEXT);
    const key = await createKey(t.app, { bearer: alpha.session }, { name: 'r', scopes: ['deals:read'], environment: 'live' });
    expect((await verify(service.secret, { key: key.key })).json().data.valid).toBe(true);
    const revoked = await credentials.revoke(service.id, CONTEXT);
    expect(revoked.revoked_at).not.toBeNull();
    const refused = await verify(service.secret, { key: key.key });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('invalid_token');
    expect(refused.headers['www-authenticate']).toContain('error="invalid_token"');
    expect((await verify(`bk_service_${'x'.repeat(43)}`, { key: key.key })).statusCode).toBe(401);
  });

  it('stores only the hash and records creation, each use and revocation in the account-level chain', async () => {
    const service = await credentials.create('audited', CONTEXT);
    const key = await createKey(t.app, { bearer: alpha.session }, { name: 'x', scopes: ['deals:read'], environment: 'live' });
    await verify(service.secret, { key: key.key });
    await credentials.revoke(service.id, CONTEXT);
    const [stored] = await t.db.query<{ secret_hash: string }>('select secret_hash from service_credentials where id = $1', [service.id]);
    expect(stored!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.secret_hash).not.toContain(service.secret.slice(11));
    const events = await t.db.query<{ type: string; workspace_id: string | null; actor_id: string; path: string | null }>(
      "select type, workspace_id, actor_id, path from audit_events where target_id = $1 order by chain_seq",
      [service.id],
    );
    expect(events).toEqual([
      { type: 'service_credential.created', workspace_id: null, actor_id: 'cli', path: null },
      { type: 'service_credential.used', workspace_id: null, actor_id: service.id, path: '/v1/verify' },
      { type: 'service_credential.revoked', workspace_id: null, actor_id: 'cli', path: null },
    ]);
  });
});

describe('warden service-credentials (compiled CLI, embedded store)', () => {
  it('create prints the secret once; list shows it; revoke ends it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'warden-svc-cli-'));
    const run = (...args: string[]) => spawnSync(process.execPath, [join(process.cwd(), 'dist/cli/main.js'), 'service-credentials', ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, WARDEN_DATA_DIR: dataDir, WARDEN_KEY_PREFIX: 'bk', WARDEN_LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 60_000,
    });
    try {
      const created = run('create', '--name', 'deals-api', '--json');
      expect(created.stderr).toBe('');
      const body = JSON.parse(created.stdout);
      expect(body).toMatchObject({ name: 'deals-api', revoked_at: null });
      expect(body.secret).toMatch(/^bk_service_/);
      const listed = JSON.parse(run('list', '--json').stdout);
      expect(listed).toEqual([{ id: body.id, name: 'deals-api', created_at: body.created_at, revoked_at: null }]);
      expect(JSON.stringify(listed)).not.toContain(body.secret);
      const revoked = JSON.parse(run('revoke', body.id, '--json').stdout);
      expect(revoked.revoked_at).not.toBeNull();
      const missing = run('revoke', 'svc_nope');
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain('No service credential svc_nope');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
