import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError, ConfigurationError, NotFoundError, PermissionDeniedError, TwoFactorRequiredError, ValidationError, Warden, WardenError,
} from '../sdk/src/index.js';
import { call, STORE_KIND } from './helpers/test-app.js';
import { startLiveWarden, type LiveWarden } from './helpers/live-warden.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';
import { base32Decode } from '../src/lib/base32.js';
import { hotp, totpCounter } from '../src/twofactor/totp.js';

/** fetch that counts the requests it sends (to see caching and retries from outside). */
function countingFetch(): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fetch: (input, init) => {
      calls.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    },
  };
}

describe(`@warden/sdk against a running Warden (${STORE_KIND})`, () => {
  let w: LiveWarden;
  let warden: Warden;

  beforeAll(async () => {
    w = await startLiveWarden({ env: { WARDEN_SCOPE_RESOURCES: 'deals', WARDEN_SSE_HEARTBEAT_SECONDS: '1', WARDEN_REFRESH_REUSE_GRACE_SECONDS: '0' } });
    warden = new Warden({ apiKey: w.adminKey, baseUrl: w.url });
  });
  afterAll(async () => w?.close());

  describe('construction', () => {
    it('reads WARDEN_API_KEY and WARDEN_URL; a missing key or URL is a ConfigurationError at once', async () => {
      const saved = { key: process.env.WARDEN_API_KEY, url: process.env.WARDEN_URL };
      try {
        delete process.env.WARDEN_API_KEY;
        process.env.WARDEN_URL = w.url;
        expect(() => new Warden()).toThrow(ConfigurationError);
        expect(() => new Warden()).toThrow(/No API key: pass new Warden\(\{ apiKey \}\) or set WARDEN_API_KEY/);
        process.env.WARDEN_API_KEY = w.adminKey;
        delete process.env.WARDEN_URL;
        expect(() => new Warden()).toThrow(/No Warden URL/);
        expect(() => new Warden({ baseUrl: 'ftp://x' })).toThrow(/not an http\(s\) URL/);
        process.env.WARDEN_URL = w.url;
        const fromEnv = new Warden();
        expect((await fromEnv.me()).principal?.type).toBe('api_key');
      } finally {
        if (saved.key === undefined) delete process.env.WARDEN_API_KEY; else process.env.WARDEN_API_KEY = saved.key;
        if (saved.url === undefined) delete process.env.WARDEN_URL; else process.env.WARDEN_URL = saved.url;
      }
    });
  });

  describe('keys', () => {
    it('create, get, update, rotate, revoke; the secret only in create and rotate', async () => {
      const created = await warden.keys.create({ name: 'billing', scopes: ['deals:read'], metadata: { team: 'billing' } });
      expect(created.key).toMatch(/^wk_live_/);
      expect(created).toMatchObject({ name: 'billing', scopes: ['deals:read'], environment: 'live', metadata: { team: 'billing' }, revoked_at: null });
      const got = await warden.keys.get(created.id);
      expect(got.id).toBe(created.id);
      expect(got).not.toHaveProperty('key');
      expect((await warden.keys.update(created.id, { name: 'billing-2' })).name).toBe('billing-2');
      const rotated = await warden.keys.rotate(created.id, { grace_period_seconds: 0 });
      expect(rotated.key).not.toBe(created.key);
      const revoked = await warden.keys.revoke(created.id);
      expect(revoked.revoked_at).toEqual(expect.any(String));
      const check = await warden.verify({ key: rotated.key });
      expect(check).toMatchObject({ valid: false, code: 'key_revoked' });
    });

    it('lists are awaitable (one page) and async-iterable across every cursor page', async () => {
      const names = ['p1', 'p2', 'p3', 'p4', 'p5'];
      for (const name of names) await warden.keys.create({ name, scopes: ['deals:read'] });
      const first = await warden.keys.list({ limit: 2 });
      expect(first.data).toHaveLength(2);
      expect(first.next_cursor).toEqual(expect.any(String));
      const seen: string[] = [];
      for await (const key of warden.keys.list({ limit: 2 })) seen.push(key.name);
      expect(seen.slice(0, 5)).toEqual([...names].reverse());
      expect(new Set(seen).size).toBe(seen.length);
      expect((await warden.keys.list({ limit: 100 }).toArray()).length).toBe(seen.length);
    });

    it('a create retried with the same idempotency key returns the first key, never a second secret', async () => {
      const once = await warden.keys.create({ name: 'idem', scopes: ['deals:read'] }, { idempotencyKey: 'order-42' });
      const twice = await warden.keys.create({ name: 'idem', scopes: ['deals:read'] }, { idempotencyKey: 'order-42' });
      expect(twice.id).toBe(once.id);
      expect(twice.key).toBe(once.key);
      await expect(warden.keys.create({ name: 'other', scopes: ['deals:read'] }, { idempotencyKey: 'order-42' }))
        .rejects.toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    });

    it('errors are WardenError subclasses with status, code and detail', async () => {
      const missing = await warden.keys.get('key_doesnotexist').catch((error: unknown) => error);
      expect(missing).toBeInstanceOf(NotFoundError);
      expect(missing).toBeInstanceOf(WardenError);
      expect(missing).toMatchObject({ status: 404, code: 'not_found', detail: expect.any(String) });
      // Warden's X-Request-Id, also in the body's request_id.
      const requestId = (missing as WardenError).requestId;
      expect(requestId).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
      expect((missing as WardenError).body?.request_id).toBe(requestId);

      const bad = await warden.keys.create({ name: 'x', scopes: ['nope:read'] }).catch((error: unknown) => error);
      expect(bad).toBeInstanceOf(ValidationError);
      expect((bad as ValidationError).errors[0]?.field).toBe('scopes[0]');

      const reader = await warden.keys.create({ name: 'reader', scopes: ['deals:read'] });
      const narrow = new Warden({ apiKey: reader.key, baseUrl: w.url });
      const denied = await narrow.keys.list().then(() => undefined, (error: unknown) => error);
      expect(denied).toBeInstanceOf(PermissionDeniedError);
      expect(denied).toMatchObject({ status: 403, code: 'insufficient_scope' });

      const nobody = new Warden({ apiKey: 'wk_live_nonsense', baseUrl: w.url });
      await expect(nobody.me()).rejects.toBeInstanceOf(AuthenticationError);
    });
  });

  describe('OAuth clients and the client credentials grant', () => {
    it('create, list, get, update, rotate the secret, delete', async () => {
      const client = await warden.oauthClients.create({ name: 'erp', scopes: ['deals:read'] });
      expect(client.client_secret).toMatch(/^cs_/);
      expect((await warden.oauthClients.get(client.client_id!)).name).toBe('erp');
      expect((await warden.oauthClients.update(client.client_id!, { name: 'erp-2' })).name).toBe('erp-2');
      const ids: string[] = [];
      for await (const c of warden.oauthClients.list({ limit: 1 })) ids.push(c.client_id!);
      expect(ids).toContain(client.client_id);
      const rotated = await warden.oauthClients.rotateSecret(client.client_id!);
      expect(rotated.client_secret).not.toBe(client.client_secret);
      await warden.oauthClients.delete(client.client_id!);
      await expect(warden.oauthClients.get(client.client_id!)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('clientCredentials caches the token until shortly before expires_in; concurrent callers share one request', async () => {
      const client = await warden.oauthClients.create({ name: 'cache', scopes: ['deals:read'], token_ttl_seconds: 3600 });
      const counter = countingFetch();
      const anonymous = new Warden({ apiKey: null, baseUrl: w.url, fetch: counter.fetch });
      const params = { clientId: client.client_id!, clientSecret: client.client_secret! };
      const [a, b] = await Promise.all([anonymous.oauth.clientCredentials(params), anonymous.oauth.clientCredentials(params)]);
      const c = await anonymous.oauth.clientCredentials(params);
      expect(a.access_token).toBe(b.access_token);
      expect(c.access_token).toBe(a.access_token);
      expect(a.expires_in).toBe(3600);
      expect(counter.calls.filter((x) => x === 'POST /oauth/token')).toHaveLength(1);
      const fresh = await anonymous.oauth.clientCredentials({ ...params, forceRefresh: true });
      expect(fresh.access_token).not.toBe(a.access_token);
      const asClient = await new Warden({ apiKey: fresh.access_token, baseUrl: w.url }).me();
      expect(asClient.principal?.type).toBe('client');
      const wrong = await anonymous.oauth.clientCredentials({ ...params, clientSecret: 'cs_wrong' }).catch((e: unknown) => e);
      expect(wrong).toMatchObject({ status: 401, code: 'invalid_client' });
    });
  });

  describe('agents, workspaces, members', () => {
    it('agents: create, list, get, update, revoke', async () => {
      const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
      const agent = await warden.agents.create({ name: 'reconciler', scopes: ['deals:read'], public_key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x! } });
      expect(agent.id).toMatch(/^agt_/);
      expect((await warden.agents.get(agent.id!)).name).toBe('reconciler');
      expect((await warden.agents.update(agent.id!, { name: 'rec-2' })).name).toBe('rec-2');
      expect((await warden.agents.list()).data.map((a) => a.id)).toContain(agent.id);
      expect((await warden.agents.revoke(agent.id!)).revoked_at).toEqual(expect.any(String));
    });

    it('workspaces and members: list, invite, change a role, remove', async () => {
      const workspaces = await warden.workspaces.list();
      expect(workspaces.map((x) => x.id)).toEqual([w.owner.workspaceId]);
      const members = await warden.workspaces.members.list(w.owner.workspaceId);
      expect(members.map((m) => m.email)).toEqual([w.owner.email]);
      const invitation = await warden.workspaces.members.invite(w.owner.workspaceId, { email: 'new@bank.example', role: 'viewer' });
      expect(invitation).toMatchObject({ email: 'new@bank.example', role: 'viewer' });
      const asOwner = warden.withCredential(w.owner.session);
      const last = await asOwner.workspaces.members.updateRole(w.owner.workspaceId, w.owner.userId, 'viewer').catch((e: unknown) => e);
      expect(last).toMatchObject({ status: 409, code: 'last_owner' });
    });
  });

  describe('events, usage, verify', () => {
    it('events.list filters and pages', async () => {
      const created = await warden.keys.create({ name: 'evented', scopes: ['deals:read'] });
      const events = await warden.events.list({ type: 'key.created', limit: 100 }).toArray();
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.type === 'key.created')).toBe(true);
      expect(events.some((e) => e.target?.id === created.id)).toBe(true);
    });

    it('events.stream yields live events and resumes with Last-Event-ID after the connection drops', async () => {
      let proxy: TcpProxy | undefined;
      const stop = new AbortController();
      try {
        proxy = await startTcpProxy({ host: '127.0.0.1', port: w.port });
        const viaProxy = new Warden({ apiKey: w.adminKey, baseUrl: proxy.urlFor(w.url) });
        const stream = viaProxy.events.stream({ type: 'key.created', signal: stop.signal });
        const next = () => stream.next();
        const firstEvent = next();
        // The stream opens on the first next(); until the server holds it, an event would be missed
        // (no Last-Event-ID yet): create keys until one arrives.
        const made: Promise<string>[] = [];
        const poll = setInterval(() => made.push(warden.keys.create({ name: 'live-1', scopes: ['deals:read'] }).then((k) => k.id)), 300);
        let first;
        try {
          first = await firstEvent;
        } finally {
          clearInterval(poll);
        }
        const madeIds = await Promise.all(made);
        expect(madeIds).toContain(first.value?.target?.id);

        proxy.setMode('refuse');
        proxy.cutAll();
        const two = await warden.keys.create({ name: 'live-2', scopes: ['deals:read'] }); // made while the stream is down
        proxy.setMode('forward');
        // After the reconnect (Last-Event-ID): the keys made meanwhile, once each, then the one made while down.
        const seen = [first.value?.target?.id];
        while (seen[seen.length - 1] !== two.id) seen.push((await next()).value?.target?.id);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.slice(0, -1).every((id) => madeIds.includes(id!))).toBe(true);
      } finally {
        stop.abort();
        await proxy?.close();
      }
    });

    it('usage.get answers the workspace\'s request counts', async () => {
      await w.app.warden.flush();
      const usage = await warden.usage.get({ granularity: 'day' });
      expect(Array.isArray(usage.data)).toBe(true);
      expect(usage.totals?.requests).toBeGreaterThan(0);
    });

    it('verify: a valid key with its scopes, an invalid one as data (not an error)', async () => {
      const key = await warden.keys.create({ name: 'to-verify', scopes: ['deals:read'] });
      expect(await warden.verify({ key: key.key, required_scopes: ['deals:read'] })).toMatchObject({ valid: true });
      expect(await warden.verify({ key: key.key, required_scopes: ['deals:write'] })).toMatchObject({ valid: false, code: 'insufficient_scope' });
    });
  });

  describe('auth flows', () => {
    it('login with the 2FA step (challengeId + code), refresh, logout', async () => {
      const email = `twofa-${Date.now()}@bank.example`;
      const password = 'correct horse battery staple';
      await call(w.app, 'POST', '/auth/register', { body: { email, password } });
      const anonymous = new Warden({ apiKey: null, baseUrl: w.url });
      const plain = await anonymous.auth.login({ email, password });
      const session = anonymous.withCredential(plain.token!);
      const setup = await call(w.app, 'POST', '/auth/2fa/setup', { auth: { bearer: plain.token! } });
      const secret = base32Decode(setup.json().secret);
      const code = (): string => hotp(secret, totpCounter(Date.now()));
      expect((await call(w.app, 'POST', '/auth/2fa/enable', { auth: { bearer: plain.token! }, body: { code: code() } })).statusCode).toBe(200);

      const step = await anonymous.auth.login({ email, password }).catch((error: unknown) => error);
      expect(step).toBeInstanceOf(TwoFactorRequiredError);
      const challengeId = (step as TwoFactorRequiredError).challengeId;
      expect(challengeId).toEqual(expect.any(String));
      // A code already used (by enable) may be refused as replayed: use the recovery path on failure.
      const done = await anonymous.auth.login({ challengeId, twoFactorCode: hotp(secret, totpCounter(Date.now()) + 1) })
        .catch(() => anonymous.auth.login({ challengeId, twoFactorCode: hotp(secret, totpCounter(Date.now()) - 1) }));
      expect(done.refresh_token).toMatch(/^rt_/);
      const refreshed = await anonymous.auth.refresh(done.refresh_token!);
      expect(refreshed.refresh_token).not.toBe(done.refresh_token);
      await expect(anonymous.auth.refresh(done.refresh_token!)).rejects.toBeInstanceOf(AuthenticationError);
      await session.auth.logout();
      await expect(session.me()).rejects.toMatchObject({ status: 401 });
    });

    it('exchangeKey: the same token for the same session_id, a new one for a new session_id', async () => {
      const a = await warden.auth.exchangeKey({ sessionId: 'device-1' });
      const again = await warden.auth.exchangeKey({ sessionId: 'device-1' });
      const b = await warden.auth.exchangeKey({ sessionId: 'device-2' });
      expect(a.expires_in).toBeGreaterThan(7000);
      expect(again.access_token).toBe(a.access_token);
      expect(b.access_token).not.toBe(a.access_token);
      expect((await warden.withCredential(a.access_token).me()).principal?.type).toBe('api_key');
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
