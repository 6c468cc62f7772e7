import type { RequestEvent } from './request-writer.js';

/** What `read` saw: the events waiting, oldest first, and where they end (for `settle`). */
export interface BacklogSnapshot {
  events: RequestEvent[];
  end: number;
}

/**
 * Request events the database did not take yet, in the order they must be written. In memory by
 * default; on disk (request-spool.ts) so that they outlive the process.
 */
export interface RequestBacklog {
  /** Events waiting. */
  readonly size: number;
  /** Adds events after those waiting. */
  add(events: readonly RequestEvent[]): Promise<void>;
  read(): Promise<BacklogSnapshot>;
  /**
   * What a write of the snapshot up to `end` left over: `unwritten` (in order) replaces it, in
   * front of anything added since. `end` 0 puts `unwritten` in front of everything waiting.
   */
  settle(unwritten: readonly RequestEvent[], end: number): Promise<void>;
  close(): Promise<void>;
}

/** A backlog that lives as long as the process. */
export function memoryBacklog(): RequestBacklog {
  let events: RequestEvent[] = [];
  return {
    get size() {
      return events.length;
    },
    async add(more) {
      // A loop, not push(...more): a backlog can hold more events than a call takes arguments.
      for (const event of more) events.push(event);
    },
    async read() {
      return { events: events.slice(), end: events.length };
    },
    async settle(unwritten, end) {
      events = unwritten.length === 0 ? events.slice(end) : unwritten.concat(events.slice(end));
    },
    async close() {
      events = [];
    },
  };
}
