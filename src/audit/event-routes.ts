import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AuthKit, contextOf, principalOf, requireAuth } from '../http/auth-hook.js';
import { authErrorResponses, bearerSecurity, isoDateTime, problemSchema } from '../http/schemas.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { WardenError, validationFailed } from '../errors/warden-error.js';
import { metadataErrors, throwIfErrors } from '../auth/credential-rules.js';
import { recordAuditEvent } from './record-audit-event.js';
import { listEvents } from './event-queries.js';
import { isWardenEventType, toEventView, type EventFilter } from './event-view.js';
import { actorFilterOf, dateOf } from '../http/query-params.js';
import type { Database } from '../store/database.js';

const DEFAULT_PAGE_SIZE = 50;
const EVENT_TYPE = '^[a-z][a-z0-9_-]{0,39}\\.[a-z][a-z0-9_.-]{0,59}$';

export const filterQuery = {
  actor_type: { type: 'string', enum: ['api_key', 'user', 'client', 'agent', 'system'] },
  api_key_id: { type: 'string', maxLength: 64, description: 'Events of this API key (actor_type=api_key, actor_id=…)' },
  actor_id: { type: 'string', maxLength: 64 },
  type: { type: 'string', maxLength: 100 },
  status: { type: 'string', pattern: '^[1-5][0-9][0-9]$' },
} as const;

const eventSchema = {
  type: 'object',
  // A host API's event also shows its payload's fields at the top level (event-view.ts).
  additionalProperties: true,
  properties: {
    id: { type: 'string' },
    type: { type: 'string' },
    workspace_id: { type: ['string', 'null'] },
    actor: { type: 'object', properties: { type: { type: ['string', 'null'] }, id: { type: ['string', 'null'] } } },
    target: { type: ['object', 'null'], properties: { type: { type: 'string' }, id: { type: 'string' } } },
    ip: { type: ['string', 'null'] },
    method: { type: ['string', 'null'] },
    path: { type: ['string', 'null'] },
    status: { type: ['integer', 'null'] },
    latency_ms: { type: ['integer', 'null'] },
    endpoint_class: { type: ['string', 'null'] },
    user_agent: { type: ['string', 'null'] },
    data: { type: 'object', additionalProperties: true },
    created_at: isoDateTime,
    chain_seq: { type: ['integer', 'null'] },
    hash: { type: ['string', 'null'] },
  },
} as const;

export interface FilterQuery {
  actor_type?: string;
  api_key_id?: string;
  actor_id?: string;
  type?: string;
  status?: string;
}

export function filterOf(query: FilterQuery): EventFilter {
  return {
    ...actorFilterOf(query),
    type: query.type,
    status: query.status === undefined ? undefined : Number(query.status),
  };
}

/** What the event routes use. */
export interface EventRoutesOptions {
  authKit: AuthKit;
  db: Database;
}

/**
 * The audit trail: `GET /v1/events` (filters, cursor pages, newest first) and `POST /v1/events` (the
 * host API's own events). The live stream and its tickets are live/stream-routes.ts; the hash
 * chain's own routes (verify, signed head) are chain-routes.ts.
 */
export async function eventRoutes(app: FastifyInstance, services: EventRoutesOptions): Promise<void> {
  const canRead = requireAuth(services.authKit, { scopes: ['events:read'] });
  const canWrite = requireAuth(services.authKit, { scopes: ['events:write'] });
  const tags = ['Audit events'];

  app.get<{ Querystring: FilterQuery & { since?: string; until?: string; limit?: string; cursor?: string } }>('/v1/events', {
    onRequest: canRead,
    schema: {
      tags, summary: 'Audit events of the workspace, newest first', security: bearerSecurity,
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          ...filterQuery,
          since: { type: 'string', maxLength: 40, description: 'ISO 8601: events at or after' },
          until: { type: 'string', maxLength: 40, description: 'ISO 8601: events before' },
          limit: { type: 'string', pattern: '^(1000|[1-9][0-9]{0,2})$', description: '1-1000, default 50' },
          cursor: { type: 'string', maxLength: 200 },
        },
      },
      response: { 200: { type: 'object', properties: { data: { type: 'array', items: eventSchema }, next_cursor: { type: ['string', 'null'] } } }, ...authErrorResponses },
    },
  }, async (request) => {
    const q = request.query;
    const limit = q.limit === undefined ? DEFAULT_PAGE_SIZE : Number(q.limit);
    const rows = await listEvents(services.db, {
      workspaceId: principalOf(request).workspaceId,
      ...filterOf(q),
      since: dateOf('since', q.since),
      until: dateOf('until', q.until),
      beforeId: q.cursor ? decodeCursor('evt', q.cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return { data: page.map(toEventView), next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null };
  });

  app.post<{ Body: { type: string; data?: Record<string, unknown>; target?: { type: string; id: string } } }>('/v1/events', {
    onRequest: canWrite,
    schema: {
      tags, summary: 'Publish the host API\'s own event (e.g. deal.updated) to the audit trail and the live stream', security: bearerSecurity,
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['type'],
        properties: {
          type: { type: 'string', pattern: EVENT_TYPE, description: '`{resource}.{past verb}`, not one of Warden\'s own families' },
          data: { type: 'object', additionalProperties: true, description: 'Free JSON object, at most 4 KiB' },
          target: {
            type: 'object', additionalProperties: false, required: ['type', 'id'],
            properties: { type: { type: 'string', minLength: 1, maxLength: 40 }, id: { type: 'string', minLength: 1, maxLength: 100 } },
          },
        },
      },
      response: { 201: { type: 'object', properties: { data: eventSchema } }, ...authErrorResponses },
    },
  }, async (request, reply) => {
    const { type, data, target } = request.body;
    if (isWardenEventType(type)) {
      throw validationFailed('type', `"${type}" is one of Warden's own event families; use your own resource name (e.g. deal.updated)`);
    }
    throwIfErrors(metadataErrors('data', data));
    const principal = principalOf(request);
    const id = await services.db.transaction((tx) =>
      recordAuditEvent(tx, { workspaceId: principal.workspaceId, type, context: contextOf(request), ...(target ? { target } : {}), data: data ?? {} }),
    );
    const [row] = await services.db.query<Parameters<typeof toEventView>[0]>('select * from audit_events where id = $1', [id]);
    reply.code(201);
    return { data: toEventView(row!) };
  });
}
