/**
 * Carries invalidations (revoke, rotate, logout) and, later, live events between Warden
 * processes. In memory by default; the cluster setup plugs Redis pub/sub in behind this.
 */
export type BusHandler = (message: unknown) => void;

/**
 * Delivered by a distributed bus to this process's own handlers whenever messages from other
 * instances may have been missed (Redis pub/sub is at-most-once): every bound
 * (WARDEN_BUS_DOWN_CACHE_SECONDS) while its subscription is down, once more when it is back, and
 * when another instance could not send something. Every cache fed by the bus then drops what it
 * holds and reloads from the database, so none trusts an entry longer than the bound meanwhile.
 */
export const BUS_RESYNC_CHANNEL = 'bus.resync';

export interface Bus {
  /** Messages reach other processes (Redis); false: this process only (memory). */
  readonly distributed: boolean;
  publish(channel: string, message: unknown): Promise<void>;
  /**
   * Whether a publish on `channel` would reach anyone, here or (distributed) on another instance:
   * lets a publisher skip building a message nobody hears. A distributed bus that cannot tell
   * answers true.
   */
  hasSubscribers(channel: string): Promise<boolean>;
  /** Returns the function that unsubscribes. */
  subscribe(channel: string, handler: BusHandler): () => void;
  close(): Promise<void>;
}
