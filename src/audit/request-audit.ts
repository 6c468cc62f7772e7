import type { FastifyInstance } from 'fastify';
import type { Clock } from '../lib/clock.js';
import type { RequestWriter } from './request-writer.js';
import { redactPath } from './redact-path.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The rate-limit class the request was counted under (set by requireAuth). */
    endpointClass: string | null;
    /** The gateway route that matched the request, as written in the routes file (`GET /v1/deals/**`). */
    auditRoute: string | null;
  }
}

/**
 * Every authenticated request becomes a `request` audit event (seed 004: which credential, source
 * IP, method + path with secrets redacted, status, latency), through the batched writer.
 */
export function registerRequestAudit(app: FastifyInstance, services: { requestWriter: Pick<RequestWriter, 'enqueue'>; clock: Clock }): void {
  app.decorateRequest('auditRoute', null);
  app.addHook('onResponse', (request, reply, done) => {
    const principal = request.principal;
    if (principal) {
      services.requestWriter.enqueue({
        workspaceId: principal.workspaceId,
        actorType: principal.type,
        actorId: principal.id,
        ip: request.ip ?? null,
        userAgent: (request.headers['user-agent'] as string | undefined) ?? null,
        method: request.method,
        path: redactPath(request.url),
        status: reply.statusCode,
        latencyMs: Math.round(reply.elapsedTime),
        endpointClass: request.endpointClass ?? null,
        sessionId: principal.sessionId ?? null,
        route: request.auditRoute,
        atMs: services.clock.nowMs(),
      });
    }
    done();
  });
}
