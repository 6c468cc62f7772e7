import net from 'node:net';

/**
 * What the proxy does with traffic:
 * - `forward`: passes bytes both ways, as if it were not there;
 * - `refuse`: resets every new connection at once (a proxy or firewall refusing);
 * - `blackhole`: accepts new connections and forwards nothing, on new and existing connections
 *   alike (a network that swallows packets; the peer never answers, nothing is closed).
 */
export type ProxyMode = 'forward' | 'refuse' | 'blackhole';

export interface TcpProxy {
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  setMode(mode: ProxyMode): void;
  /** Destroys every connection open now, both sides (a cut cable, a restarted proxy). */
  cutAll(): void;
  /** Connections open now, counting each client side once. */
  readonly openConnections: number;
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 (port 0) in front of `target`, for tests that break the network on purpose. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'forward';
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket | null }>();

  const server = net.createServer((client) => {
    client.on('error', () => undefined);
    if (mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    const pair: { client: net.Socket; upstream: net.Socket | null } = { client, upstream: null };
    pairs.add(pair);
    client.on('close', () => {
      pairs.delete(pair);
      pair.upstream?.destroy();
    });
    // Held open, never answered: whatever the client sends is swallowed.
    if (mode === 'blackhole') return;
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.on('error', () => undefined);
    upstream.on('close', () => client.destroy());
    client.on('data', (chunk) => {
      if (mode !== 'blackhole') upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (mode !== 'blackhole') client.write(chunk);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  const proxy: TcpProxy = {
    port,
    urlFor(url: string): string {
      const parsed = new URL(url);
      parsed.host = `127.0.0.1:${port}`;
      return parsed.toString();
    },
    setMode(next: ProxyMode): void {
      mode = next;
    },
    cutAll(): void {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream?.destroy();
      }
      pairs.clear();
    },
    get openConnections(): number {
      return pairs.size;
    },
    async close(): Promise<void> {
      proxy.cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
