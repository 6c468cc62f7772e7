import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { ManualClock } from '../src/lib/clock.js';
import { call, createKey, createTestApp, registerOwner, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem, fieldsOf } from './helpers/assertions.js';

interface AgentKeys {
  privateKey: KeyObject;
  jwk: { kty: string; crv: string; x: string };
}

function agentKeys(): AgentKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, jwk: publicKey.export({ format: 'jwk' }) as AgentKeys['jwk'] };
}
const signed = (keys: AgentKeys, challenge: string): string => sign(null, Buffer.from(challenge, 'utf8'), keys.privateKey).toString('base64url');

describe('agents (seed 004): Ed25519 public key, challenge → signature → short-lived token', () => {
  let t: TestApp;
  let clock: ManualClock;
  let owner: Owner;
  let admin: { bearer: string };

  const register = async (keys: AgentKeys, body: Record<string, unknown> = {}) => {
    const response = await call(t.app, 'POST', '/v1/agents', { auth: admin, body: { name: 'reconciler', public_key: keys.jwk, scopes: ['deals:read'], ...body } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().data as { id: string; max_token_ttl_seconds: number };
  };
  const challenge = async (agentId: string): Promise<string> => {
    const response = await call(t.app, 'POST', '/auth/agent/challenge', { body: { agent_id: agentId } });
    expect(response.statusCode).toBe(200);
    return response.json().challenge;
  };
  const tokenFor = (body: Record<string, unknown>) => call(t.app, 'POST', '/auth/agent/token', { body });
  const login = async (agentId: string, keys: AgentKeys): Promise<string> => {
    const c = await challenge(agentId);
    const response = await tokenFor({ agent_id: agentId, challenge: c, signature: signed(keys, c) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().access_token;
  };

  beforeAll(async () => {
    clock = new ManualClock(Date.UTC(2034, 5, 1, 9, 0, 0));
    t = await createTestApp({ clock, env: { WARDEN_SCOPE_RESOURCES: 'deals,transfers' } });
    owner = await registerOwner(t.app);
    admin = { bearer: owner.session };
  });
  afterAll(() => t.close());

  it('registers with a JWK or raw base64url key, never stores a private key, and audits', async () => {
    const keys = agentKeys();
    const agent = await register(keys);
    expect(agent).toMatchObject({ id: expect.stringMatching(/^agt_/), name: 'reconciler', scopes: ['deals:read'], environment: 'live', max_token_ttl_seconds: 900, public_key: { kty: 'OKP', crv: 'Ed25519', x: keys.jwk.x }, revoked_at: null });
    const raw = await register(agentKeys(), { public_key: agentKeys().jwk.x });
    expect(raw.id).toMatch(/^agt_/);
    const [audit] = await t.db.query<{ type: string }>('select type from audit_events where target_id = $1', [agent.id]);
    expect(audit!.type).toBe('agent.created');
    const list = (await call(t.app, 'GET', '/v1/agents', { auth: admin })).json();
    expect(list.data.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([agent.id, raw.id]));
    const withPrivate = { ...keys.jwk, d: 'AAAA' };
    expect(fieldsOf(expectProblem(await call(t.app, 'POST', '/v1/agents', { auth: admin, body: { name: 'x', public_key: withPrivate, scopes: [] } }), 400, 'validation_failed'))).toEqual(['public_key']);
    expectProblem(await call(t.app, 'POST', '/v1/agents', { auth: admin, body: { name: 'x', public_key: 'short', scopes: [] } }), 400, 'validation_failed');
    expectProblem(await call(t.app, 'POST', '/v1/agents', { auth: admin, body: { name: 'x', public_key: keys.jwk, scopes: [], max_token_ttl_seconds: 7200 } }), 400, 'validation_failed');
  });

  it('signs a challenge for a 15-minute token: sub agt_…, the agent\'s scopes, accepted by Warden', async () => {
    const keys = agentKeys();
    const agent = await register(keys, { scopes: ['deals:read', 'transfers:read'] });
    const c = await challenge(agent.id);
    expect(c).toMatch(new RegExp(`^warden-agent-challenge:${agent.id}:[0-9A-Za-z]{32}$`));
    const response = await tokenFor({ agent_id: agent.id, challenge: c, signature: signed(keys, c) });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(body).toEqual({ access_token: expect.stringMatching(/^eyJ/), token_type: 'Bearer', expires_in: 900, scope: 'deals:read transfers:read' });
    const claims = decodeJwt(body.access_token);
    expect(claims).toMatchObject({ sub: agent.id, sid: expect.stringMatching(/^grt_/), scope: 'deals:read transfers:read', workspace_id: owner.workspaceId });
    expect(claims.exp! - claims.iat!).toBe(900);
    const me = (await call(t.app, 'GET', '/v1/me', { auth: { bearer: body.access_token } })).json().data;
    expect(me).toMatchObject({ principal: { type: 'agent', id: agent.id }, scopes: ['deals:read', 'transfers:read'], environment: 'live' });
    // Shorter on request, never longer than the agent allows.
    const c2 = await challenge(agent.id);
    expect((await tokenFor({ agent_id: agent.id, challenge: c2, signature: signed(keys, c2), expires_in: 120 })).json().expires_in).toBe(120);
    const c3 = await challenge(agent.id);
    expect((await tokenFor({ agent_id: agent.id, challenge: c3, signature: signed(keys, c3), expires_in: 3600 })).json().expires_in).toBe(900);
    clock.advanceSeconds(901);
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: body.access_token } }), 401, 'invalid_token');
  });

  it('refuses a replayed challenge or signature, a wrong key, an expired or foreign challenge', async () => {
    const keys = agentKeys();
    const agent = await register(keys);
    const other = await register(agentKeys());
    const c = await challenge(agent.id);
    const signature = signed(keys, c);
    // A wrong signature does not use the challenge up…
    expectProblem(await tokenFor({ agent_id: agent.id, challenge: c, signature: signed(agentKeys(), c) }), 401, 'invalid_signature');
    expectProblem(await tokenFor({ agent_id: agent.id, challenge: c, signature: 'AAAA' }), 401, 'invalid_signature');
    expect((await tokenFor({ agent_id: agent.id, challenge: c, signature })).statusCode).toBe(200);
    // …a valid one does: the same challenge and signature again fail.
    expectProblem(await tokenFor({ agent_id: agent.id, challenge: c, signature }), 401, 'challenge_invalid');
    // A challenge the server never issued, even signed correctly.
    const forged = `warden-agent-challenge:${agent.id}:${'A'.repeat(32)}`;
    expectProblem(await tokenFor({ agent_id: agent.id, challenge: forged, signature: signed(keys, forged) }), 401, 'challenge_invalid');
    // Another agent's challenge.
    const foreign = await challenge(other.id);
    expectProblem(await tokenFor({ agent_id: agent.id, challenge: foreign, signature: signed(keys, foreign) }), 401, 'challenge_invalid');
    // 60 s to answer.
    const late = await challenge(agent.id);
    clock.advanceSeconds(61);
    expectProblem(await tokenFor({ agent_id: agent.id, challenge: late, signature: signed(keys, late) }), 401, 'challenge_invalid');
    // Unknown agents get a challenge (no enumeration) that can never be redeemed.
    const ghost = await challenge('agt_0000000000000000000000');
    expectProblem(await tokenFor({ agent_id: 'agt_0000000000000000000000', challenge: ghost, signature: signed(keys, ghost) }), 401, 'challenge_invalid');
    expectProblem(await call(t.app, 'POST', '/auth/agent/token', { body: { agent_id: agent.id } }), 400, 'validation_failed');
    expectProblem(await call(t.app, 'POST', '/auth/agent/challenge', { body: {} }), 400, 'validation_failed');
  });

  it('revoking the agent, or changing its key or scopes, ends its tokens at once', async () => {
    const keys = agentKeys();
    const revoked = await register(keys);
    const revokedToken = await login(revoked.id, keys);
    const deleted = await call(t.app, 'DELETE', `/v1/agents/${revoked.id}`, { auth: admin });
    expect(deleted.json().data.revoked_at).not.toBeNull();
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: revokedToken } }), 401, 'invalid_token');
    const c = await challenge(revoked.id);
    expectProblem(await tokenFor({ agent_id: revoked.id, challenge: c, signature: signed(keys, c) }), 401, 'challenge_invalid');
    expect((await call(t.app, 'DELETE', `/v1/agents/${revoked.id}`, { auth: admin })).statusCode).toBe(200);

    const moved = agentKeys();
    const rekeyed = await register(keys);
    const oldToken = await login(rekeyed.id, keys);
    await call(t.app, 'PATCH', `/v1/agents/${rekeyed.id}`, { auth: admin, body: { public_key: moved.jwk } });
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: oldToken } }), 401, 'invalid_token');
    const c2 = await challenge(rekeyed.id);
    expectProblem(await tokenFor({ agent_id: rekeyed.id, challenge: c2, signature: signed(keys, c2) }), 401, 'invalid_signature');
    const fresh = await login(rekeyed.id, moved);
    await call(t.app, 'PATCH', `/v1/agents/${rekeyed.id}`, { auth: admin, body: { name: 'renamed' } });
    expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: fresh } })).statusCode).toBe(200);
    await call(t.app, 'PATCH', `/v1/agents/${rekeyed.id}`, { auth: admin, body: { scopes: [] } });
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: fresh } }), 401, 'invalid_token');
  });

  it('an agent gets no scope its creator lacks', async () => {
    const key = await createKey(t.app, admin, { name: 'agent admin', scopes: ['agents:write', 'deals:read'] });
    const keys = agentKeys();
    expectProblem(await call(t.app, 'POST', '/v1/agents', { auth: { bearer: key.key }, body: { name: 'x', public_key: keys.jwk, scopes: ['transfers:read'] } }), 403, 'insufficient_scope');
    expect((await call(t.app, 'POST', '/v1/agents', { auth: { bearer: key.key }, body: { name: 'x', public_key: keys.jwk, scopes: ['deals:read'] } })).statusCode).toBe(201);
    expectProblem(await call(t.app, 'GET', '/v1/agents', { auth: { bearer: key.key } }), 403, 'insufficient_scope');
  });
});
