import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionError, RateLimitError, ServerError, TimeoutError, Warden } from '../sdk/src/index.js';
import { backoffMs, retryAfterMs } from '../sdk/src/transport.js';

/**
 * Retries, back-off and timeouts need a server that fails on purpose: a few lines of node:http
 * on loopback answer as Warden does when it is overloaded (429 + Retry-After) or its store is
 * down (503). Everything else about the SDK is tested against a real Warden (sdk.test.ts).
 */
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server ? server.close(resolve) : resolve(undefined));
  server = undefined;
});

async function serve(handler: (request: IncomingMessage, response: ServerResponse, seen: number) => void): Promise<{ url: string; requests: { method: string; path: string; idempotencyKey: string | undefined }[] }> {
  const requests: { method: string; path: string; idempotencyKey: string | undefined }[] = [];
  server = createServer((request, response) => {
    requests.push({ method: request.method!, path: request.url!, idempotencyKey: request.headers['idempotency-key'] as string | undefined });
    handler(request, response, requests.length);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

const problem = (response: ServerResponse, status: number, code: string, headers: Record<string, string> = {}): void => {
  response.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
  response.end(JSON.stringify({ status, code, detail: `${code} detail` }));
};
const ok = (response: ServerResponse, body: unknown, status = 200): void => {
  response.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
  response.end(JSON.stringify(body));
};

describe('SDK transport: retries, back-off, timeouts', () => {
  it('retries a GET on 429 honouring Retry-After, and on 503', async () => {
    const { url, requests } = await serve((_req, res, n) => {
      if (n === 1) return problem(res, 429, 'rate_limited', { 'retry-after': '0' });
      if (n === 2) return problem(res, 503, 'store_unavailable');
      ok(res, { data: { id: 'key_1' } });
    });
    const warden = new Warden({ apiKey: 'wk_live_x', baseUrl: url, maxRetries: 2 });
    expect(await warden.keys.get('key_1')).toEqual({ id: 'key_1' });
    expect(requests).toHaveLength(3);
  });

  it('gives up after maxRetries with the last error (status, code, detail, requestId)', async () => {
    const { url, requests } = await serve((_req, res) => problem(res, 429, 'rate_limited', { 'retry-after': '0', 'x-request-id': 'req-9' }));
    const error = await new Warden({ apiKey: 'k', baseUrl: url, maxRetries: 1 }).keys.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', detail: 'rate_limited detail', requestId: 'req-9', retryAfterSeconds: 0 });
    expect(requests).toHaveLength(2);
  });

  it('a Retry-After longer than a minute is not waited for: the 429 is raised at once', async () => {
    const { url, requests } = await serve((_req, res) => problem(res, 429, 'rate_limited', { 'retry-after': '3600' }));
    await expect(new Warden({ apiKey: 'k', baseUrl: url }).keys.get('x')).rejects.toMatchObject({ retryAfterSeconds: 3600 });
    expect(requests).toHaveLength(1);
  });

  it('never retries a POST the server cannot de-duplicate (rotate); creation retries with one Idempotency-Key', async () => {
    const { url, requests } = await serve((req, res, n) => {
      if (n <= 2) return problem(res, 503, 'store_unavailable');
      ok(res, { data: { id: 'key_2', key: 'wk_live_y' } }, 201);
    });
    const warden = new Warden({ apiKey: 'k', baseUrl: url });
    await expect(warden.keys.rotate('key_1')).rejects.toBeInstanceOf(ServerError);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.idempotencyKey).toBeUndefined();
    expect((await warden.keys.create({ name: 'n', scopes: [] })).id).toBe('key_2');
    expect(requests.slice(1).map((r) => r.method)).toEqual(['POST', 'POST']);
    expect(requests[1]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(requests[2]!.idempotencyKey).toBe(requests[1]!.idempotencyKey);
  });

  it('a server that does not answer is a TimeoutError after timeoutMs', async () => {
    const { url } = await serve(() => undefined);
    const error = await new Warden({ apiKey: 'k', baseUrl: url, timeoutMs: 200, maxRetries: 0 }).keys.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ status: 0, code: 'timeout' });
  });

  it('nothing listening is a ConnectionError (after the retries of an idempotent call)', async () => {
    const { url } = await serve(() => undefined);
    server!.close();
    server = undefined;
    const error = await new Warden({ apiKey: 'k', baseUrl: url, maxRetries: 1 }).keys.list().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).detail).toMatch(/Cannot reach Warden at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
  });

  it('a 2xx that is not JSON (a proxy\'s page) is a WardenError invalid_response, not a SyntaxError', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login to the hotel wifi</html>');
    });
    await expect(new Warden({ apiKey: 'k', baseUrl: url }).keys.get('x')).rejects.toMatchObject({ name: 'WardenError', status: 200, code: 'invalid_response' });
  });

  it('back-off is jittered and capped; Retry-After reads seconds and HTTP dates', () => {
    expect(backoffMs(1, () => 0)).toBe(250);
    expect(backoffMs(1, () => 1)).toBe(500);
    expect(backoffMs(10, () => 1)).toBe(8000);
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
