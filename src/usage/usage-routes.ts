import type { FastifyInstance } from 'fastify';
import { type AuthKit, principalOf, requireAuth } from '../http/auth-hook.js';
import { authErrorResponses, bearerSecurity, isoDateTime } from '../http/schemas.js';
import { validationFailed } from '../errors/warden-error.js';
import { actorFilterOf, dateOf } from '../http/query-params.js';
import { ENDPOINT_CLASSES } from '../ratelimit/limiter.js';
import { USAGE_DIMENSIONS, USAGE_GRANULARITIES, usageBuckets, type UsageDimension, type UsageGranularity } from './usage-queries.js';
import type { Database } from '../store/database.js';
import type { Clock } from '../lib/clock.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Range when `since` is not given (counted back from `until`). */
const DEFAULT_SPAN_MS: Record<UsageGranularity, number> = { minute: DAY_MS, hour: DAY_MS, day: 30 * DAY_MS };
/** Longest `until - since` per granularity. */
const MAX_SPAN: Record<UsageGranularity, { ms: number; label: string }> = {
  minute: { ms: DAY_MS, label: '24 hours' },
  hour: { ms: 31 * DAY_MS, label: '31 days' },
  day: { ms: 366 * DAY_MS, label: '366 days' },
};
const DEFAULT_GROUP_BY: readonly UsageDimension[] = ['actor', 'status_class'];

interface UsageQuerystring {
  granularity?: UsageGranularity;
  since?: string;
  until?: string;
  api_key_id?: string;
  actor_type?: string;
  actor_id?: string;
  endpoint_class?: string;
  status_class?: string;
  group_by?: string;
}

const usageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    granularity: { type: 'string', enum: USAGE_GRANULARITIES, description: 'Bucket size (UTC), default hour' },
    since: { type: 'string', maxLength: 40, description: 'ISO 8601, inclusive; default: 24 h (minute, hour) or 30 days (day) before until' },
    until: { type: 'string', maxLength: 40, description: 'ISO 8601, exclusive; default now. Range at most 24 h (minute), 31 days (hour), 366 days (day)' },
    api_key_id: { type: 'string', maxLength: 64, description: 'Requests of this API key (actor_type=api_key, actor_id=…)' },
    actor_type: { type: 'string', enum: ['api_key', 'user', 'client', 'agent'] },
    actor_id: { type: 'string', maxLength: 64 },
    endpoint_class: { type: 'string', enum: ENDPOINT_CLASSES },
    status_class: { type: 'string', enum: ['2xx', '3xx', '4xx', '5xx'] },
    group_by: {
      type: 'string',
      maxLength: 100,
      description: 'Comma list of actor, endpoint_class, status_class (default actor,status_class; empty: one row per bucket)',
    },
  },
} as const;

const usageRowSchema = {
  type: 'object',
  properties: {
    bucket: { ...isoDateTime, description: 'Start of the bucket (UTC)' },
    actor_type: { type: 'string' },
    actor_id: { type: 'string' },
    endpoint_class: { type: 'string' },
    status_class: { type: 'string' },
    requests: { type: 'integer' },
  },
  required: ['bucket', 'requests'],
} as const;

function groupByOf(value: string | undefined): UsageDimension[] {
  if (value === undefined) return [...DEFAULT_GROUP_BY];
  if (value === '') return [];
  const dimensions = value.split(',');
  for (const dimension of dimensions) {
    if (!(USAGE_DIMENSIONS as readonly string[]).includes(dimension)) {
      throw validationFailed('group_by', `"${dimension}" is not one of ${USAGE_DIMENSIONS.join(', ')}`);
    }
  }
  return [...new Set(dimensions as UsageDimension[])];
}

/** What the usage routes use. */
export interface UsageRoutesOptions {
  authKit: AuthKit;
  db: Database;
  clock: Clock;
}

/**
 * `GET /v1/usage`: the workspace's request counts per minute, hour or day, from the per-minute
 * usage rollups the request writer maintains (so as fresh as its last flush).
 */
export async function usageRoutes(app: FastifyInstance, services: UsageRoutesOptions): Promise<void> {
  app.get<{ Querystring: UsageQuerystring }>('/v1/usage', {
    onRequest: requireAuth(services.authKit, { scopes: ['usage:read'] }),
    schema: {
      tags: ['Usage'],
      summary: 'Request counts of the workspace per minute, hour or day, by actor, endpoint class and status class',
      security: bearerSecurity,
      querystring: usageQuery,
      response: {
        200: {
          type: 'object',
          properties: {
            data: { type: 'array', items: usageRowSchema },
            totals: { type: 'object', properties: { requests: { type: 'integer' } } },
            granularity: { type: 'string' },
            since: isoDateTime,
            until: isoDateTime,
          },
        },
        ...authErrorResponses,
      },
    },
  }, async (request) => {
    const q = request.query;
    const granularity = q.granularity ?? 'hour';
    const groupBy = groupByOf(q.group_by);
    const actor = actorFilterOf(q);
    const until = dateOf('until', q.until) ?? new Date(services.clock.nowMs());
    const since = dateOf('since', q.since) ?? new Date(until.getTime() - DEFAULT_SPAN_MS[granularity]);
    if (until.getTime() <= since.getTime()) {
      throw q.until !== undefined ? validationFailed('until', 'must be after since') : validationFailed('since', 'must be before until (now)');
    }
    const max = MAX_SPAN[granularity];
    if (until.getTime() - since.getTime() > max.ms) {
      throw validationFailed('since', `the range may span at most ${max.label} with granularity=${granularity}`);
    }
    const data = await usageBuckets(services.db, {
      workspaceId: principalOf(request).workspaceId,
      granularity,
      since,
      until,
      ...actor,
      endpointClass: q.endpoint_class,
      statusClass: q.status_class,
      groupBy,
    });
    return {
      data,
      totals: { requests: data.reduce((sum, row) => sum + row.requests, 0) },
      granularity,
      since: since.toISOString(),
      until: until.toISOString(),
    };
  });
}
