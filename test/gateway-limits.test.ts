import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, createTestApp, registerOwner, type TestApp } from './helpers/test-app.js';
import { startUpstream, writeRoutesFile, type Upstream } from './helpers/upstream.js';
import { CLUSTER_AVAILABLE, startCluster, type Cluster } from './helpers/cluster.js';

/** The gateway limits like Warden's own routes (issue 14): headers on forwarded answers, 429 before the upstream. */

let t: TestApp;
let upstream: Upstream;
let base: string;

const ROUTES = (url: string): string => `
upstreams: { live: ${url}, test: ${url} }
routes:
  - match: GET /v1/deals/**
    scopes: [deals:read]
  - match: POST /v1/documents/upload
    scopes: [deals:read]
    rate_class: upload
  - match: GET /v1/status
    auth: none
`;

beforeAll(async () => {
  upstream = await startUpstream('live', (request, response) => {
    if (request.url !== '/v1/deals/ratelimited') return false;
    // An upstream's own rate-limit headers do not replace Warden's.
    response.writeHead(200, { 'x-ratelimit-limit': '999999', 'content-type': 'text/plain' });
    response.end('ok');
    return true;
  });
  t = await createTestApp({
    env: {
      TRUSTED_PROXIES: '127.0.0.1', WARDEN_SCOPE_RESOURCES: 'deals', WARDEN_RATE_LIMITS: 'on', WARDEN_RATE_LIMIT_STANDARD: '3', WARDEN_RATE_LIMIT_UPLOAD: '1',
      WARDEN_RATE_LIMIT_WORKSPACE: '1000', WARDEN_RATE_LIMIT_AUTH: '1000', WARDEN_GATEWAY_CONFIG: writeRoutesFile(ROUTES(upstream.url)),
    },
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await t?.close();
  await upstream?.close();
});

describe('gateway rate limits', () => {
  it('puts the rate-limit headers on the upstream\'s answers and answers 429 + Retry-After without forwarding', async () => {
    const owner = await registerOwner(t.app, undefined, { remoteAddress: '10.1.1.1' });
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'rl', scopes: ['deals:read'], environment: 'live' });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${base}/v1/deals/ratelimited`, { headers: { authorization: `Bearer ${key.key}` } });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('ok');
      expect(response.headers.get('x-ratelimit-limit')).toBe('3');
      expect(response.headers.get('ratelimit-policy')).toBe('"standard";q=3;w=60');
      remaining.push(response.headers.get('x-ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const seen = upstream.seen.length;
    const refused = await fetch(`${base}/v1/deals/ratelimited`, { headers: { authorization: `Bearer ${key.key}` } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as any).code).toBe('rate_limited');
    expect(upstream.seen.length).toBe(seen);
  });

  it('counts a route by its rate_class', async () => {
    const owner = await registerOwner(t.app, undefined, { remoteAddress: '10.1.1.2' });
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'up', scopes: ['deals:read'], environment: 'live' });
    const first = await fetch(`${base}/v1/documents/upload`, { method: 'POST', headers: { authorization: `Bearer ${key.key}` }, body: 'x' });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-policy')).toBe('"upload";q=1;w=60');
    const second = await fetch(`${base}/v1/documents/upload`, { method: 'POST', headers: { authorization: `Bearer ${key.key}` }, body: 'x' });
    expect(second.status).toBe(429);
  });

  it('X-Forwarded-*: carries on what a trusted proxy (here the loopback peer) reported, appending the peer', async () => {
    const response = await fetch(`${base}/v1/status`, { headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.9', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.bank.example' } });
    expect(response.status).toBe(200);
    const seen = upstream.seen.at(-1)!;
    // 203.0.113.9 is untrusted: the chain stops there (what it claims about 198.51.100.1 is not carried on).
    expect(seen.headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(seen.headers['x-forwarded-proto']).toBe('https');
    expect(seen.headers['x-forwarded-host']).toBe('api.bank.example');
  });

  it('limits auth: none routes per client IP', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${base}/v1/status`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

describe.skipIf(!CLUSTER_AVAILABLE)('gateway on two instances (PostgreSQL + Redis)', () => {
  let cluster: Cluster;
  let clusterUpstream: Upstream;

  beforeAll(async () => {
    clusterUpstream = await startUpstream('live');
    cluster = await startCluster(2, { WARDEN_SCOPE_RESOURCES: 'deals', WARDEN_GATEWAY_CONFIG: writeRoutesFile(ROUTES(clusterUpstream.url)) });
  });

  afterAll(async () => {
    await cluster?.close();
    await clusterUpstream?.close();
  });

  it('a key works through both instances, and revoking it on one refuses it at the other\'s gateway', async () => {
    const [a, b] = cluster.apps as [typeof cluster.apps[0], typeof cluster.apps[0]];
    const owner = await registerOwner(a);
    const key = await createKey(a, { bearer: owner.session }, { name: 'c', scopes: ['deals:read'], environment: 'live' });
    for (const instance of cluster.bases) {
      const response = await fetch(`${instance}/v1/deals/1`, { headers: { authorization: `Bearer ${key.key}` } });
      expect(response.status).toBe(200);
    }
    const revoke = await a.inject({ method: 'DELETE', url: `/v1/keys/${key.id}`, headers: { authorization: `Bearer ${owner.session}` } });
    expect(revoke.statusCode).toBe(200);
    const seen = clusterUpstream.seen.length;
    // The bus carries the revocation: bounded wait for instance b to hear it.
    let status = 0;
    for (let i = 0; i < 50; i++) {
      status = (await fetch(`${cluster.bases[1]}/v1/deals/1`, { headers: { authorization: `Bearer ${key.key}` } })).status;
      if (status === 401) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(401);
    expect(b).toBeDefined();
    expect(clusterUpstream.seen.length).toBeLessThanOrEqual(seen + 49);
    const after = clusterUpstream.seen.length;
    expect((await fetch(`${cluster.bases[1]}/v1/deals/1`, { headers: { authorization: `Bearer ${key.key}` } })).status).toBe(401);
    expect(clusterUpstream.seen.length).toBe(after);
  });
});
