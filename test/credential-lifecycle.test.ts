import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem } from './helpers/assertions.js';

/**
 * Keys, OAuth clients and agents change through one helper (src/auth/credential-lifecycle.ts).
 * These pin the order of its steps for each kind as it was before the three were merged: where
 * the kind's own check sits relative to the caller's scope check, what a 404 says, and that an
 * idempotent repeat writes no audit row.
 */
describe(`credential lifecycle: the same steps for keys, clients and agents (${STORE_KIND})`, () => {
  let t: TestApp;
  let owner: Owner;
  let admin: { bearer: string };
  /** A credential that may manage all three kinds but holds no `verify:*`. */
  let narrow: { apiKey: string };

  const publicJwk = (): Record<string, string> => generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as Record<string, string>;
  const auditTypes = async (targetId: string): Promise<string[]> =>
    (await t.db.query<{ type: string }>('select type from audit_events where target_id = $1 order by id', [targetId])).map((row) => row.type);

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerOwner(t.app);
    admin = { bearer: owner.session };
    const key = await createKey(t.app, admin, { name: 'narrow', scopes: ['api-keys:*', 'oauth-clients:*', 'agents:*'] });
    narrow = { apiKey: key.key };
  });
  afterAll(async () => t?.close());

  it('answers not_found naming the kind for an id not in the workspace', async () => {
    for (const [path, noun] of [['/v1/keys/key_0000000000000000000000', 'API key'], ['/v1/oauth-clients/cli_0000000000000000000000', 'OAuth client'], ['/v1/agents/agt_0000000000000000000000', 'agent']] as const) {
      const id = path.split('/').pop()!;
      expect(expectProblem(await call(t.app, 'GET', path, { auth: admin }), 404, 'not_found').detail).toBe(`No ${noun} ${id} in this workspace`);
      expect(expectProblem(await call(t.app, 'DELETE', path, { auth: admin }), 404, 'not_found').detail).toBe(`No ${noun} ${id} in this workspace`);
    }
  });

  it('a caller that does not hold all of a credential\'s scopes may not change it: 403, nothing written', async () => {
    const key = await createKey(t.app, admin, { name: 'wide', scopes: ['verify:read'] });
    const client = (await call(t.app, 'POST', '/v1/oauth-clients', { auth: admin, body: { name: 'wide', scopes: ['verify:read'] } })).json().data;
    const agent = (await call(t.app, 'POST', '/v1/agents', { auth: admin, body: { name: 'wide', public_key: publicJwk(), scopes: ['verify:read'] } })).json().data;
    for (const [path, id] of [[`/v1/keys/${key.id}`, key.id], [`/v1/oauth-clients/${client.client_id}`, client.client_id], [`/v1/agents/${agent.id}`, agent.id]] as const) {
      const refused = expectProblem(await call(t.app, 'PATCH', path, { auth: narrow, body: { name: 'mine' } }), 403, 'insufficient_scope');
      expect(refused.missing_scopes).toEqual(['verify:read']);
      expectProblem(await call(t.app, 'DELETE', path, { auth: narrow }), 403, 'insufficient_scope');
      expect(await auditTypes(id)).toEqual([id.startsWith('key_') ? 'key.created' : id.startsWith('cli_') ? 'client.created' : 'agent.created']);
    }
  });

  it('revoking a revoked agent answers it as it is whoever asks; a revoked key is still scope-checked first', async () => {
    const agent = (await call(t.app, 'POST', '/v1/agents', { auth: admin, body: { name: 'gone', public_key: publicJwk(), scopes: ['verify:read'] } })).json().data;
    expect((await call(t.app, 'DELETE', `/v1/agents/${agent.id}`, { auth: admin })).statusCode).toBe(200);
    const again = await call(t.app, 'DELETE', `/v1/agents/${agent.id}`, { auth: narrow });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().data).toMatchObject({ id: agent.id, revoked_at: expect.any(String) });
    expect(await auditTypes(agent.id)).toEqual(['agent.created', 'agent.revoked']);

    const key = await createKey(t.app, admin, { name: 'gone', scopes: ['verify:read'] });
    expect((await call(t.app, 'DELETE', `/v1/keys/${key.id}`, { auth: admin })).statusCode).toBe(200);
    expectProblem(await call(t.app, 'DELETE', `/v1/keys/${key.id}`, { auth: narrow }), 403, 'insufficient_scope');
    expect((await call(t.app, 'DELETE', `/v1/keys/${key.id}`, { auth: admin })).statusCode).toBe(200);
    expect(await auditTypes(key.id)).toEqual(['key.created', 'key.revoked']);
  });

  it('a revoked agent cannot be updated, whoever asks (key_inactive before the scope check)', async () => {
    const agent = (await call(t.app, 'POST', '/v1/agents', { auth: admin, body: { name: 'gone', public_key: publicJwk(), scopes: ['verify:read'] } })).json().data;
    await call(t.app, 'DELETE', `/v1/agents/${agent.id}`, { auth: admin });
    expectProblem(await call(t.app, 'PATCH', `/v1/agents/${agent.id}`, { auth: narrow, body: { name: 'x' } }), 409, 'key_inactive');
  });

  it('the audit row of an update names the fields given, in order, and whether tokens ended', async () => {
    const client = (await call(t.app, 'POST', '/v1/oauth-clients', { auth: admin, body: { name: 'c', scopes: ['verify:read', 'events:read'] } })).json().data;
    expect((await call(t.app, 'PATCH', `/v1/oauth-clients/${client.client_id}`, { auth: admin, body: { scopes: ['verify:read'], name: 'd' } })).statusCode).toBe(200);
    const [row] = await t.db.query<{ data: Record<string, unknown> }>("select data from audit_events where target_id = $1 and type = 'client.updated'", [client.client_id]);
    expect(row!.data).toEqual({ changed: ['scopes', 'name'], tokens_revoked: true });
  });
});
