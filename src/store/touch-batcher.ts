/**
 * Remembers "X was used at T" in memory and writes the latest T per id in one statement every
 * interval (and on shutdown), so a hot credential costs no database write per request.
 */
export interface TouchBatcher {
  touch(id: string, atMs: number): void;
  /** The newest unflushed time for `id`, if any (fresher than the database). */
  pending(id: string): number | undefined;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export type TouchWriter = (entries: ReadonlyArray<readonly [id: string, atMs: number]>) => Promise<void>;

export interface TouchBatcherOptions {
  write: TouchWriter;
  intervalMs: number;
  onError: (error: unknown) => void;
  /** Writes at most this many ids per statement. */
  batchSize?: number;
}

export function createTouchBatcher(options: TouchBatcherOptions): TouchBatcher {
  let pending = new Map<string, number>();
  let flushing: Promise<void> = Promise.resolve();
  const batchSize = options.batchSize ?? 1000;

  const flushOnce = async (): Promise<void> => {
    if (pending.size === 0) return;
    const entries = [...pending.entries()];
    pending = new Map();
    for (let i = 0; i < entries.length; i += batchSize) {
      try {
        await options.write(entries.slice(i, i + batchSize));
      } catch (error) {
        // Put them back (unless newer touches arrived) so the next flush retries.
        for (const [id, atMs] of entries.slice(i)) if (!((pending.get(id) ?? 0) > atMs)) pending.set(id, atMs);
        options.onError(error);
        return;
      }
    }
  };

  const flush = (): Promise<void> => (flushing = flushing.then(flushOnce));
  const timer = setInterval(() => void flush(), options.intervalMs);
  timer.unref();

  return {
    touch(id, atMs) {
      const current = pending.get(id);
      if (current === undefined || atMs > current) pending.set(id, atMs);
    },
    pending: (id) => pending.get(id),
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
