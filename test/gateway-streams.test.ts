import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, createTestApp, registerOwner, type TestApp } from './helpers/test-app.js';
import { startUpstream, writeRoutesFile, type Upstream } from './helpers/upstream.js';

/**
 * The gateway streams (issue 14): a 50 MB upload is never held whole, an SSE answer reaches the
 * client event by event, a client that leaves aborts the upstream request; and its failures are
 * Warden's problem answers (502, 504).
 */

const MB = 1024 * 1024;
// A collection before each RSS sample: read buffers already passed on are garbage, not held.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
let t: TestApp;
let failing: TestApp;
let upstream: Upstream;
let silent: Upstream;
let base: string;
let failingBase: string;
let key: string;
let failingKey: string;
let failingTestKey: string;
/** Resolved by the client when it has read the first SSE event; the upstream waits for it before the second. */
let firstEventRead: () => void = () => {};
/** Resolved when the upstream sees its request closed by Warden. */
let upstreamClosed: Promise<void> = Promise.resolve();

async function listen(app: TestApp): Promise<string> {
  await app.app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.app.server.address() as { port: number }).port}`;
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  upstream = await startUpstream('live', (request, response) => {
    if (request.url === '/v1/feed') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      response.write('event: deal\ndata: {"n":1}\n\n');
      new Promise<void>((resolve) => (firstEventRead = resolve)).then(() => response.end('event: deal\ndata: {"n":2}\n\n'));
      return true;
    }
    if (request.url === '/v1/deals/reset') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('partial');
      setTimeout(() => response.socket?.destroy(), 20);
      return true;
    }
    if (request.url === '/v1/deals/hang') {
      upstreamClosed = new Promise<void>((resolve) => response.once('close', () => resolve()));
      return true; // never answers
    }
    return false;
  });
  silent = await startUpstream('silent', () => true); // accepts and never answers
  const resources = { WARDEN_SCOPE_RESOURCES: 'deals,feed' };
  t = await createTestApp({
    env: {
      ...resources,
      WARDEN_GATEWAY_CONFIG: writeRoutesFile(`
upstreams: { live: ${upstream.url}, test: ${upstream.url} }
routes:
  - match: ANY /v1/deals/**
    scopes: [deals:read]
  - match: GET /v1/feed
    scopes: [feed:read]
`),
    },
  });
  failing = await createTestApp({
    env: {
      ...resources,
      WARDEN_GATEWAY_CONFIG: writeRoutesFile(`
upstreams:
  live: http://127.0.0.1:${await closedPort()}
  test: ${silent.url}
timeout_ms: 300
routes:
  - match: ANY /v1/deals/**
    scopes: [deals:read]
`),
    },
  });
  base = await listen(t);
  failingBase = await listen(failing);
  const owner = await registerOwner(t.app);
  key = (await createKey(t.app, { bearer: owner.session }, { name: 'k', scopes: ['deals:read', 'feed:read'], environment: 'live' })).key;
  const failingOwner = await registerOwner(failing.app);
  failingKey = (await createKey(failing.app, { bearer: failingOwner.session }, { name: 'k', scopes: ['deals:read'], environment: 'live' })).key;
  failingTestKey = (await createKey(failing.app, { bearer: failingOwner.session }, { name: 't', scopes: ['deals:read'], environment: 'test' })).key;
});

afterAll(async () => {
  await t?.close();
  await failing?.close();
  await upstream?.close();
  await silent?.close();
});

describe('gateway streaming', () => {
  it('streams a 50 MB upload to the upstream without holding it: RSS grows far less than 50 MB', async () => {
    const chunk = Buffer.alloc(MB, 7);
    gc();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    // Bytes written by the client that the upstream has not received yet: buffering the body whole would make it 50 MB.
    let inFlightPeak = 0;
    const received = (): number => upstream.seen.find((s) => s.url === '/v1/deals/upload')?.bodyBytes ?? 0;
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${base}/v1/deals/upload`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (text: string) => (body += text));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      let sent = 0;
      const writeMore = (): void => {
        while (sent < 50) {
          sent++;
          inFlightPeak = Math.max(inFlightPeak, sent * MB - received());
          if (sent % 5 === 0) {
            gc();
            rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
          }
          if (!req.write(chunk)) {
            req.once('drain', writeMore);
            return;
          }
        }
        req.end();
      };
      writeMore();
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ upstream: 'live', method: 'POST', body_bytes: 50 * MB });
    expect(upstream.seen.at(-1)!.headers['transfer-encoding']).toBe('chunked');
    expect(inFlightPeak).toBeLessThan(25 * MB);
    expect(rssPeak - rssBefore).toBeLessThan(25 * MB);
  });

  it('relays an upstream SSE stream event by event (the second is sent only after the client read the first)', async () => {
    const response = await fetch(`${base}/v1/feed`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache'); // the upstream's own
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const within = <T>(promise: Promise<T>): Promise<T> =>
      Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('no event within 5 s: the answer is buffered')), 5_000))]);
    let text = '';
    while (!text.includes('\n\n')) {
      const { value, done } = await within(reader.read());
      if (done) break;
      text += value;
    }
    expect(text).toBe('event: deal\ndata: {"n":1}\n\n');
    firstEventRead();
    for (;;) {
      const { value, done } = await within(reader.read());
      if (done) break;
      text += value;
    }
    expect(text).toBe('event: deal\ndata: {"n":1}\n\nevent: deal\ndata: {"n":2}\n\n');
  });

  it('a client that disconnects aborts the upstream request', async () => {
    const req = httpRequest(`${base}/v1/deals/hang`, { headers: { authorization: `Bearer ${key}` } });
    req.on('error', () => {});
    req.end();
    const deadline = Date.now() + 10_000;
    while (!upstream.seen.some((s) => s.url === '/v1/deals/hang') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const closed = upstreamClosed;
    req.destroy();
    await closed; // the upstream hears the abort (the route's timeout is the default 30 s: not what closed it)
    expect(upstream.seen.filter((s) => s.url === '/v1/deals/hang')).toHaveLength(1);
  });
});

describe('gateway failures are Warden\'s answers', () => {
  it('an upstream that resets mid-answer cuts the client\'s answer short; the gateway keeps serving', async () => {
    const response = await fetch(`${base}/v1/deals/reset`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect((await fetch(`${base}/v1/deals/after-reset`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
  });

  it('502 upstream_unavailable when the upstream refuses the connection', async () => {
    const response = await fetch(`${failingBase}/v1/deals/1`, { headers: { authorization: `Bearer ${failingKey}` } });
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ code: 'upstream_unavailable', status: 502 });
  });

  it('504 upstream_timeout when the upstream does not answer within timeout_ms, and the upstream request is aborted', async () => {
    const before = silent.seen.length;
    const response = await fetch(`${failingBase}/v1/deals/slow`, { headers: { authorization: `Bearer ${failingTestKey}` } });
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ code: 'upstream_timeout', status: 504 });
    expect(silent.seen.length).toBe(before + 1);
    const deadline = Date.now() + 5_000;
    while (!silent.seen.at(-1)!.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(silent.seen.at(-1)!.closed).toBe(true);
  });
});
