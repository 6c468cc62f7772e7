import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ManualClock } from '../src/lib/clock.js';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Owner, type TestApp } from './helpers/test-app.js';
import { CLUSTER_AVAILABLE, startCluster, type Cluster } from './helpers/cluster.js';
import { listen } from './helpers/sse.js';

/**
 * Issue 12: a live stream's authority is checked again — not only "is the credential alive" — and
 * every change that could take it away ends the stream through the invalidation bus. The
 * heartbeat is an hour here, so every close below was pushed, not found at a beat.
 */
describe(`a live stream ends as soon as its credential could no longer open it (${STORE_KIND})`, () => {
  let t: TestApp;
  let base: string;
  let alice: Owner;
  let bob: Owner;
  const outbox = mkdtempSync(join(tmpdir(), 'warden-stream-invites-'));
  const lastInvitation = (): string => {
    const files = readdirSync(outbox).sort();
    return /inv_[0-9A-Za-z]{32}/.exec(readFileSync(join(outbox, files.at(-1)!), 'utf8'))![0];
  };
  const asAlice = () => ({ auth: { bearer: alice.session }, headers: { 'x-workspace-id': alice.workspaceId } });
  const bobInAlice = () => ({ authorization: `Bearer ${bob.session}`, 'x-workspace-id': alice.workspaceId });
  const ticketFor = async (headers: Record<string, string>): Promise<string> => {
    const issued = await call(t.app, 'POST', '/v1/events/tickets', { auth: { headers } });
    expect(issued.statusCode, issued.body).toBe(201);
    return issued.json().ticket;
  };
  /** Opens (and at once drops) a stream: the status and, for a refusal, its problem code. */
  const tryOpen = async (query: string): Promise<{ status: number; code?: string }> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 5000);
    try {
      const response = await fetch(`${base}/v1/events/stream?${query}`, { signal: controller.signal });
      if (response.status === 200) return { status: 200 };
      return { status: response.status, code: ((await response.json()) as { code: string }).code };
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { WARDEN_SCOPE_RESOURCES: 'deals', WARDEN_SSE_HEARTBEAT_SECONDS: '300', WARDEN_OUTBOX_DIR: outbox } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    alice = await registerOwner(t.app);
    bob = await registerOwner(t.app);
    expect((await call(t.app, 'POST', `/v1/workspaces/${alice.workspaceId}/invitations`, { ...asAlice(), body: { email: bob.email, role: 'admin' } })).statusCode).toBe(201);
    expect((await call(t.app, 'POST', '/v1/invitations/accept', { auth: { bearer: bob.session }, headers: { 'x-workspace-id': bob.workspaceId }, body: { token: lastInvitation() } })).statusCode).toBe(200);
  });
  afterAll(() => t.close());

  it('a key that loses events:read: its streams (header and ticket) end with scope_removed', async () => {
    const key = await createKey(t.app, { headers: { authorization: `Bearer ${alice.session}` } }, { name: 'narrowed', scopes: ['events:read', 'deals:read'] });
    const byHeader = listen(`${base}/v1/events/stream?token=${key.key}`);
    const byTicket = listen(`${base}/v1/events/stream?ticket=${await ticketFor({ 'x-api-key': key.key })}`);
    try {
      await Promise.all([byHeader.opened, byTicket.opened]);
      const closed = [byHeader.next('stream.closed'), byTicket.next('stream.closed')];
      expect((await call(t.app, 'PATCH', `/v1/keys/${key.id}`, { ...asAlice(), body: { scopes: ['deals:read'] } })).statusCode).toBe(200);
      for (const each of await Promise.all(closed)) expect(each.data).toEqual({ reason: 'scope_removed' });
    } finally {
      byHeader.close();
      byTicket.close();
    }
  });

  it('a key rotated with grace 0 ends the stream its ticket opened', async () => {
    const key = await createKey(t.app, { headers: { authorization: `Bearer ${alice.session}` } }, { name: 'rotated', scopes: ['events:read'] });
    const stream = listen(`${base}/v1/events/stream?ticket=${await ticketFor({ 'x-api-key': key.key })}`);
    try {
      await stream.opened;
      const closed = stream.next('stream.closed');
      expect((await call(t.app, 'POST', `/v1/keys/${key.id}/rotate`, { ...asAlice(), body: { grace_period_seconds: 0 } })).statusCode).toBe(200);
      expect((await closed).data).toEqual({ reason: 'credential_revoked' });
    } finally {
      stream.close();
    }
  });

  it('a member whose role is lowered, then who is removed: their streams end (role_changed, membership_removed)', async () => {
    const byTicket = listen(`${base}/v1/events/stream?ticket=${await ticketFor(bobInAlice())}`);
    const byHeader = listen(`${base}/v1/events/stream`, { headers: bobInAlice() });
    try {
      await Promise.all([byTicket.opened, byHeader.opened]);
      const lowered = [byTicket.next('stream.closed'), byHeader.next('stream.closed')];
      expect((await call(t.app, 'PATCH', `/v1/workspaces/${alice.workspaceId}/members/${bob.userId}`, { ...asAlice(), body: { role: 'viewer' } })).statusCode).toBe(204);
      for (const each of await Promise.all(lowered)) expect(each.data).toEqual({ reason: 'role_changed' });
    } finally {
      byTicket.close();
      byHeader.close();
    }
    // As a viewer Bob may open a stream again (viewers read events); removed, he may not.
    const again = listen(`${base}/v1/events/stream?ticket=${await ticketFor(bobInAlice())}`);
    const pending = await ticketFor(bobInAlice());
    try {
      await again.opened;
      const removed = again.next('stream.closed');
      expect((await call(t.app, 'DELETE', `/v1/workspaces/${alice.workspaceId}/members/${bob.userId}`, asAlice())).statusCode).toBe(204);
      expect((await removed).data).toEqual({ reason: 'membership_removed' });
    } finally {
      again.close();
    }
    // The ticket he made while still a member is refused now.
    expect(await tryOpen(`ticket=${pending}`)).toEqual({ status: 403, code: 'workspace_forbidden' });
  });

  it('a ticket is redeemed only if the credential that created it could still open the stream', async () => {
    const revoked = await createKey(t.app, { headers: { authorization: `Bearer ${alice.session}` } }, { name: 'revoked creator', scopes: ['events:read'] });
    const narrowed = await createKey(t.app, { headers: { authorization: `Bearer ${alice.session}` } }, { name: 'narrowed creator', scopes: ['events:read', 'deals:read'] });
    const login = (await call(t.app, 'POST', '/auth/login', { body: { email: alice.email, password: alice.password } })).json();
    const tickets = {
      revoked: await ticketFor({ 'x-api-key': revoked.key }),
      narrowed: await ticketFor({ 'x-api-key': narrowed.key }),
      loggedOut: await ticketFor({ authorization: `Bearer ${login.token}` }),
    };
    await call(t.app, 'DELETE', `/v1/keys/${revoked.id}`, asAlice());
    await call(t.app, 'PATCH', `/v1/keys/${narrowed.id}`, { ...asAlice(), body: { scopes: ['deals:read'] } });
    expect((await call(t.app, 'POST', '/auth/logout', { auth: { bearer: login.token } })).statusCode).toBe(204);
    expect(await tryOpen(`ticket=${tickets.revoked}`)).toEqual({ status: 401, code: 'invalid_token' });
    expect(await tryOpen(`ticket=${tickets.narrowed}`)).toEqual({ status: 403, code: 'insufficient_scope' });
    expect(await tryOpen(`ticket=${tickets.loggedOut}`)).toEqual({ status: 401, code: 'invalid_token' });
  });

  it('a re-check keeps what did not change: an IP-restricted key\'s stream survives an unrelated revoke', async () => {
    const aliceKeys = { headers: { authorization: `Bearer ${alice.session}` } };
    const key = await createKey(t.app, aliceKeys, { name: 'office', scopes: ['events:read', 'events:write'], allowed_ips: ['127.0.0.1/32', '::1/128'] });
    const stream = listen(`${base}/v1/events/stream?token=${key.key}`);
    try {
      await stream.opened;
      const spare = await createKey(t.app, aliceKeys, { name: 'spare', scopes: [] });
      expect((await call(t.app, 'DELETE', `/v1/keys/${spare.id}`, asAlice())).statusCode).toBe(200);
      await call(t.app, 'POST', '/v1/events', { auth: { apiKey: key.key }, body: { type: 'deal.updated', data: { still: 'open' } }, remoteAddress: '127.0.0.1' });
      expect((await stream.next('deal.updated')).data.data).toEqual({ still: 'open' });
      expect(stream.received.filter((r) => r.type === 'stream.closed')).toEqual([]);
    } finally {
      stream.close();
    }
  });

  it('seed 000 passes the credential as ?token=: an st_ ticket is a credential there too (single use)', async () => {
    const key = await createKey(t.app, { headers: { authorization: `Bearer ${alice.session}` } }, { name: 'publisher', scopes: ['events:read', 'events:write'] });
    const ticket = await ticketFor({ 'x-api-key': key.key });
    const stream = listen(`${base}/v1/events/stream?token=${ticket}`);
    try {
      await stream.opened;
      await call(t.app, 'POST', '/v1/events', { auth: { apiKey: key.key }, body: { type: 'deal.updated', data: { via: 'token=st_' } } });
      expect((await stream.next('deal.updated')).data.data).toEqual({ via: 'token=st_' });
    } finally {
      stream.close();
    }
    expect(await tryOpen(`token=${ticket}`)).toEqual({ status: 401, code: 'invalid_token' });
  });
});

