import type { InvalidationNames } from './verdict-cache.js';

export interface InvalidationStreamOptions {
  baseUrl: string;
  serviceCredential: string;
  fetch: typeof fetch;
  /** Connected and subscribed (true), or not (false): the cache is trusted only in between. */
  onState: (up: boolean) => void;
  onInvalidate: (names: InvalidationNames) => void;
  /** Drop everything (the server may have missed something). */
  onFlush: () => void;
  onError: (error: unknown) => void;
  /** Bounds of the reconnection back-off. */
  minRetryMs?: number;
  maxRetryMs?: number;
}

/** Silence longer than this many heartbeats means the connection is dead (a half-open TCP connection says nothing). */
const MISSED_BEATS = 2.5;

/**
 * A client of `GET /v1/invalidations/stream` (SSE over fetch, no EventSource dependency): says
 * when it is up (after the server's `ready`, sent once the server listens), passes every
 * invalidation on, and on any end — error, server close, silence past the heartbeat — reports
 * down at once and reconnects with back-off.
 */
export class InvalidationStream {
  private controller: AbortController | null = null;
  private closed = false;
  private retryMs: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private idleLimitMs = 0;
  private up = false;
  private readyWaiters: Array<() => void> = [];

  constructor(private readonly options: InvalidationStreamOptions) {
    this.retryMs = options.minRetryMs ?? 250;
  }

  get connected(): boolean {
    return this.up;
  }

  start(): void {
    if (this.closed || this.controller !== null || this.retryTimer !== null) return;
    void this.connect();
  }

  /** Resolves once the stream is up (or after `timeoutMs`, false). */
  ready(timeoutMs: number): Promise<boolean> {
    if (this.up) return Promise.resolve(true);
    this.start();
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private async connect(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    try {
      const response = await this.options.fetch(new URL('/v1/invalidations/stream', this.options.baseUrl), {
        headers: { authorization: `Bearer ${this.options.serviceCredential}`, accept: 'text/event-stream' },
        signal: controller.signal,
      });
      if (response.status !== 200 || response.body === null) {
        await response.body?.cancel().catch(() => undefined);
        throw new Error(`invalidation stream answered ${response.status}`);
      }
      await this.read(response.body, controller);
    } catch (error) {
      if (!controller.signal.aborted) this.options.onError(error);
    } finally {
      this.dropped(controller);
    }
  }

  private async read(body: ReadableStream<Uint8Array>, controller: AbortController): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done || controller.signal.aborted) return;
      this.touch(controller);
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        this.handle(frame);
      }
    }
  }

  private handle(frame: string): void {
    let event = 'message';
    let data = '';
    for (const line of frame.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trim();
    }
    if (event === 'ready') {
      const heartbeatMs = Number((JSON.parse(data || '{}') as { heartbeat_ms?: unknown }).heartbeat_ms);
      this.idleLimitMs = Number.isFinite(heartbeatMs) && heartbeatMs > 0 ? heartbeatMs * MISSED_BEATS : 0;
      this.retryMs = this.options.minRetryMs ?? 250;
      this.up = true;
      this.options.onState(true);
      for (const waiter of this.readyWaiters.splice(0)) waiter();
    } else if (event === 'invalidate') {
      this.options.onInvalidate(JSON.parse(data) as InvalidationNames);
    } else if (event === 'flush') {
      this.options.onFlush();
    } else if (event === 'stream.closed') {
      this.controller?.abort();
    }
  }

  /** Any bytes (a ping included) prove the connection alive for another few heartbeats. */
  private touch(controller: AbortController): void {
    if (this.idleLimitMs === 0) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => controller.abort(), this.idleLimitMs);
    this.idleTimer.unref();
  }

  private dropped(controller: AbortController): void {
    if (this.controller !== controller) return;
    controller.abort();
    this.controller = null;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.up) {
      this.up = false;
      this.options.onState(false);
    }
    if (this.closed) return;
    const delayMs = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 5000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delayMs);
    this.retryTimer.unref();
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.controller?.abort();
  }
}
