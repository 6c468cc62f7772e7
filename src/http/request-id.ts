import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header every answer carries, and the one a caller (or its proxy) may send to name the request. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** An incoming id is honoured only when it is short and harmless in logs and headers. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Fastify's `genReqId`: the caller's `X-Request-Id` when it is safe, else `<process prefix>-<counter>`.
 * The prefix (random once per process) keeps ids of several instances apart; per request it is a
 * counter, no crypto.
 */
export function requestIdGenerator(): (raw: IncomingMessage) => string {
  const prefix = randomBytes(6).toString('base64url');
  let next = 0;
  return (raw) => {
    const incoming = raw.headers[REQUEST_ID_HEADER];
    if (typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming)) return incoming;
    next = next === Number.MAX_SAFE_INTEGER ? 1 : next + 1;
    return `${prefix}-${next.toString(36)}`;
  };
}
