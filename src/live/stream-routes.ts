import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AuthKit, principalOf, requireAuth } from '../http/auth-hook.js';
import { authErrorResponses, bearerSecurity, problemSchema } from '../http/schemas.js';
import { WardenError } from '../errors/warden-error.js';
import { extractCredential, refusalError } from '../auth/authenticator.js';
import type { Database } from '../store/database.js';
import { eventsAfter } from '../audit/event-queries.js';
import { filterOf, filterQuery, type FilterQuery } from '../audit/event-routes.js';
import { refusedTicket, type StreamAccess, type StreamAuthority } from './stream-access.js';
import { type StreamTickets, TICKET_PREFIX } from './stream-tickets.js';
import type { LiveStreams } from './live-streams.js';

const RESUME_MAX_EVENTS = 1000;
const TAGS = ['Audit events'];

/** What the live-stream routes use. */
export interface StreamRoutesOptions {
  authKit: AuthKit;
  db: Database;
  liveStreams: LiveStreams;
  streamTickets: StreamTickets;
  streamAccess: StreamAccess;
}

/**
 * The audit trail live: `POST /v1/events/tickets` (a single-use st_ ticket for browsers) and
 * `GET /v1/events/stream` (SSE; the list's filters; resume with Last-Event-ID from the trail).
 */
export async function streamRoutes(app: FastifyInstance, services: StreamRoutesOptions): Promise<void> {
  const canRead = requireAuth(services.authKit, { scopes: ['events:read'] });

  app.post('/v1/events/tickets', {
    onRequest: canRead,
    schema: {
      tags: TAGS, summary: 'A single-use st_ ticket (60 s) to open the live stream from a browser: ?ticket=… (redeemed only while your credential could still open it)', security: bearerSecurity,
      response: { 201: { type: 'object', properties: { ticket: { type: 'string' }, expires_in: { type: 'integer' } } }, ...authErrorResponses },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const issued = await services.streamTickets.issue(principal, await services.streamAccess.authorityOf(credentialOf(request), principal));
    reply.code(201).header('cache-control', 'no-store');
    return { ticket: issued.ticket, expires_in: issued.expiresIn };
  });

  // What each stream's credential held when it opened: re-checked for as long as it is open.
  const authorities = new WeakMap<FastifyRequest, StreamAuthority>();

  // The stream authenticates from headers, or — browsers' EventSource cannot send headers —
  // from ?token=<any credential> (seed 000; an st_ ticket is a credential too) or ?ticket=<st_ ticket>.
  // A ticket opens it only if the credential that created it could open it now.
  const streamAuth = async (request: FastifyRequest<{ Querystring: FilterQuery & { token?: string; ticket?: string } }>, reply: FastifyReply): Promise<void> => {
    const { token } = request.query;
    const hasHeader = request.headers.authorization !== undefined || request.headers['x-api-key'] !== undefined;
    const ticket = request.query.ticket ?? (token?.startsWith(TICKET_PREFIX) ? token : undefined);
    if (!hasHeader && ticket !== undefined) {
      const redeemed = await services.streamTickets.redeem(ticket);
      if (!redeemed) throw new WardenError('invalid_token', 'The ticket is unknown, used or expired', { bearerError: 'invalid_token' });
      const refusal = await services.streamAccess.check(redeemed.authority);
      if (refusal !== null) throw refusedTicket(refusal);
      request.principal = redeemed.principal;
      authorities.set(request as FastifyRequest, redeemed.authority);
      return;
    }
    if (!hasHeader && token !== undefined) request.headers.authorization = `Bearer ${token}`;
    await canRead(request as FastifyRequest, reply);
    authorities.set(request as FastifyRequest, await services.streamAccess.authorityOf(credentialOf(request as FastifyRequest), principalOf(request as FastifyRequest)));
  };

  app.get<{ Querystring: FilterQuery & { token?: string; ticket?: string; last_event_id?: string } }>('/v1/events/stream', {
    onRequest: streamAuth,
    schema: {
      tags: TAGS,
      summary: 'Live audit events (text/event-stream): event name = type, id = event id; resume with Last-Event-ID',
      security: bearerSecurity,
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          ...filterQuery,
          token: { type: 'string', maxLength: 4096, description: 'A credential, for clients that cannot send headers (ends up in URLs: prefer a ticket, which is taken here too)' },
          ticket: { type: 'string', maxLength: 100, description: 'An st_ ticket from POST /v1/events/tickets' },
          last_event_id: { type: 'string', maxLength: 64, description: 'Resume after this event (same as the Last-Event-ID header)' },
        },
      },
      response: { 200: { type: 'string', description: 'text/event-stream' }, 401: problemSchema, 403: problemSchema },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const filter = filterOf(request.query);
    const lastEventId = (request.headers['last-event-id'] as string | undefined) ?? request.query.last_event_id;
    const authority = authorities.get(request)!;
    await services.liveStreams.serve(reply, {
      principal,
      filter,
      recheck: () => services.streamAccess.check(authority),
      backlog: async () => (lastEventId && /^evt_[0-9A-Za-z]{22}$/.test(lastEventId) ? eventsAfter(services.db, principal.workspaceId, lastEventId, RESUME_MAX_EVENTS) : []),
    });
  });
}

/** The credential string of an authenticated request (header, or ?token= moved into one). */
function credentialOf(request: FastifyRequest): string {
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const credential = extractCredential({ authorization: header('authorization'), apiKey: header('x-api-key') });
  if (!credential.ok) throw refusalError(credential.refusal);
  return credential.token;
}