describe(`re-checking a stream is not activity (${STORE_KIND})`, () => {
  let t: TestApp;
  let base: string;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock(Date.UTC(2034, 5, 1, 8, 0, 0));
    t = await createTestApp({ clock, env: { WARDEN_SSE_HEARTBEAT_SECONDS: '300' } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  });
  afterAll(() => t.close());

  it('a dashboard left open does not keep its session alive: the session idles out and its stream ends', async () => {
    const owner = await registerOwner(t.app);
    const keys = await createKey(t.app, { bearer: owner.session }, { name: 'keys', scopes: ['api-keys:*'] });
    const stream = listen(`${base}/v1/events/stream?token=${owner.session}`);
    try {
      await stream.opened;
      // 23 h later something is revoked: every stream is re-checked — which must not count as the session's use.
      clock.advanceSeconds(23 * 3600);
      const spare = await createKey(t.app, { apiKey: keys.key }, { name: 'spare', scopes: [] });
      expect((await call(t.app, 'DELETE', `/v1/keys/${spare.id}`, { auth: { apiKey: keys.key } })).statusCode).toBe(200);
      clock.advanceSeconds(3600 + 1);
      const closed = stream.next('stream.closed');
      const again = await createKey(t.app, { apiKey: keys.key }, { name: 'again', scopes: [] });
      await call(t.app, 'DELETE', `/v1/keys/${again.id}`, { auth: { apiKey: keys.key } });
      expect((await closed).data).toEqual({ reason: 'credential_expired' });
      const me = await call(t.app, 'GET', '/v1/me', { auth: { bearer: owner.session } });
      expect(me.statusCode).toBe(401);
      expect(me.json().code).toBe('session_expired');
    } finally {
      stream.close();
    }
  });
});

