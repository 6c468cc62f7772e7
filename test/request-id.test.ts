import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, registerOwner, STORE_KIND, type TestApp } from './helpers/test-app.js';
import { expectProblem } from './helpers/assertions.js';

/** Every answer names its request in X-Request-Id; problems also carry it as `request_id`. */

const SAFE = /^[A-Za-z0-9._-]{1,64}$/;

describe(`X-Request-Id (${STORE_KIND})`, () => {
  let t: TestApp;
  let session: string;

  beforeAll(async () => {
    t = await createTestApp();
    session = (await registerOwner(t.app)).session;
  });
  afterAll(async () => t?.close());

  it('a 200 carries a generated id, different per request', async () => {
    const first = await call(t.app, 'GET', '/v1/me', { auth: { bearer: session } });
    const second = await call(t.app, 'GET', '/healthz');
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    const a = first.headers['x-request-id'];
    const b = second.headers['x-request-id'];
    expect(a).toMatch(SAFE);
    expect(b).toMatch(SAFE);
    expect(a).not.toBe(b);
  });

  it('a problem carries it in the header and as request_id', async () => {
    const refused = await call(t.app, 'GET', '/v1/me');
    const problem = expectProblem(refused, 401, 'authentication_required');
    expect(refused.headers['x-request-id']).toMatch(SAFE);
    expect(problem.request_id).toBe(refused.headers['x-request-id']);

    const unknown = await call(t.app, 'GET', '/v1/nothing-here');
    expect(expectProblem(unknown, 404, 'not_found').request_id).toBe(unknown.headers['x-request-id']);

    const invalid = await call(t.app, 'POST', '/v1/keys', { auth: { bearer: session }, body: { name: 42 } });
    expect(expectProblem(invalid, 400, 'validation_failed').request_id).toBe(invalid.headers['x-request-id']);

    // Errors fastify raises before routing (no hook ran) too.
    const malformed = await call(t.app, 'GET', '/v1/keys/%E0%A4%A');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['x-request-id']).toMatch(SAFE);
    expect(malformed.json().request_id).toBe(malformed.headers['x-request-id']);
  });

  it('echoes a safe incoming X-Request-Id, on a 200 and on a problem', async () => {
    const ok = await call(t.app, 'GET', '/healthz', { headers: { 'x-request-id': 'lb-7f3a.09_Z-1' } });
    expect(ok.headers['x-request-id']).toBe('lb-7f3a.09_Z-1');
    const refused = await call(t.app, 'GET', '/v1/me', { headers: { 'x-request-id': 'trace-42' } });
    expect(refused.headers['x-request-id']).toBe('trace-42');
    expect(refused.json().request_id).toBe('trace-42');
    const longest = 'a'.repeat(64);
    expect((await call(t.app, 'GET', '/healthz', { headers: { 'x-request-id': longest } })).headers['x-request-id']).toBe(longest);
  });

  it('replaces an unsafe or over-long incoming id with its own', async () => {
    for (const unsafe of ['a'.repeat(65), 'has space', 'x;y', '<script>', 'ünï', '']) {
      const response = await call(t.app, 'GET', '/v1/me', { headers: { 'x-request-id': unsafe } });
      const id = response.headers['x-request-id'];
      expect(id, unsafe).toMatch(SAFE);
      expect(id, unsafe).not.toBe(unsafe);
      expect(response.json().request_id, unsafe).toBe(id);
    }
  });
});
