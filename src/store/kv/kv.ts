/**
 * Short-lived shared state — login back-off counters, second-factor challenges, the refresh
 * race window — that every instance must see: in memory for one process, Redis for several.
 */
export interface KeyValueStore {
  readonly distributed: boolean;
  get(key: string): Promise<string | null>;
  /** Stores `value` for `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Adds 1 atomically (a missing key counts from 0 and lives `ttlMs`); the new value. */
  increment(key: string, ttlMs: number): Promise<number>;
  close(): Promise<void>;
}
