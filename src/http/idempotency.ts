import type { FastifyReply, FastifyRequest, onSendHookHandler, preHandlerAsyncHookHandler } from 'fastify';
import type { IdempotencyService, IdempotencyStart } from '../idempotency/idempotency-service.js';
import { principalOf } from './auth-hook.js';

/** The header, documented in the OpenAPI of each route that honours it. */
export const idempotencyKeyHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$',
      description: 'Optional. The same key from the same credential within 24 h answers the first answer again (no second secret); another body → 422 idempotency_key_reused',
    },
  },
} as const;

/** Answers resent with their first headers (only these; the rest is the replay's own). */
const REPLAYED_HEADERS = ['location'];

/**
 * `Idempotency-Key` for a creating POST: the first request runs and its 2xx answer is kept; a
 * retry gets that answer again with `Idempotent-Replayed: true`. A failed first request keeps
 * nothing, so it can be retried with the same key.
 */
export function idempotencyHooks(service: IdempotencyService | undefined, operation: string): { preHandler: preHandlerAsyncHookHandler; onSend: onSendHookHandler } {
  const firsts = new WeakMap<FastifyRequest, Extract<IdempotencyStart, { kind: 'first' }>>();
  return {
    async preHandler(request: FastifyRequest, reply: FastifyReply) {
      const key = request.headers['idempotency-key'];
      if (!service || typeof key !== 'string') return;
      const principal = principalOf(request);
      const start = await service.begin({
        caller: `${principal.type}:${principal.id}:${principal.workspaceId}`, key, operation, body: request.body ?? null,
      });
      if (start.kind === 'first') {
        firsts.set(request, start);
        return;
      }
      const { statusCode, headers, payload } = start.answer;
      await reply.code(statusCode).headers({ ...headers, 'idempotent-replayed': 'true', 'content-type': 'application/json; charset=utf-8' }).send(payload);
    },
    onSend(request, reply, payload, done) {
      const first = firsts.get(request);
      if (!first) return done(null, payload);
      firsts.delete(request);
      const ok = reply.statusCode >= 200 && reply.statusCode < 300 && typeof payload === 'string';
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value = reply.getHeader(name);
        if (typeof value === 'string') headers[name] = value;
      }
      const settle = ok ? first.complete({ statusCode: reply.statusCode, headers, payload: payload as string }) : first.release();
      // A store failure here must not cost the client its answer (it holds the only copy of the secret).
      settle.then(() => done(null, payload), (error: unknown) => {
        request.log.error({ err: error }, 'idempotency: could not keep the answer');
        done(null, payload);
      });
    },
  };
}
