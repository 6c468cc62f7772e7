/** The one way the app talks to Warden: same-origin fetch with the session cookie, CSRF header and workspace. */

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, readonly detail: string, readonly body: unknown = null) {
    super(detail);
  }
}

/** Codes that mean the session is over: the app goes back to sign-in with a message. */
export const SESSION_ENDED = new Set(['session_expired', 'invalid_token', 'authentication_required']);

let workspaceId: string | null = null;
let onSessionEnded: ((message: string) => void) | null = null;

export function setWorkspace(id: string | null): void {
  workspaceId = id;
}
export function currentWorkspace(): string | null {
  return workspaceId;
}
export function onSessionEnd(handler: ((message: string) => void) | null): void {
  onSessionEnded = handler;
}

/** The warden_csrf cookie (readable by design; the session cookie itself is HttpOnly). */
export function csrfToken(cookie: string = typeof document === 'undefined' ? '' : document.cookie): string | null {
  for (const part of cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'warden_csrf') return rest.join('=') || null;
  }
  return null;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Leave X-Workspace-ID off (user-level routes). */
  noWorkspace?: boolean;
  /** Don't treat a 401 as the end of the session (sign-in itself). */
  anonymous?: boolean;
}

export async function api<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  if (workspaceId && !options.noWorkspace) headers['x-workspace-id'] = workspaceId;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  } catch {
    throw new ApiError(0, 'network_error', 'Warden could not be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const code = typeof body?.code === 'string' ? body.code : `http_${response.status}`;
    const detail = typeof body?.detail === 'string' ? body.detail : `Request failed (${response.status})`;
    const error = new ApiError(response.status, code, detail, body);
    if (response.status === 401 && !options.anonymous && SESSION_ENDED.has(code)) {
      onSessionEnded?.(code === 'session_expired' ? 'Your session has expired. Please sign in again.' : 'Your session has ended. Please sign in again.');
    }
    throw error;
  }
  return body as T;
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** `?a=1&b=2` from the defined, non-empty entries. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
