import type { FastifyInstance } from 'fastify';
import type { Bus } from '../store/bus/bus.js';
import type { Limiter } from '../ratelimit/limiter.js';
import type { LiveStreams } from '../live/live-streams.js';
import type { RequestWriter } from '../audit/request-writer.js';

/** One Prometheus text-format sample with its HELP and TYPE lines. */
function metric(name: string, type: 'counter' | 'gauge', help: string, value: number): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value}\n`;
}

/** What the metrics route reads. */
export interface MetricsRoutesOptions {
  requestWriter: Pick<RequestWriter, 'stats'>;
  bus: Bus;
  limiter: Pick<Limiter, 'engine'>;
  liveStreams: Pick<LiveStreams, 'size'>;
}

/**
 * `GET /metrics` (Prometheus text format): what an operator must see when something degrades —
 * request events dropped by the audit writer, rate-limit decisions answered locally because Redis
 * failed, open live streams. Public like the health checks: keep it off the public ingress.
 */
export async function metricsRoutes(app: FastifyInstance, services: MetricsRoutesOptions): Promise<void> {
  app.get('/metrics', {
    schema: { tags: ['Health'], summary: 'Prometheus metrics', response: { 200: { type: 'string' } } },
  }, async (_request, reply) => {
    const audit = services.requestWriter.stats;
    const bus = services.bus as { readonly downSinceMs?: number | null };
    const body = [
      metric('warden_audit_request_events_written_total', 'counter', 'Request events written to the audit trail by this process', audit.written),
      metric('warden_audit_request_events_dropped_total', 'counter', 'Request events dropped because the audit queue was full', audit.dropped),
      metric('warden_audit_request_events_queued', 'gauge', 'Request events waiting for the next batch write (the queue depth, the backlog included)', audit.queued),
      metric('warden_audit_request_batches_written_total', 'counter', 'Request batches written: one row of the request log and one link of its workspace\'s hash chain each (one per workspace per flush; more on PGlite, which writes at most 500 events at a time)', audit.batches),
      metric('warden_audit_request_batch_bytes_total', 'counter', 'Bytes of the request batches written (their arrays before the database compresses them; on disk with indexes: npm run bench:storage)', audit.batchBytes),
      metric('warden_audit_request_bytes_per_event', 'gauge', 'warden_audit_request_batch_bytes_total per request event written (0 before the first batch)', audit.written === 0 ? 0 : Math.round((audit.batchBytes / audit.written) * 10) / 10),
      metric('warden_audit_request_flushes_total', 'counter', 'Flushes of the request writer (every WARDEN_AUDIT_FLUSH_MS, and on demand)', audit.flushes),
      metric('warden_ratelimit_fallback_decisions_total', 'counter', 'Rate-limit decisions answered from local memory because Redis failed', services.limiter.engine.fallbacks ?? 0),
      metric('warden_ratelimit_live_instances', 'gauge', 'Instances last seen sharing the rate limits through Redis; while Redis is down each enforces its share of every limit', services.limiter.engine.liveInstances ?? 1),
      metric('warden_bus_down', 'gauge', '1 while this process cannot hear the other instances through Redis (caches are then trusted for WARDEN_BUS_DOWN_CACHE_SECONDS at most)', bus.downSinceMs == null ? 0 : 1),
      metric('warden_sse_open_streams', 'gauge', 'Live event streams open on this process', services.liveStreams.size),
    ].join('');
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(body);
  });
}