describe.runIf(CLUSTER_AVAILABLE)('stream authority across two instances on PostgreSQL + Redis', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(2, { WARDEN_SSE_HEARTBEAT_SECONDS: '300', WARDEN_SCOPE_RESOURCES: 'deals' });
  });
  afterAll(() => cluster.close());

  it('narrowing a key on A ends its stream on B at once; a ticket made on A is refused on B once its key is revoked', async () => {
    const [a] = cluster.apps as [FastifyInstance, FastifyInstance];
    const owner = await registerOwner(a);
    const key = await createKey(a, { bearer: owner.session }, { name: 'shared', scopes: ['events:read', 'deals:read'] });
    const stream = listen(`${cluster.bases[1]}/v1/events/stream?token=${key.key}`);
    try {
      await stream.opened;
      const closed = stream.next('stream.closed');
      expect((await call(a, 'PATCH', `/v1/keys/${key.id}`, { auth: { bearer: owner.session }, body: { scopes: ['deals:read'] } })).statusCode).toBe(200);
      expect((await closed).data).toEqual({ reason: 'scope_removed' });
    } finally {
      stream.close();
    }
    const other = await createKey(a, { bearer: owner.session }, { name: 'ticketing', scopes: ['events:read'] });
    const ticket = (await call(a, 'POST', '/v1/events/tickets', { auth: { apiKey: other.key } })).json().ticket;
    await call(a, 'DELETE', `/v1/keys/${other.id}`, { auth: { bearer: owner.session } });
    const refused = await fetch(`${cluster.bases[1]}/v1/events/stream?ticket=${ticket}`, { signal: AbortSignal.timeout(5000) });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { code: string }).code).toBe('invalid_token');
  });
});
