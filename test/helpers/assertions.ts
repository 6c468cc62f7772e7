import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { call } from './test-app.js';

export type Response = Awaited<ReturnType<typeof call>>;

/** Asserts an RFC 9457 problem answer with this status and code, without internals; returns its body. */
export function expectProblem(response: Response, status: number, code: string): Record<string, any> {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json<Record<string, any>>();
  expect(body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  expect(body).not.toHaveProperty('stack');
  expect(response.body).not.toMatch(/\n\s+at |\.(ts|js):\d+:\d+/);
  return body;
}

/** The `field`s named by a validation problem's `errors[]`. */
export const fieldsOf = (body: Record<string, any>): string[] => (body.errors ?? []).map((e: { field: string }) => e.field);

/** SHA-256 hex, computed independently of the code under test. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The key with one character of its random part changed: the checksum no longer matches. */
export function mistype(key: string): string {
  const at = key.length - 7;
  return key.slice(0, at) + (key[at] === 'a' ? 'b' : 'a') + key.slice(at + 1);
}
