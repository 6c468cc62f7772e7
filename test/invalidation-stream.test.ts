import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceCredentials } from '../src/auth/service-credentials.js';
import { systemClock } from '../src/lib/clock.js';
import { call, createKey, createTestApp, registerOwner, type Owner, type TestApp } from './helpers/test-app.js';
import { CLUSTER_AVAILABLE, startCluster, type Cluster } from './helpers/cluster.js';

/**
 * GET /v1/invalidations/stream (issue 17): what the middleware's cache learns credential ends
 * from. Service credentials only; names credentials by SHA-256 of their secret or by the ids
 * access tokens carry, never by a secret; reaches every instance of a cluster.
 */

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
const CONTEXT = { actor: { type: 'system' as const, id: 'cli' }, ip: null, userAgent: 'test', method: null, path: null };

interface Frame {
  event: string;
  data: any;
}

/** Reads an SSE response into frames; `next(event)` waits (bounded) for the next frame of that name. */
async function openStream(url: string, secret: string) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { authorization: `Bearer ${secret}` }, signal: controller.signal });
  const frames: Frame[] = [];
  let ended = false;
  const waiters: Array<() => void> = [];
  void (async () => {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const lines = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const event = lines.find((line) => line.startsWith('event:'))?.slice(6).trim();
          const data = lines.find((line) => line.startsWith('data:'))?.slice(5).trim();
          if (event) frames.push({ event, data: data ? JSON.parse(data) : null });
          for (const waiter of waiters.splice(0)) waiter();
        }
      }
    } catch {
      // aborted
    }
    ended = true;
    for (const waiter of waiters.splice(0)) waiter();
  })();
  let read = 0;
  return {
    response,
    frames,
    get ended() {
      return ended;
    },
    async next(event: string, timeoutMs = 3000): Promise<Frame> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = frames.findIndex((frame, i) => i >= read && frame.event === event);
        if (index >= 0) {
          read = index + 1;
          return frames[index]!;
        }
        if (ended || Date.now() > deadline) throw new Error(`no ${event} frame within ${timeoutMs} ms (got ${frames.map((f) => f.event).join(', ')})`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    close: () => controller.abort(),
  };
}

describe('GET /v1/invalidations/stream', () => {
  let t: TestApp;
  let base: string;
  let owner: Owner;
  let credentials: ServiceCredentials;

  beforeAll(async () => {
    t = await createTestApp({ env: { WARDEN_SCOPE_RESOURCES: 'deals', WARDEN_SSE_HEARTBEAT_SECONDS: '1' } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    owner = await registerOwner(t.app);
    credentials = new ServiceCredentials({ db: t.db, clock: systemClock, keyPrefix: t.config.keyPrefix });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('takes only a service credential', async () => {
    const none = await call(t.app, 'GET', '/v1/invalidations/stream');
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('authentication_required');
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'k', scopes: ['deals:read'], environment: 'live' });
    const workspaceKey = await call(t.app, 'GET', '/v1/invalidations/stream', { auth: { bearer: key.key } });
    expect(workspaceKey.statusCode).toBe(403);
    expect(workspaceKey.headers['content-type']).toContain('application/problem+json');
    expect(workspaceKey.json().code).toBe('service_credential_only');
    expect((await call(t.app, 'GET', '/v1/invalidations/stream', { auth: { apiKey: key.key } })).json().code).toBe('service_credential_only');
    const unknown = await call(t.app, 'GET', '/v1/invalidations/stream', { auth: { bearer: `${t.config.keyPrefix}_service_${'x'.repeat(43)}` } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('invalid_token');
  });

  it('names revoked and rotated keys, ended sessions and their ids — hashes, never secrets', async () => {
    const service = await credentials.create('stream', CONTEXT);
    const stream = await openStream(`${base}/v1/invalidations/stream`, service.secret);
    try {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
      expect((await stream.next('ready')).data).toEqual({ heartbeat_ms: 1000 });

      const revoked = await createKey(t.app, { bearer: owner.session }, { name: 'r', scopes: ['deals:read'], environment: 'live' });
      await call(t.app, 'DELETE', `/v1/keys/${revoked.id}`, { auth: { bearer: owner.session } });
      expect((await stream.next('invalidate')).data).toEqual({ credential_hashes: [sha256(revoked.key)] });

      const rotated = await createKey(t.app, { bearer: owner.session }, { name: 'o', scopes: ['deals:read'], environment: 'live' });
      const rotation = await call(t.app, 'POST', `/v1/keys/${rotated.id}/rotate`, { auth: { bearer: owner.session }, body: {} });
      expect(rotation.statusCode).toBe(200);
      const rotatedHashes = (await stream.next('invalidate')).data.credential_hashes;
      expect(rotatedHashes).toContain(sha256(rotated.key));

      const narrowed = await createKey(t.app, { bearer: owner.session }, { name: 'n', scopes: ['deals:read', 'deals:write'], environment: 'live' });
      await call(t.app, 'PATCH', `/v1/keys/${narrowed.id}`, { auth: { bearer: owner.session }, body: { scopes: ['deals:read'] } });
      expect((await stream.next('invalidate')).data.credential_hashes).toEqual([sha256(narrowed.key)]);

      const login = (await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } })).json();
      const { sid } = JSON.parse(Buffer.from(login.access_token.split('.')[1], 'base64url').toString());
      await call(t.app, 'POST', '/auth/logout', { auth: { bearer: login.token } });
      expect((await stream.next('invalidate')).data).toEqual({ credential_hashes: [sha256(login.token)] });
      expect((await stream.next('invalidate')).data).toEqual({ session_ids: [sid] });

      const text = JSON.stringify(stream.frames);
      for (const secret of [revoked.key, rotated.key, narrowed.key, login.token]) expect(text).not.toContain(secret);
    } finally {
      stream.close();
    }
  });

  it('ends the stream at the next beat once its service credential is revoked', async () => {
    const service = await credentials.create('short-lived', CONTEXT);
    const stream = await openStream(`${base}/v1/invalidations/stream`, service.secret);
    try {
      await stream.next('ready');
      await credentials.revoke(service.id, CONTEXT);
      expect((await stream.next('stream.closed', 5000)).data).toEqual({ reason: 'service_credential_revoked' });
    } finally {
      stream.close();
    }
  });
});

describe.skipIf(!CLUSTER_AVAILABLE)('the invalidation stream across instances (PostgreSQL + Redis)', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster(2, { WARDEN_SCOPE_RESOURCES: 'deals' });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('a key revoked on one instance is named on the stream of the other', async () => {
    const [a] = cluster.apps;
    const owner = await registerOwner(a!);
    const service = await new ServiceCredentials({ db: a!.warden.db, clock: systemClock, keyPrefix: a!.warden.config.keyPrefix }).create('cluster', CONTEXT);
    const stream = await openStream(`${cluster.bases[1]}/v1/invalidations/stream`, service.secret);
    try {
      await stream.next('ready');
      const key = await createKey(a!, { bearer: owner.session }, { name: 'c', scopes: ['deals:read'], environment: 'live' });
      await call(a!, 'DELETE', `/v1/keys/${key.id}`, { auth: { bearer: owner.session } });
      expect((await stream.next('invalidate', 5000)).data).toEqual({ credential_hashes: [sha256(key.key)] });
    } finally {
      stream.close();
    }
  });
});
