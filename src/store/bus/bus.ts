/**
 * Carries invalidations (revoke, rotate, logout) and, later, live events between Warden
 * processes. In memory by default; the cluster setup plugs Redis pub/sub in behind this.
 */
export type BusHandler = (message: unknown) => void;

/**
 * Delivered by a distributed bus to this process's own handlers when it has reconnected after
 * losing its connection: messages from other instances may have been missed meanwhile (Redis
 * pub/sub is at-most-once), so every cache fed by the bus drops what it holds and reloads.
 */
export const BUS_RESYNC_CHANNEL = 'bus.resync';

export interface Bus {
  /** Messages reach other processes (Redis); false: this process only (memory). */
  readonly distributed: boolean;
  publish(channel: string, message: unknown): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(channel: string, handler: BusHandler): () => void;
  close(): Promise<void>;
}

/**
 * Subscribes `handler` to `channel`, and `onResync` to BUS_RESYNC_CHANNEL (a cache fed by
 * `channel` drops everything there). The returned function unsubscribes both.
 */
export function subscribeWithResync(bus: Bus, channel: string, handler: BusHandler, onResync: () => void): () => void {
  const unsubscribes = [bus.subscribe(channel, handler), bus.subscribe(BUS_RESYNC_CHANNEL, onResync)];
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
