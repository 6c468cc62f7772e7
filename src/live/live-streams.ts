import type { FastifyReply } from 'fastify';
import { BUS_RESYNC_CHANNEL, type Bus } from '../store/bus/bus.js';
import type { Principal } from '../auth/principal.js';
import { KEY_INVALIDATION_CHANNEL } from '../keys/key-verifier.js';
import { SESSION_INVALIDATION_CHANNEL } from '../sessions/session-verifier.js';
import { GRANT_INVALIDATION_CHANNEL } from '../grants/grant-verifier.js';
import { TOKEN_REVOCATION_CHANNEL } from '../tokens/token-deny-list.js';
import type { EventHub } from './event-hub.js';
import { matches, toEventView, type EventFilter, type EventView } from '../audit/event-view.js';
import type { AuditEventRow } from '../audit/event-view.js';
import type { StreamEndReason } from './stream-access.js';

export interface StreamOptions {
  principal: Principal;
  filter: EventFilter;
  /** Could the credential that opened the stream open it now? null: yes; otherwise why not. */
  recheck: () => Promise<StreamEndReason | null>;
  /** Events to send first (resume after Last-Event-ID), in order. */
  backlog: () => Promise<AuditEventRow[]>;
}

interface OpenStream {
  recheck: () => Promise<StreamEndReason | null>;
  end: (reason: string) => void;
}

/** Every channel whose message may mean some stream's credential could no longer open it. */
const INVALIDATION_CHANNELS = [KEY_INVALIDATION_CHANNEL, SESSION_INVALIDATION_CHANNEL, GRANT_INVALIDATION_CHANNEL, TOKEN_REVOCATION_CHANNEL, BUS_RESYNC_CHANNEL];

const frame = (event: EventView): string => `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * The open `text/event-stream` connections of this instance. Each gets its workspace's events as
 * they commit (through the EventHub), a comment line every heartbeat, and is closed the moment its
 * credential could no longer open it (revoked, rotated out, expired, narrowed, member removed or
 * role lowered): re-checked on every invalidation the bus carries — on every instance — and on
 * every beat (expiry), ending with `event: stream.closed` and the reason.
 */
export class LiveStreams {
  private readonly open = new Set<OpenStream>();
  private readonly unsubscribes: (() => void)[];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly hub: EventHub, bus: Bus, heartbeatSeconds: number) {
    const recheck = (): void => void this.recheckAll();
    this.unsubscribes = INVALIDATION_CHANNELS.map((channel) => bus.subscribe(channel, recheck));
    this.timer = setInterval(() => {
      for (const stream of this.open) (stream as OpenStream & { beat?: () => void }).beat?.();
      void this.recheckAll();
    }, heartbeatSeconds * 1000);
    this.timer.unref();
  }

  get size(): number {
    return this.open.size;
  }

  private async recheckAll(): Promise<void> {
    await Promise.all([...this.open].map((stream) => LiveStreams.recheck(stream)));
  }

  /** Fails closed: a check the store cannot answer ends the stream too (the client reconnects). */
  private static async recheck(stream: OpenStream): Promise<void> {
    let reason: string | null;
    try {
      reason = await stream.recheck();
    } catch {
      reason = 'recheck_failed';
    }
    if (reason !== null) stream.end(reason);
  }

  /** Takes over the reply: headers now, then events until the client leaves or the credential ends. */
  async serve(reply: FastifyReply, options: StreamOptions): Promise<void> {
    reply.hijack();
    const res = reply.raw;
    const headers = { ...reply.getHeaders() } as Record<string, string | number | string[]>;
    delete headers['content-length'];
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n: connected\n\n');

    let closed = false;
    let replaying = true;
    // Live events that arrive while the backlog is read wait, and are skipped if the backlog had them.
    let replayedUpToSeq = 0;
    const pending: EventView[] = [];
    const send = (event: EventView): void => {
      if (closed || !matches(event, options.filter)) return;
      if (event.chain_seq !== null && event.chain_seq <= replayedUpToSeq) return;
      res.write(frame(event));
    };
    const stopListening = this.hub.listen(options.principal.workspaceId, (event) => (replaying ? pending.push(event) : send(event)));
    const stream: OpenStream & { beat: () => void } = {
      recheck: options.recheck,
      beat: () => {
        if (!closed) res.write(': ping\n\n');
      },
      end: (reason) => {
        if (closed) return;
        res.write(`event: stream.closed\ndata: ${JSON.stringify({ reason })}\n\n`);
        cleanup();
        res.end();
      },
    };
    const cleanup = (): void => {
      if (closed) return;
      closed = true;
      stopListening();
      this.open.delete(stream);
    };
    res.on('close', cleanup);
    this.open.add(stream);
    // An invalidation between the credential's check and this point found no stream to end: ask once more.
    void LiveStreams.recheck(stream);

    try {
      for (const row of await options.backlog()) {
        const event = toEventView(row);
        send(event);
        replayedUpToSeq = Math.max(replayedUpToSeq, event.chain_seq ?? 0);
      }
    } catch {
      stream.end('resume_failed');
      return;
    }
    replaying = false;
    for (const event of pending.splice(0)) send(event);
  }

  close(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    clearInterval(this.timer);
    for (const stream of [...this.open]) stream.end('server_shutdown');
  }
}
