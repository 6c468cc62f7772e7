import { streamEvents, type StreamOptions } from '../event-stream.js';
import { PageIterator } from '../pagination.js';
import type { Transport } from '../transport.js';
import type { AuditEvent, ListEventsParams, PublishEventParams } from '../types.js';
import { listPage, type CallOptions } from './shared.js';

/** The audit trail (`/v1/events`, scope `events:read`) and its live stream. */
export class Events {
  constructor(private readonly transport: Transport) {}

  /** Newest first, filtered (`type`, `api_key_id`, `actor_type`, `since`, `until`, …); `for await` walks every page. */
  list(params: ListEventsParams = {}): PageIterator<AuditEvent> {
    const { cursor, ...filters } = params;
    return new PageIterator((next) => listPage<AuditEvent>(this.transport, '/v1/events', { ...filters, cursor: next }), cursor);
  }

  /** Publish your own event (e.g. `deal.updated`) to the trail and the live stream. */
  async publish(params: PublishEventParams, options: CallOptions = {}): Promise<AuditEvent> {
    return (await this.transport.request<{ data: AuditEvent }>({ method: 'POST', path: '/v1/events', body: params, signal: options.signal })).data;
  }

  /**
   * Live events as they commit: `for await (const event of warden.events.stream({ type: 'key.revoked' }))`.
   * Reconnects with `Last-Event-ID` after a drop; stop it with `break` or `signal`.
   */
  stream(options: StreamOptions = {}): AsyncGenerator<AuditEvent> {
    return streamEvents(this.transport, options);
  }

  /** A 60 s single-use `st_` ticket for a browser's EventSource (`?ticket=`). */
  async createTicket(options: CallOptions = {}): Promise<{ ticket: string; expires_in: number }> {
    return this.transport.request({ method: 'POST', path: '/v1/events/tickets', signal: options.signal });
  }
}
