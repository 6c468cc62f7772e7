import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Auth, type CreatedKey, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem, fieldsOf } from './helpers/assertions.js';
import { ManualClock } from '../src/lib/clock.js';

/**
 * GET /v1/usage and the keys' requests_24h, from real requests: every authenticated request is a
 * `request` event, queued, then added to the per-minute usage rollups when the writer flushes.
 * Request events and their rollups are stamped with the app's clock: this file holds it still
 * inside one minute, so exact per-minute counts cannot straddle a minute boundary (they once could,
 * when request events were stamped with Date.now()).
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const startOf = (ms: number, unit: number): string => new Date(Math.floor(ms / unit) * unit).toISOString();
const iso = (ms: number): string => new Date(ms).toISOString();

type Row = { bucket: string; actor_type?: string; actor_id?: string; endpoint_class?: string; status_class?: string; requests: number };
const DIMENSIONS = ['bucket', 'actor_type', 'actor_id', 'endpoint_class', 'status_class'] as const;
/** The order the API promises: bucket, then dimensions, byte order. */
const ordered = (rows: Row[]): Row[] =>
  [...rows].sort((a, b) => {
    for (const d of DIMENSIONS) {
      const x = a[d] ?? '';
      const y = b[d] ?? '';
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });

describe(`GET /v1/usage and requests_24h on ${STORE_KIND}`, () => {
  let t: TestApp;
  let owner: Owner;
  let other: Owner;
  let reader: CreatedKey;
  let alpha: CreatedKey;
  let beta: CreatedKey;
  let otherKey: CreatedKey;
  let madeByBeta: CreatedKey['body'][];
  /** When the seeded requests were made: all inside this one minute (hence one hour, one day). */
  let M: string;
  let H: string;
  let D: string;
  let clock: ManualClock;
  /** The reader's own /v1/usage calls are requests too: counted here by status class. */
  const readerCalls = { '2xx': 0, '4xx': 0 };

  /** Writes every queued request event, then GET /v1/usage?query with the reader key. */
  const usage = async (query = '') => {
    await t.app.warden.flush();
    const res = await call(t.app, 'GET', `/v1/usage${query ? `?${query}` : ''}`, { auth: { apiKey: reader.key } });
    if (res.statusCode >= 200 && res.statusCode < 300) readerCalls['2xx']++;
    else if (res.statusCode >= 400 && res.statusCode < 500) readerCalls['4xx']++;
    return res;
  };
  const ok = async (query = '') => {
    const res = await usage(query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ data: Row[]; totals: { requests: number }; granularity: string; since: string; until: string }>();
  };

  beforeAll(async () => {
    // Ten seconds into the current minute, and still: every seeded request falls in one minute.
    clock = new ManualClock(Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS + 10_000);
    t = await createTestApp({ clock });
    owner = await registerOwner(t.app);
    other = await registerOwner(t.app);
    const startedMs = clock.nowMs();

    const session = { bearer: owner.session };
    // The owner's session: 3 requests (user actor, write class, 2xx).
    reader = await createKey(t.app, session, { name: 'reader', scopes: ['usage:read'] });
    alpha = await createKey(t.app, session, { name: 'alpha', scopes: ['api-keys:read'] });
    beta = await createKey(t.app, session, { name: 'beta', scopes: ['api-keys:read', 'api-keys:write'] });
    const asAlpha = { apiKey: alpha.key };
    const asBeta = { apiKey: beta.key };
    // alpha: 3 × 2xx and 2 × 4xx, standard class.
    for (let i = 0; i < 3; i++) expect((await call(t.app, 'GET', '/v1/me', { auth: asAlpha })).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) expectProblem(await call(t.app, 'GET', '/v1/keys/key_doesnotexist', { auth: asAlpha }), 404, 'not_found');
    // beta: 2 × 2xx write class, 1 × 2xx standard class …
    madeByBeta = [];
    for (let i = 0; i < 2; i++) {
      const made = await call(t.app, 'POST', '/v1/keys', { auth: asBeta, body: { name: `made by beta ${i}`, scopes: [] } });
      expect(made.statusCode, made.body).toBe(201);
      madeByBeta.push(made.json().data);
    }
    expect((await call(t.app, 'GET', '/v1/me', { auth: asBeta })).statusCode).toBe(200);
    // … and refusals before authorisation completes are no request events: no principal.
    expectProblem(await call(t.app, 'GET', '/v1/usage', { auth: asBeta }), 403, 'insufficient_scope');
    expectProblem(await call(t.app, 'GET', '/v1/usage'), 401, 'authentication_required');
    // Another workspace: its owner's session 1 × write, its key 2 × standard.
    otherKey = await createKey(t.app, { bearer: other.session }, { name: 'other reader', scopes: ['usage:read'] });
    for (let i = 0; i < 2; i++) expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: otherKey.key } })).statusCode).toBe(200);
    await t.app.warden.flush();
    M = startOf(startedMs, MINUTE_MS);
    H = startOf(startedMs, HOUR_MS);
    D = startOf(startedMs, DAY_MS);
  });
  afterAll(async () => t?.close());

  it('default: hour buckets of the last 24 h by actor and status class, exact counts', async () => {
    const before = clock.nowMs();
    const body = await ok();
    // The first /v1/usage call: no reader rows yet.
    expect(body.data).toEqual(ordered([
      { bucket: H, actor_type: 'api_key', actor_id: alpha.id, status_class: '2xx', requests: 3 },
      { bucket: H, actor_type: 'api_key', actor_id: alpha.id, status_class: '4xx', requests: 2 },
      { bucket: H, actor_type: 'api_key', actor_id: beta.id, status_class: '2xx', requests: 3 },
      { bucket: H, actor_type: 'user', actor_id: owner.userId, status_class: '2xx', requests: 3 },
    ]));
    expect(body.totals).toEqual({ requests: 11 });
    expect(body.granularity).toBe('hour');
    const until = Date.parse(body.until);
    expect(until).toBeGreaterThanOrEqual(before);
    expect(until).toBeLessThanOrEqual(clock.nowMs());
    expect(until - Date.parse(body.since)).toBe(DAY_MS);
  });

  it('minute buckets: one key by endpoint and status class; actor filters; endpoint class filter', async () => {
    const beta1 = await ok(`granularity=minute&api_key_id=${beta.id}&group_by=endpoint_class,status_class`);
    expect(beta1.granularity).toBe('minute');
    expect(beta1.data).toEqual([
      { bucket: M, endpoint_class: 'standard', status_class: '2xx', requests: 1 },
      { bucket: M, endpoint_class: 'write', status_class: '2xx', requests: 2 },
    ]);
    expect(beta1.totals.requests).toBe(3);
    expect(Date.parse(beta1.until) - Date.parse(beta1.since)).toBe(DAY_MS);

    // group_by order does not matter; actor_type + actor_id is the same as api_key_id.
    const alpha1 = await ok(`granularity=minute&actor_type=api_key&actor_id=${alpha.id}&group_by=status_class,actor,endpoint_class`);
    expect(alpha1.data).toEqual([
      { bucket: M, actor_type: 'api_key', actor_id: alpha.id, endpoint_class: 'standard', status_class: '2xx', requests: 3 },
      { bucket: M, actor_type: 'api_key', actor_id: alpha.id, endpoint_class: 'standard', status_class: '4xx', requests: 2 },
    ]);

    // Writes only (the reader's GETs are standard class, so not here).
    const writes = await ok('granularity=minute&endpoint_class=write&group_by=actor');
    expect(writes.data).toEqual(ordered([
      { bucket: M, actor_type: 'api_key', actor_id: beta.id, requests: 2 },
      { bucket: M, actor_type: 'user', actor_id: owner.userId, requests: 3 },
    ]));
    expect(writes.totals.requests).toBe(5);
  });

  it('day buckets (30 days by default); status class filter; empty group_by is one row per bucket', async () => {
    const failures = await ok('granularity=day&status_class=4xx&group_by=actor');
    expect(failures.data).toEqual([{ bucket: D, actor_type: 'api_key', actor_id: alpha.id, requests: 2 }]);
    expect(failures.granularity).toBe('day');
    expect(Date.parse(failures.until) - Date.parse(failures.since)).toBe(30 * DAY_MS);

    const users = await ok('granularity=day&actor_type=user&group_by=');
    expect(users.data).toEqual([{ bucket: D, requests: 3 }]);

    // Standard class by status: alpha 3 + beta 1 + the reader's own earlier calls, all 2xx.
    const readerSoFar = readerCalls['2xx'];
    const standard = await ok('granularity=day&endpoint_class=standard&group_by=status_class');
    expect(standard.data).toEqual([
      { bucket: D, status_class: '2xx', requests: 4 + readerSoFar },
      { bucket: D, status_class: '4xx', requests: 2 },
    ]);
    expect(standard.totals.requests).toBe(6 + readerSoFar);
  });

  it('since is inclusive, until exclusive, on rollup minutes; both are echoed', async () => {
    const minute = Date.parse(M);
    const inWindow = await ok(`since=${M}&until=${iso(minute + MINUTE_MS)}&api_key_id=${alpha.id}&group_by=status_class`);
    expect(inWindow.data).toEqual([
      { bucket: H, status_class: '2xx', requests: 3 },
      { bucket: H, status_class: '4xx', requests: 2 },
    ]);
    expect(inWindow.since).toBe(M);
    expect(inWindow.until).toBe(iso(minute + MINUTE_MS));
    const before = await ok(`since=${iso(minute - HOUR_MS)}&until=${M}&api_key_id=${alpha.id}`);
    expect(before.data).toEqual([]);
    expect(before.totals).toEqual({ requests: 0 });
    const after = await ok(`since=${iso(minute + MINUTE_MS)}&until=${iso(minute + 2 * MINUTE_MS)}&api_key_id=${alpha.id}`);
    expect(after.data).toEqual([]);
  });

  it('the reader\'s own /v1/usage calls are counted like any request', async () => {
    const expected = readerCalls['2xx'];
    const own = await ok(`granularity=day&api_key_id=${reader.id}&group_by=status_class,endpoint_class`);
    expect(expected).toBeGreaterThan(5);
    expect(own.data).toEqual([{ bucket: D, endpoint_class: 'standard', status_class: '2xx', requests: expected }]);
  });

  it('rejects bad parameters with validation_failed naming the field', async () => {
    const now = clock.nowMs();
    const cases: [string, string][] = [
      ['granularity=week', 'granularity'],
      ['since=yesterday', 'since'],
      ['until=2024-13-45T00:00:00Z', 'until'],
      [`since=${iso(now)}&until=${iso(now - HOUR_MS)}`, 'until'],
      [`since=${iso(now)}&until=${iso(now)}`, 'until'],
      [`since=${iso(now + HOUR_MS)}`, 'since'],
      [`granularity=minute&since=${iso(now - DAY_MS - MINUTE_MS)}`, 'since'],
      [`granularity=minute&since=${iso(now - 2 * HOUR_MS)}&until=${iso(now + DAY_MS)}`, 'since'],
      [`granularity=hour&since=${iso(now - 31 * DAY_MS - 1000)}&until=${iso(now)}`, 'since'],
      [`granularity=day&since=${iso(now - 366 * DAY_MS - 1000)}&until=${iso(now)}`, 'since'],
      ['group_by=actor,weekday', 'group_by'],
      ['group_by=actor,', 'group_by'],
      ['status_class=6xx', 'status_class'],
      ['endpoint_class=bulk', 'endpoint_class'],
      ['actor_type=system', 'actor_type'],
      [`api_key_id=${alpha.id}&actor_type=user`, 'api_key_id'],
      [`api_key_id=${alpha.id}&actor_id=${beta.id}`, 'actor_id'],
      ['limit=10', 'limit'],
    ];
    for (const [query, field] of cases) {
      const problem = expectProblem(await usage(query), 400, 'validation_failed');
      expect(fieldsOf(problem), query).toEqual([field]);
    }
    // Exactly at the caps is fine.
    await ok(`granularity=minute&since=${iso(now - DAY_MS)}&until=${iso(now)}`);
    await ok(`granularity=hour&since=${iso(now - 31 * DAY_MS)}&until=${iso(now)}`);
    await ok(`granularity=day&since=${iso(now - 366 * DAY_MS)}&until=${iso(now)}`);
    // The refusals are the reader's 4xx requests.
    const own = await ok(`granularity=day&api_key_id=${reader.id}&status_class=4xx&group_by=status_class`);
    expect(own.data).toEqual([{ bucket: D, status_class: '4xx', requests: cases.length }]);
  });

  it('needs usage:read', async () => {
    const refused = expectProblem(await call(t.app, 'GET', '/v1/usage', { auth: { apiKey: beta.key } }), 403, 'insufficient_scope');
    expect(refused.missing_scopes).toEqual(['usage:read']);
  });

  it('answers only the caller\'s workspace', async () => {
    const asOther: Auth = { apiKey: otherKey.key };
    await t.app.warden.flush();
    const foreign = await call(t.app, 'GET', `/v1/usage?granularity=day&api_key_id=${alpha.id}`, { auth: asOther });
    expect(foreign.statusCode, foreign.body).toBe(200);
    expect(foreign.json()).toMatchObject({ data: [], totals: { requests: 0 } });

    // Its own: the other owner's key creation, its key's 2 /v1/me and the call just above.
    await t.app.warden.flush();
    const own = await call(t.app, 'GET', '/v1/usage?granularity=day&group_by=actor', { auth: asOther });
    expect(own.json().data).toEqual(ordered([
      { bucket: D, actor_type: 'api_key', actor_id: otherKey.id, requests: 3 },
      { bucket: D, actor_type: 'user', actor_id: other.userId, requests: 1 },
    ]));

    // A brand-new owner (session: owner role, *:*) sees nothing at all.
    const stranger = await registerOwner(t.app);
    const empty = await call(t.app, 'GET', '/v1/usage?granularity=day', { auth: { bearer: stranger.session } });
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toMatchObject({ data: [], totals: { requests: 0 }, granularity: 'day' });
  });

  it('API keys show requests_24h: every request made with the key, on list and get', async () => {
    const asAlpha: Auth = { apiKey: alpha.key };
    const shown = (list: { data: { id: string; requests_24h: number }[] }) => Object.fromEntries(list.data.map((k) => [k.id, k.requests_24h]));
    // A new key has none (create answers 0).
    for (const made of madeByBeta) expect(made.requests_24h).toBe(0);

    // alpha so far: 3 × /v1/me + 2 × 404. The list call itself is written only after it answers.
    await t.app.warden.flush();
    const list = await call(t.app, 'GET', '/v1/keys', { auth: asAlpha });
    expect(list.statusCode, list.body).toBe(200);
    expect(shown(list.json())).toEqual({
      [reader.id]: readerCalls['2xx'] + readerCalls['4xx'],
      [alpha.id]: 5,
      // beta: 2 creations + 1 /v1/me; its two 403s (before authorisation) are not requests.
      [beta.id]: 3,
      [madeByBeta[0]!.id]: 0,
      [madeByBeta[1]!.id]: 0,
    });

    await t.app.warden.flush();
    const one = await call(t.app, 'GET', `/v1/keys/${alpha.id}`, { auth: asAlpha });
    expect(one.json().data.requests_24h).toBe(6);
    await t.app.warden.flush();
    expect((await call(t.app, 'GET', `/v1/keys/${beta.id}`, { auth: asAlpha })).json().data.requests_24h).toBe(3);
    // Under the /v1/api-keys alias too (as beta: alpha stays at 8 requests from here).
    await t.app.warden.flush();
    const alias = await call(t.app, 'GET', '/v1/api-keys', { auth: { apiKey: beta.key } });
    expect(shown(alias.json())[alpha.id]).toBe(8);
    expect(shown(alias.json())[beta.id]).toBe(3);

    // The same number /v1/usage gives for the key.
    const usageOfAlpha = await ok(`api_key_id=${alpha.id}&group_by=`);
    expect(usageOfAlpha.totals.requests).toBe(8);

    // update and rotate answer the key with its count too (the id, and so the count, survive rotation).
    const session: Auth = { bearer: owner.session };
    const patched = await call(t.app, 'PATCH', `/v1/keys/${alpha.id}`, { auth: session, body: { name: 'alpha renamed' } });
    expect(patched.json().data).toMatchObject({ name: 'alpha renamed', requests_24h: 8 });
    const rotated = await call(t.app, 'POST', `/v1/keys/${alpha.id}/rotate`, { auth: session, body: { grace_period_seconds: 0 } });
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(rotated.json().data.requests_24h).toBe(8);
  });
});

describe(`request events are stamped with the app's clock (${STORE_KIND})`, () => {
  it('a request made at the clock\'s 2031-03-04T05:06:30Z is counted in that minute (regression: stamped with Date.now())', async () => {
    const clock = new ManualClock(Date.parse('2031-03-04T05:06:30Z'));
    const t = await createTestApp({ clock });
    try {
      const owner = await registerOwner(t.app);
      const reader = await createKey(t.app, { bearer: owner.session }, { name: 'reader', scopes: ['usage:read'] });
      expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: reader.key } })).statusCode).toBe(200);
      await t.app.warden.flush();
      const res = await call(t.app, 'GET', `/v1/usage?granularity=minute&api_key_id=${reader.id}&group_by=status_class`, { auth: { apiKey: reader.key } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().data).toEqual([{ bucket: '2031-03-04T05:06:00.000Z', status_class: '2xx', requests: 1 }]);
    } finally {
      await t.close();
    }
  });
});
