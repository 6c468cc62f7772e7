/**
 * Carries invalidations (revoke, rotate, logout) and, later, live events between Warden
 * processes. In memory by default; the cluster setup plugs Redis pub/sub in behind this.
 */
export type BusHandler = (message: unknown) => void;

export interface Bus {
  /** Messages reach other processes (Redis); false: this process only (memory). */
  readonly distributed: boolean;
  publish(channel: string, message: unknown): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(channel: string, handler: BusHandler): () => void;
  close(): Promise<void>;
}
