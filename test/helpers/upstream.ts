import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bodyBytes: number;
  /** Its connection closed (answered, or aborted by the caller). */
  closed: boolean;
}

export interface Upstream {
  url: string;
  /** Every request it answered (or started answering). */
  seen: SeenRequest[];
  server: Server;
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback standing for the company's API. `handle` may answer itself;
 * otherwise it reads the body (counting bytes, never keeping them) and answers
 * `{upstream: name, method, url}` with the status its `?status=` asks (default 200).
 */
export async function startUpstream(
  name: string,
  handle?: (request: IncomingMessage, response: ServerResponse, seen: SeenRequest) => boolean | void,
): Promise<Upstream> {
  const seen: SeenRequest[] = [];
  const server = createServer((request, response) => {
    const record: SeenRequest = { method: request.method!, url: request.url!, headers: request.headers, bodyBytes: 0, closed: false };
    seen.push(record);
    response.once('close', () => (record.closed = true));
    if (handle?.(request, response, record)) return;
    request.on('data', (chunk: Buffer) => (record.bodyBytes += chunk.length));
    request.on('end', () => {
      const status = Number(new URL(request.url!, 'http://upstream').searchParams.get('status') ?? 200);
      response.writeHead(status, { 'content-type': 'application/json', 'x-upstream': name });
      response.end(JSON.stringify({ upstream: name, method: request.method, url: request.url, body_bytes: record.bodyBytes }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    server,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Writes a routes file into a fresh temporary directory and returns its path. */
export function writeRoutesFile(text: string, extension = 'yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-gateway-'));
  const path = join(dir, `routes.${extension}`);
  writeFileSync(path, text);
  return path;
}
