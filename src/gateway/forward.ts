import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { FastifyRequest } from 'fastify';
import { WardenError } from '../errors/warden-error.js';
import { withoutWardenCookies } from '../http/cookie-session.js';

/** RFC 9110 §7.6.1: meant for one connection, never forwarded (plus the names `Connection` lists). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate']);
/** The caller's credential never reaches the upstream: it learns who called from Warden's headers. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'x-api-key']);

/** Kept-alive connections per upstream scheme (one pool each, shared by every route). */
const AGENTS = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 }),
};

function connectionListed(headers: IncomingHttpHeaders): Set<string> {
  const listed = new Set<string>();
  const value = headers.connection;
  if (value) for (const name of value.split(',')) listed.add(name.trim().toLowerCase());
  return listed;
}

/**
 * The headers the upstream gets: the client's, minus hop-by-hop ones, the credential and every
 * `X-Warden-*` (a client can never spoof identity); plus X-Forwarded-* and Warden's identity.
 */
export function upstreamRequestHeaders(request: FastifyRequest, upstream: URL, identity: Record<string, string>): OutgoingHttpHeaders {
  const incoming = request.raw.headers;
  const listed = connectionListed(incoming);
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.has(name) || CREDENTIAL_HEADERS.has(name)) continue;
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
  // request.ips: the socket's peer, then the addresses trusted proxies reported, up to the first
  // untrusted one — so only trusted proxies' X-Forwarded-For values are carried on.
  headers['x-forwarded-for'] = request.ips ? [...request.ips].reverse().join(', ') : request.ip;
  headers['x-forwarded-proto'] = request.protocol;
  const host = request.host;
  if (host) headers['x-forwarded-host'] = host;
  Object.assign(headers, identity);
  return headers;
}

/** Rate-limit headers are Warden's (set before forwarding): the upstream's do not replace them. */
const WARDEN_ANSWER_HEADERS = new Set(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'ratelimit', 'ratelimit-policy']);

/** The upstream's answer headers the client gets (hop-by-hop ones dropped). */
export function clientResponseHeaders(response: IncomingMessage): Record<string, string | string[]> {
  const listed = connectionListed(response.headers);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.has(name) || WARDEN_ANSWER_HEADERS.has(name)) continue;
    headers[name] = value;
  }
  return headers;
}

export interface ForwardOptions {
  request: FastifyRequest;
  /** Closes when the client goes away (the reply's raw response). */
  clientResponse: NodeJS.EventEmitter & { writableFinished: boolean };
  upstream: URL;
  headers: OutgoingHttpHeaders;
  /** Deadline for the upstream's answer (status and headers). */
  timeoutMs: number;
}

/**
 * Sends the request to the upstream, streaming its body (never buffered whole), and resolves with
 * the upstream's answer as a stream once its status and headers arrive. Refused or reset → 502
 * `upstream_unavailable`; no answer within the deadline → 504 `upstream_timeout`; a client that
 * disconnects aborts the upstream request.
 */
export function forwardRequest(options: ForwardOptions): Promise<IncomingMessage> {
  const { request, upstream } = options;
  const basePath = upstream.pathname.endsWith('/') ? upstream.pathname.slice(0, -1) : upstream.pathname;
  const transport = upstream.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const outgoing = transport.request({
      protocol: upstream.protocol,
      hostname: upstream.hostname.replace(/^\[|\]$/g, ''),
      port: upstream.port || undefined,
      method: request.method,
      path: basePath + request.url,
      headers: options.headers,
      agent: AGENTS[upstream.protocol as 'http:' | 'https:'],
    });
    const timer = setTimeout(() => {
      timedOut = true;
      outgoing.destroy();
    }, options.timeoutMs);
    const onClientGone = (): void => {
      if (!options.clientResponse.writableFinished) outgoing.destroy();
    };
    options.clientResponse.once('close', onClientGone);
    outgoing.once('response', (response) => {
      clearTimeout(timer);
      resolve(response);
    });
    outgoing.once('error', (error) => {
      clearTimeout(timer);
      options.clientResponse.removeListener('close', onClientGone);
      if (timedOut) reject(new WardenError('upstream_timeout', `The upstream did not answer within ${options.timeoutMs} ms`));
      else reject(new WardenError('upstream_unavailable', 'The upstream could not be reached', { cause: error }));
    });
    const body = request.raw;
    const headers = body.headers;
    if (headers['transfer-encoding'] === undefined && (headers['content-length'] === undefined || headers['content-length'] === '0')) {
      // No body (most GETs): end at once, without a pipe.
      body.resume();
      outgoing.end();
      return;
    }
    // A body the client stops sending midway ends the upstream request too.
    body.once('aborted', () => outgoing.destroy());
    body.pipe(outgoing);
  });
}
