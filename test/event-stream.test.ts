import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { call, createKey, createTestApp, registerOwner, type Owner, type TestApp } from './helpers/test-app.js';
import { Redis } from 'ioredis';
import { CLUSTER_AVAILABLE, startCluster, type Cluster } from './helpers/cluster.js';
import { listen } from './helpers/sse.js';

describe('live events over SSE (EventSource)', () => {
  let t: TestApp;
  let base: string;
  let owner: Owner;
  let reader: { id: string; key: string };

  beforeAll(async () => {
    t = await createTestApp({ env: { WARDEN_SCOPE_RESOURCES: 'deals', WARDEN_SSE_HEARTBEAT_SECONDS: '1' } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    owner = await registerOwner(t.app);
    reader = await createKey(t.app, { bearer: owner.session }, { name: 'dashboard', scopes: ['events:read', 'events:write', 'api-keys:write', 'api-keys:read'] });
  });
  afterAll(() => t.close());

  const publish = (type: string, data: Record<string, unknown>) =>
    call(t.app, 'POST', '/v1/events', { auth: { apiKey: reader.key }, body: { type, data } });

  it('seed 000: ?token= opens the stream; event name = type, id = event id; the host API\'s and Warden\'s events both arrive', async () => {
    const stream = listen(`${base}/v1/events/stream?token=${reader.key}`);
    try {
      await stream.opened;
      const published = (await publish('deal.updated', { deal_id: 'deal_1' })).json().data;
      const got = await stream.next('deal.updated');
      expect(got.id).toBe(published.id);
      expect(got.data).toMatchObject({ id: published.id, type: 'deal.updated', data: { deal_id: 'deal_1' }, workspace_id: owner.workspaceId });
      const key = await createKey(t.app, { bearer: owner.session }, { name: 'watched', scopes: [] });
      const created = await stream.next('key.created');
      expect(created.data.target).toEqual({ type: 'api_key', id: key.id });
    } finally {
      stream.close();
    }
  });

  it('sends text/event-stream with heartbeats, honours filters, and answers a bad credential with 401 problem+json', async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/v1/events/stream?type=document.processed`, { headers: { authorization: `Bearer ${reader.key}` }, signal: controller.signal });
    try {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      await publish('deal.updated', { n: 1 });
      await publish('document.processed', { document_id: 'doc_9' });
      const reader2 = response.body!.getReader();
      let text = '';
      const deadline = Date.now() + 5000;
      while (!(text.includes(': ping') && text.includes('doc_9')) && Date.now() < deadline) {
        const { value } = await reader2.read();
        text += new TextDecoder().decode(value);
      }
      expect(text).toContain(': ping');
      expect(text).toMatch(/event: document\.processed\ndata: \{.*"doc_9"/);
      expect(text).not.toContain('deal.updated');
    } finally {
      controller.abort();
    }
    const refused = await fetch(`${base}/v1/events/stream?token=wk_live_nope`, { signal: AbortSignal.timeout(5000) });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const noScope = await createKey(t.app, { bearer: owner.session }, { name: 'none', scopes: [] });
    expect((await fetch(`${base}/v1/events/stream?token=${noScope.key}`, { signal: AbortSignal.timeout(5000) })).status).toBe(403);
  });

  it('resumes after Last-Event-ID from the audit table, in order, without duplicates', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await publish('deal.updated', { i })).json().data.id);
    const stream = listen(`${base}/v1/events/stream?type=deal.updated`, { headers: { authorization: `Bearer ${reader.key}`, 'last-event-id': ids[0]! } });
    try {
      await stream.opened;
      const replayed = [await stream.next('deal.updated'), await stream.next('deal.updated'), await stream.next('deal.updated')];
      expect(replayed.map((r) => r.id)).toEqual(ids.slice(1));
      const live = (await publish('deal.updated', { i: 4 })).json().data.id;
      expect((await stream.next('deal.updated')).id).toBe(live);
      expect(stream.received.filter((r) => r.type === 'deal.updated').map((r) => r.id)).toEqual([...ids.slice(1), live]);
    } finally {
      stream.close();
    }
  });

  it('a st_ ticket opens one stream, once, within 60 s; the URL never holds the credential', async () => {
    const issued = await call(t.app, 'POST', '/v1/events/tickets', { auth: { bearer: owner.session } });
    expect(issued.statusCode).toBe(201);
    expect(issued.headers['cache-control']).toBe('no-store');
    const { ticket, expires_in: expiresIn } = issued.json();
    expect(ticket).toMatch(/^st_[0-9A-Za-z]{38}$/);
    expect(expiresIn).toBe(60);
    const stream = listen(`${base}/v1/events/stream?ticket=${ticket}`);
    try {
      await stream.opened;
      await publish('deal.updated', { via: 'ticket' });
      expect((await stream.next('deal.updated')).data.data).toEqual({ via: 'ticket' });
    } finally {
      stream.close();
    }
    const again = await fetch(`${base}/v1/events/stream?ticket=${ticket}`, { signal: AbortSignal.timeout(5000) });
    expect(again.status).toBe(401);
    expect(((await again.json()) as { code: string }).code).toBe('invalid_token');
    // Bound to its creator's workspace: another owner's ticket never sees this workspace.
    const other = await registerOwner(t.app);
    const theirs = (await call(t.app, 'POST', '/v1/events/tickets', { auth: { bearer: other.session } })).json().ticket;
    const foreign = listen(`${base}/v1/events/stream?ticket=${theirs}`);
    try {
      await foreign.opened;
      foreign.track('deal.updated');
      await publish('deal.updated', { secret: true });
      await new Promise((r) => setTimeout(r, 300));
      expect(foreign.received).toEqual([]);
    } finally {
      foreign.close();
    }
  });

  it('revoking the credential closes its open streams (API key, session via ticket)', async () => {
    const doomed = await createKey(t.app, { bearer: owner.session }, { name: 'doomed', scopes: ['events:read'] });
    const byKey = listen(`${base}/v1/events/stream?token=${doomed.key}`);
    const login = (await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } })).json();
    const ticket = (await call(t.app, 'POST', '/v1/events/tickets', { auth: { bearer: login.token } })).json().ticket;
    const bySession = listen(`${base}/v1/events/stream?ticket=${ticket}`);
    try {
      await Promise.all([byKey.opened, bySession.opened]);
      const keyClosed = byKey.next('stream.closed');
      await call(t.app, 'DELETE', `/v1/keys/${doomed.id}`, { auth: { bearer: owner.session } });
      expect((await keyClosed).data).toEqual({ reason: 'credential_revoked' });
      const sessionClosed = bySession.next('stream.closed');
      await call(t.app, 'POST', '/auth/logout', { auth: { bearer: login.token } });
      expect((await sessionClosed).data).toEqual({ reason: 'credential_revoked' });
    } finally {
      byKey.close();
      bySession.close();
    }
    await t.app.warden.flush();
    const [row] = await t.db.query<{ path: string }>("select path from audit_log where path like '/v1/events/stream?token=%' limit 1");
    expect(row?.path).toBe('/v1/events/stream?token=[redacted]');
    const [leak] = await t.db.query<{ n: number }>('select count(*)::int as n from audit_log where path like $1', [`%${doomed.key}%`]);
    expect(leak!.n).toBe(0);
  });
});

describe.runIf(CLUSTER_AVAILABLE)('two instances on PostgreSQL + Redis', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(2, { WARDEN_RATE_LIMITS: 'on', WARDEN_RATE_LIMIT_WRITE: '5', WARDEN_RATE_LIMIT_STANDARD: '1000' });
  });
  afterAll(() => cluster.close());

  it('an event produced on instance A reaches a stream held on instance B; a revoke on A closes it on B; limits are shared', async () => {
    const [a, b] = cluster.apps as [FastifyInstance, FastifyInstance];
    const owner = await registerOwner(a);
    const key = await createKey(a, { bearer: owner.session }, { name: 'shared', scopes: ['events:read', 'events:write'] });
    const stream = listen(`${cluster.bases[1]}/v1/events/stream?token=${key.key}`);
    const redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
    const watcher = new Redis(process.env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
    // Which instances hear a workspace's events: those holding one of its streams (here B only).
    const listening = async (workspaceId: string): Promise<number> => {
      const channels = (await redis.pubsub('CHANNELS', `*audit.events.${workspaceId}`)) as string[];
      if (channels.length === 0) return 0;
      return Number(((await redis.pubsub('NUMSUB', ...channels)) as (string | number)[])[1]);
    };
    try {
      await redis.connect();
      await stream.opened;
      expect(await listening(owner.workspaceId)).toBe(1);
      const quiet = await registerOwner(a);
      expect(await listening(quiet.workspaceId)).toBe(0);
      // Nobody listens to `quiet` anywhere, so A does not even serialise its events for Redis; the
      // owner's go out (B listens). A pattern subscription sees every publish and NUMSUB ignores it.
      const heard: string[] = [];
      watcher.on('pmessage', (_pattern: string, channel: string) => heard.push(channel));
      await watcher.connect();
      await watcher.psubscribe('*audit.events.*');
      const quietKey = await createKey(a, { bearer: quiet.session }, { name: 'quiet', scopes: ['events:read'] });
      const ownerChannelHeard = async (times: number): Promise<void> => {
        expect((await call(a, 'GET', '/v1/me', { auth: { apiKey: quietKey.key } })).statusCode).toBe(200);
        expect((await call(a, 'GET', '/v1/me', { auth: { apiKey: key.key } })).statusCode).toBe(200);
        await a.warden.flush();
        for (let i = 0; i < 150 && heard.filter((c) => c.endsWith(owner.workspaceId)).length < times; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      };
      await ownerChannelHeard(1);
      // A second round: one connection carries checks and publishes in order, so by the time its
      // message is heard every check of the first round has been answered.
      await ownerChannelHeard(2);
      expect(heard.filter((c) => c.endsWith(owner.workspaceId)).length).toBeGreaterThanOrEqual(2);
      expect(heard.filter((c) => c.endsWith(quiet.workspaceId))).toEqual([]);
      const published = (await call(a, 'POST', '/v1/events', { auth: { apiKey: key.key }, body: { type: 'deal.updated', data: { from: 'A' } } })).json().data;
      expect((await stream.next('deal.updated')).id).toBe(published.id);
      // The write limit (5/min) is one bucket across both instances: 1 used above, 4 more, then 429 anywhere.
      const codes: number[] = [];
      for (const app of [a, b, a, b, a, b]) codes.push((await call(app, 'POST', '/v1/events', { auth: { apiKey: key.key }, body: { type: 'deal.updated' } })).statusCode);
      expect(codes).toEqual([201, 201, 201, 201, 429, 429]);
      const closed = stream.next('stream.closed');
      await call(a, 'DELETE', `/v1/keys/${key.id}`, { auth: { bearer: owner.session } });
      expect((await closed).data.reason).toBe('credential_revoked');
      const refusedOnB = await call(b, 'GET', '/v1/me', { auth: { apiKey: key.key } });
      expect(refusedOnB.statusCode).toBe(401);
      // Its last stream gone, B stops hearing the workspace.
      for (let i = 0; i < 50 && (await listening(owner.workspaceId)) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await listening(owner.workspaceId)).toBe(0);
    } finally {
      stream.close();
      redis.disconnect();
      watcher.disconnect();
    }
  });
});
