import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import type { Writable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { Pool, type Dispatcher } from 'undici';
import { WardenError } from '../errors/warden-error.js';
import { withoutWardenCookies } from '../http/cookie-session.js';

/** RFC 9110 §7.6.1: meant for one connection, never forwarded (plus the names `Connection` lists). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate']);
/** The caller's credential never reaches the upstream: it learns who called from Warden's headers. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'x-api-key']);

type HeaderValues = Record<string, string | string[] | undefined>;

function connectionListed(headers: HeaderValues): Set<string> | null {
  const value = headers.connection;
  if (!value) return null;
  const listed = new Set<string>();
  for (const name of String(value).split(',')) listed.add(name.trim().toLowerCase());
  return listed;
}

/**
 * The headers the upstream gets: the client's, minus hop-by-hop ones, the credential and every
 * `X-Warden-*` (a client can never spoof identity); plus X-Forwarded-* and Warden's identity.
 */
export function upstreamRequestHeaders(request: FastifyRequest, upstream: URL, identity: Record<string, string>): Record<string, string | string[]> {
  const incoming = request.raw.headers;
  const listed = connectionListed(incoming);
  const headers: Record<string, string | string[]> = {};
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || HOP_BY_HOP.has(name) || listed?.has(name) || CREDENTIAL_HEADERS.has(name)) continue;
    // Expect: Warden's own server already answered `100 Continue` to the client.
    if (name === 'host' || name === 'expect' || name.startsWith('x-warden-') || name.startsWith('x-forwarded-') || name === 'forwarded') continue;
    if (name === 'cookie') {
      // The dashboard's session cookie is a credential too.
      const kept = withoutWardenCookies(value as string);
      if (kept !== undefined) headers.cookie = kept;
      continue;
    }
    headers[name] = value;
  }
  headers.host = upstream.host;
  // Warden's id for the request: the client's only when it was safe (src/http/request-id.ts).
  headers['x-request-id'] = request.id;
  // request.ips: the socket's peer, then the addresses trusted proxies reported, up to the first
  // untrusted one — so only trusted proxies' X-Forwarded-For values are carried on.
  const ips = request.ips;
  headers['x-forwarded-for'] = ips && ips.length > 1 ? [...ips].reverse().join(', ') : request.ip;
  headers['x-forwarded-proto'] = request.protocol;
  const host = request.host;
  if (host) headers['x-forwarded-host'] = host;
  for (const name in identity) headers[name] = identity[name]!;
  return headers;
}

/** Rate-limit headers are Warden's (set before forwarding): the upstream's do not replace them. */
const WARDEN_ANSWER_HEADERS = new Set(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'ratelimit', 'ratelimit-policy']);

/** The upstream's answer headers the client gets (hop-by-hop ones dropped). */
export function clientResponseHeaders(upstreamHeaders: IncomingHttpHeaders): Record<string, string | string[]> {
  const listed = connectionListed(upstreamHeaders);
  const headers: Record<string, string | string[]> = {};
  for (const name in upstreamHeaders) {
    const value = upstreamHeaders[name];
    if (value === undefined || HOP_BY_HOP.has(name) || listed?.has(name) || WARDEN_ANSWER_HEADERS.has(name)) continue;
    headers[name] = value;
  }
  return headers;
}

/**
 * One pool of kept-alive connections per upstream origin (undici: no pipelining, so a slow answer
 * never holds up another), shared by every route and closed with the app.
 */
export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly connectTimeoutMs: number) {}

  of(upstream: URL): Pool {
    let pool = this.pools.get(upstream.origin);
    if (!pool) {
      pool = new Pool(upstream.origin, { pipelining: 1, keepAliveTimeout: 4_000, connectTimeout: this.connectTimeoutMs });
      this.pools.set(upstream.origin, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.destroy()));
  }
}

export interface ForwardOptions {
  request: FastifyRequest;
  /** Closes when the client goes away (the reply's raw response). */
  clientResponse: NodeJS.EventEmitter & { writableFinished: boolean };
  pool: Pool;
  upstream: URL;
  headers: Record<string, string | string[]>;
  /** Deadline for the upstream's answer (status and headers), and for connecting to it. */
  timeoutMs: number;
  /**
   * Called once the upstream's status and headers arrive: returns where its body goes (the
   * client's response, its head written). The body is written there as it comes, with backpressure.
   */
  onAnswer: (statusCode: number, headers: IncomingHttpHeaders) => Writable;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function hasBody(request: FastifyRequest): boolean {
  const headers = request.raw.headers;
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

/**
 * Sends the request to the upstream, streaming its body (never buffered whole), and streams the
 * upstream's answer to where `onAnswer` says; resolves when the answer has been passed on. Before
 * the answer: refused or reset → 502 `upstream_unavailable`; no connection or no answer within the
 * deadline → 504 `upstream_timeout`. A client that disconnects aborts the upstream request.
 */
export async function forwardRequest(options: ForwardOptions): Promise<void> {
  const { request, upstream } = options;
  const basePath = upstream.pathname.endsWith('/') ? upstream.pathname.slice(0, -1) : upstream.pathname;
  // undici listens for `abort` on an emitter as on an AbortSignal (and an emitter is cheaper).
  const abort = new EventEmitter();
  options.clientResponse.once('close', () => {
    if (!options.clientResponse.writableFinished) abort.emit('abort');
  });
  let answered = false;
  try {
    await options.pool.stream({
      method: request.method as Dispatcher.HttpMethod,
      path: basePath + request.url,
      headers: options.headers,
      // A body the client stops sending midway ends the upstream request too.
      body: hasBody(request) ? request.raw : null,
      signal: abort,
      headersTimeout: options.timeoutMs,
      // A stream (SSE) may stay quiet for long: the client decides when it has waited enough.
      bodyTimeout: 0,
    }, ({ statusCode, headers }) => {
      answered = true;
      return options.onAnswer(statusCode, headers as IncomingHttpHeaders);
    });
  } catch (error) {
    // Once the answer has begun, a failure cuts it short (undici destroys the client's response).
    if (answered) return;
    if (TIMEOUT_CODES.has((error as { code?: string }).code ?? '')) {
      throw new WardenError('upstream_timeout', `The upstream did not answer within ${options.timeoutMs} ms`);
    }
    throw new WardenError('upstream_unavailable', 'The upstream could not be reached', { cause: error });
  }
}
