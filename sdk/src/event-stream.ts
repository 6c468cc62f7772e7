import { ConnectionError, WardenError } from './errors.js';
import { backoffMs, errorOf, type Transport } from './transport.js';
import type { AuditEvent, StreamEventsParams } from './types.js';

export interface StreamOptions extends StreamEventsParams {
  /** Resume after this event id (otherwise: from now on). */
  lastEventId?: string;
  /** Stop the stream (the iterator then ends without error). */
  signal?: AbortSignal;
  /** Reconnect after the connection drops (default true); a 401/403 always ends the stream with its error. */
  reconnect?: boolean;
  /** Reconnect when nothing (not even a heartbeat) came for this long; default 90 s. */
  idleTimeoutMs?: number;
}

interface Frame {
  id: string | undefined;
  event: string;
  data: string;
  retryMs: number | undefined;
}

/** Splits a text/event-stream body into frames (the WHATWG parsing rules, minus what Warden never sends). */
export async function* sseFrames(body: ReadableStream<Uint8Array>): AsyncGenerator<Frame> {
  const decoder = new TextDecoder();
  let buffer = '';
  let frame: Frame = { id: undefined, event: 'message', data: '', retryMs: undefined };
  let hasData = false;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.search(/\r\n|\n|\r/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(buffer[newline] === '\r' && buffer[newline + 1] === '\n' ? newline + 2 : newline + 1);
      if (line === '') {
        if (hasData || frame.retryMs !== undefined) yield { ...frame, data: frame.data.replace(/\n$/, '') };
        frame = { id: undefined, event: 'message', data: '', retryMs: undefined };
        hasData = false;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') {
        frame.data += `${value}\n`;
        hasData = true;
      } else if (field === 'event') frame.event = value;
      else if (field === 'id') frame.id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) frame.retryMs = Number(value);
    }
  }
}

/**
 * The live audit events (GET /v1/events/stream) as an async iterator. A dropped connection is
 * opened again with `Last-Event-ID`, so no event is lost or repeated across reconnects; a refused
 * credential (401/403) ends the iteration with its WardenError.
 */
export async function* streamEvents(transport: Transport, options: StreamOptions = {}): AsyncGenerator<AuditEvent> {
  const { lastEventId: startId, signal, reconnect = true, idleTimeoutMs = 90_000, ...filters } = options;
  let lastEventId = startId;
  let retryDelayMs: number | undefined;
  let failures = 0;
  while (!signal?.aborted) {
    const connection = new AbortController();
    const onAbort = (): void => connection.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const touch = (): void => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => connection.abort(new Error('idle')), idleTimeoutMs);
    };
    try {
      touch();
      const headers: Record<string, string> = { ...transport.headersFor({}), accept: 'text/event-stream' };
      if (lastEventId) headers['last-event-id'] = lastEventId;
      const response = await transport.options.fetch(transport.url('/v1/events/stream', filters as Record<string, string>), { headers, signal: connection.signal });
      if (!response.ok) {
        const error = await errorOf(response);
        if (!reconnect || (response.status !== 429 && response.status < 500)) throw error;
        throw Object.assign(error, { retryable: true });
      }
      failures = 0;
      for await (const frame of sseFrames(response.body!)) {
        touch();
        if (frame.retryMs !== undefined) retryDelayMs = frame.retryMs;
        if (frame.id) lastEventId = frame.id;
        if (frame.event === 'stream.closed' || !frame.data) continue;
        yield JSON.parse(frame.data) as AuditEvent;
      }
    } catch (error) {
      if (signal?.aborted) return;
      const retryable = !(error instanceof WardenError) || (error as { retryable?: boolean }).retryable === true || error instanceof ConnectionError;
      if (!reconnect || !retryable) throw error;
      failures++;
    } finally {
      clearTimeout(idleTimer);
      signal?.removeEventListener('abort', onAbort);
      connection.abort();
    }
    if (!reconnect) return;
    // A clean end (the server closed it) waits the server's `retry:`; failures back off further.
    const waitMs = failures === 0 ? (retryDelayMs ?? 1000) : Math.max(retryDelayMs ?? 0, backoffMs(Math.min(failures, 5)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, waitMs);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        }, { once: true });
      });
    } catch {
      return;
    }
  }
}
