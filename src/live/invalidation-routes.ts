import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contextOf } from '../http/auth-hook.js';
import { bearerSecurity, problemSchema } from '../http/schemas.js';
import { WardenError } from '../errors/warden-error.js';
import type { ServiceCredential, ServiceCredentials } from '../auth/service-credentials.js';
import type { Invalidation, InvalidationFeed } from './invalidation-feed.js';

/** What the invalidation stream uses. */
export interface InvalidationRoutesOptions {
  feed: InvalidationFeed;
  serviceCredentials: ServiceCredentials;
  /** A comment line this often; the service credential is re-checked at the same pace. */
  heartbeatSeconds: number;
}

interface OpenFeedStream {
  beat: () => void;
  end: (reason: string) => void;
}

const callers = new WeakMap<FastifyRequest, ServiceCredential>();

function bearerOf(request: FastifyRequest): string | undefined {
  const value = request.headers.authorization;
  return typeof value === 'string' && value.startsWith('Bearer ') ? value.slice(7).trim() : undefined;
}

const frameOf = (invalidation: Invalidation): string => {
  const { kind, ...data } = invalidation;
  return `event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`;
};

/**
 * `GET /v1/invalidations/stream`: credential invalidations as they happen, for the middleware of
 * the company's services (`@warden/sdk/fastify|express|hono`), which caches Warden's positive
 * answers for a few seconds and must drop them the moment a credential ends. Service credentials
 * only: the stream names credentials of every workspace (by hash or id, never a secret).
 */
export async function invalidationRoutes(app: FastifyInstance, services: InvalidationRoutesOptions): Promise<void> {
  const { feed, serviceCredentials } = services;
  const open = new Set<OpenFeedStream>();
  const timer = setInterval(() => {
    for (const stream of open) stream.beat();
  }, services.heartbeatSeconds * 1000);
  timer.unref();
  app.addHook('preClose', async () => {
    clearInterval(timer);
    for (const stream of [...open]) stream.end('server_shutdown');
  });

  const serviceOnly = async (request: FastifyRequest): Promise<void> => {
    const secret = bearerOf(request);
    if (secret === undefined) {
      const other = request.headers.authorization !== undefined || request.headers['x-api-key'] !== undefined;
      if (other) throw new WardenError('service_credential_only', 'Only a deployment-level service credential (Authorization: Bearer) may read the invalidation stream');
      throw new WardenError('authentication_required', 'Send a service credential: Authorization: Bearer <service credential>');
    }
    if (!serviceCredentials.isServiceSecret(secret)) {
      throw new WardenError('service_credential_only', 'Only a deployment-level service credential may read the invalidation stream');
    }
    const { actor: _anonymous, ...context } = contextOf(request, null);
    const service = await serviceCredentials.authenticate(secret, context);
    if (!service) throw new WardenError('invalid_token', 'Unknown or revoked service credential', { bearerError: 'invalid_token' });
    callers.set(request, service);
  };

  app.get('/v1/invalidations/stream', {
    onRequest: serviceOnly,
    schema: {
      tags: ['Verification'],
      summary: 'Credential invalidations live (text/event-stream), for middleware that caches verifications: service credentials only',
      description: 'Events: `ready` `{heartbeat_ms}` once subscribed; `invalidate` `{credential_hashes?, session_ids?, grant_ids?, jtis?, principal_ids?}` '
        + '(credential_hashes: SHA-256 hex of API-key secrets and session tokens; session_ids / grant_ids: the `sid` of access tokens); '
        + '`flush` `{reason}`: drop every cached answer; `stream.closed` `{reason}` before the server ends the stream. A comment line every heartbeat.',
      security: bearerSecurity,
      response: { 200: { type: 'string', description: 'text/event-stream' }, 401: problemSchema, 403: problemSchema },
    },
  }, async (request, reply: FastifyReply) => {
    const service = callers.get(request)!;
    reply.hijack();
    const res = reply.raw;
    // An invalidation must leave now, not when the request that caused it is done: Node's HTTP layer
    // corks the socket on write until the next tick, which waits for the revoking request's whole
    // chain of promises (measured: tens of ms under load), so each frame is uncorked at once; and
    // no Nagle delay waiting for the ACK of the previous small frame.
    res.socket?.setNoDelay(true);
    const send = (text: string): void => {
      res.write(text);
      if (res.socket?.writableCorked) res.socket.uncork();
    };
    res.writeHead(200, {
      'x-request-id': request.id,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let closed = false;
    const cleanup = (): void => {
      if (closed) return;
      closed = true;
      stopListening();
      open.delete(stream);
    };
    const stream: OpenFeedStream = {
      beat: () => {
        if (closed) return;
        send(': ping\n\n');
        // A revoked service credential loses the stream at the next beat; a store that does not answer ends it too (fail safe).
        serviceCredentials.isActive(service.id).then(
          (active) => (active ? undefined : stream.end('service_credential_revoked')),
          () => stream.end('recheck_failed'),
        );
      },
      end: (reason) => {
        if (closed) return;
        send(`event: stream.closed\ndata: ${JSON.stringify({ reason })}\n\n`);
        cleanup();
        res.end();
      },
    };
    // Subscribed before `ready` is written: whatever happens after the client sees `ready` reaches it.
    const stopListening = feed.listen((invalidation) => {
      if (!closed) send(frameOf(invalidation));
    });
    res.on('close', cleanup);
    open.add(stream);
    send(`retry: 1000\nevent: ready\ndata: ${JSON.stringify({ heartbeat_ms: services.heartbeatSeconds * 1000 })}\n\n`);
  });
}
