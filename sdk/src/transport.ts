import { ConnectionError, TimeoutError, WardenError, errorClassFor, type FieldError } from './errors.js';

export interface TransportOptions {
  baseUrl: string;
  /** The credential sent as `Authorization: Bearer …`; null for the public auth flows. */
  credential: string | null;
  timeoutMs: number;
  maxRetries: number;
  fetch: typeof fetch;
  userAgent: string;
  /** Extra headers on every request (e.g. `X-Workspace-ID`). */
  headers: Record<string, string>;
}

export interface RequestOptions {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined | null> | undefined;
  /** JSON body, or a URLSearchParams for a form body. */
  body?: unknown;
  /**
   * Safe to send again: GET/DELETE, a POST the server de-duplicates with `Idempotency-Key`, or a
   * read-only POST such as /v1/verify. Only such calls are retried.
   */
  retry?: boolean;
  /** Send an `Idempotency-Key` (generated once per call, the same on every retry). */
  idempotencyKey?: string | true | undefined;
  /** Override the credential (the auth flows send none; OAuth sends client credentials). */
  authorization?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/** Back-off before retry number `attempt` (1-based): full jitter over 0.5 s · 2^(attempt-1), at most 8 s. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(8_000, 500 * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** The longest `Retry-After` the client waits for by itself; beyond it the 429 is raised at once. */
const MAX_RETRY_AFTER_MS = 60_000;

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export class Transport {
  constructor(readonly options: TransportOptions) {}

  url(path: string, query?: RequestOptions['query']): string {
    const url = new URL(path.replace(/^\//, ''), this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }

  headersFor(request: Pick<RequestOptions, 'authorization' | 'headers'>): Record<string, string> {
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent, accept: 'application/json', ...this.options.headers, ...request.headers };
    const authorization = request.authorization !== undefined ? request.authorization : this.options.credential && `Bearer ${this.options.credential}`;
    if (authorization) headers.authorization = authorization;
    return headers;
  }

  /** One call: the parsed JSON answer (undefined for 204), or a WardenError. */
  async request<T>(request: RequestOptions): Promise<T> {
    const response = await this.send(request);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      // A 2xx that is not JSON: something between the client and Warden answered (a captive proxy).
      throw new WardenError({ status: response.status, code: 'invalid_response', detail: `Not a JSON answer from ${new URL(response.url || this.options.baseUrl).origin}`, cause: error });
    }
  }

  /** One call, retried as allowed; answers the 2xx Response (body unread) or throws. */
  async send(request: RequestOptions): Promise<Response> {
    const headers = this.headersFor(request);
    let body: string | undefined;
    if (request.body instanceof URLSearchParams) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = request.body.toString();
    } else if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    if (request.idempotencyKey) {
      headers['idempotency-key'] = request.idempotencyKey === true ? globalThis.crypto.randomUUID() : request.idempotencyKey;
    }
    const retriable = request.retry ?? (request.method === 'GET' || request.method === 'DELETE' || Boolean(request.idempotencyKey));
    const url = this.url(request.path, request.query);
    for (let attempt = 0; ; attempt++) {
      const mayRetry = retriable && attempt < this.options.maxRetries;
      let response: Response;
      try {
        response = await this.fetchOnce(url, { method: request.method, headers, body }, request.signal);
      } catch (error) {
        if (request.signal?.aborted) throw error;
        if (!mayRetry) throw error;
        await sleep(backoffMs(attempt + 1), request.signal);
        continue;
      }
      if (response.ok) return response;
      const failure = await errorOf(response);
      if (mayRetry && (response.status === 429 || response.status === 503)) {
        const waitMs = retryAfterMs(response.headers.get('retry-after')) ?? backoffMs(attempt + 1);
        if (waitMs <= MAX_RETRY_AFTER_MS) {
          await sleep(waitMs, request.signal);
          continue;
        }
      }
      throw failure;
    }
  }

  /** fetch with the timeout; network failures become ConnectionError / TimeoutError. */
  async fetchOnce(url: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await this.options.fetch(url, { ...init, signal: combined });
    } catch (error) {
      if (signal?.aborted) throw error;
      if (timeout.aborted) {
        throw new TimeoutError({ status: 0, code: 'timeout', detail: `No answer from ${new URL(url).origin} within ${this.options.timeoutMs} ms`, cause: error });
      }
      const reason = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new ConnectionError({
        status: 0, code: 'connection_failed',
        detail: `Cannot reach Warden at ${new URL(url).origin}: ${reason?.code ?? reason?.message ?? (error as Error).message}`,
        cause: error,
      });
    }
  }
}

/** A non-2xx answer as the matching WardenError (problem+json, RFC 6749 error JSON, or anything else). */
export async function errorOf(response: Response): Promise<WardenError> {
  let body: Record<string, unknown> = {};
  const text = await response.text().catch(() => '');
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's HTML page): keep the status.
  }
  const code = typeof body.code === 'string' ? body.code : typeof body.error === 'string' ? body.error : `http_${response.status}`;
  const detail = typeof body.detail === 'string' ? body.detail
    : typeof body.error_description === 'string' ? body.error_description
    : typeof body.title === 'string' ? body.title : `${response.status} ${response.statusText}`.trim();
  const retryAfter = retryAfterMs(response.headers.get('retry-after'));
  const ErrorClass = errorClassFor(response.status, code);
  return new ErrorClass({
    status: response.status, code, detail, body,
    requestId: response.headers.get('x-request-id') ?? response.headers.get('x-warden-request-id') ?? (typeof body.request_id === 'string' ? body.request_id : undefined),
    errors: Array.isArray(body.errors) ? (body.errors as FieldError[]) : undefined,
    retryAfterSeconds: retryAfter === undefined ? undefined : Math.ceil(retryAfter / 1000),
  });
}
