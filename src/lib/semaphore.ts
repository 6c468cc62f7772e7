/** At most `limit` tasks run at once; the rest wait in arrival order. */
export interface Semaphore {
  run<T>(task: () => Promise<T>): Promise<T>;
  setLimit(limit: number): void;
}

export function createSemaphore(initialLimit: number): Semaphore {
  let limit = initialLimit;
  let running = 0;
  const waiting: Array<() => void> = [];
  const next = (): void => {
    while (running < limit && waiting.length > 0) {
      running++;
      waiting.shift()!();
    }
  };
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        next();
      });
      try {
        return await task();
      } finally {
        running--;
        next();
      }
    },
    setLimit(newLimit: number): void {
      limit = Math.max(1, newLimit);
      next();
    },
  };
}
