import { createHash, timingSafeEqual } from 'node:crypto';
import { WardenError } from '../errors/warden-error.js';
import { SESSION_TOKEN_PREFIX } from '../sessions/session-token.js';

/** The browser session's cookie: HttpOnly, SameSite=Strict, holds the `sess_` token. */
export const SESSION_COOKIE = 'warden_session';
/** Readable by the page's script, which echoes it in X-CSRF-Token (double submit). */
export const CSRF_COOKIE = 'warden_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `name=value` from a Cookie header, or undefined (no decoding: Warden's own values are base62/base64url). */
export function readCookie(cookieHeader: string, name: string): string | undefined {
  let start = 0;
  while (start < cookieHeader.length) {
    const end = cookieHeader.indexOf(';', start);
    const pair = cookieHeader.slice(start, end === -1 ? undefined : end).trim();
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq) === name) return pair.slice(eq + 1);
    if (end === -1) break;
    start = end + 1;
  }
  return undefined;
}

/**
 * The CSRF token of a session: derived from its secret token, so a cookie planted by a sibling
 * subdomain ("cookie tossing") cannot be paired with a header an attacker chose; and no state.
 */
export function csrfTokenOf(sessionToken: string): string {
  return createHash('sha256').update('warden-csrf:').update(sessionToken).digest('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A request with no Authorization and no X-API-Key but a session cookie: its `Bearer sess_…`
 * equivalent. A state-changing method must also carry X-CSRF-Token equal to the warden_csrf cookie
 * (and to the session's own CSRF token), compared in constant time; else 403 `csrf_failed`.
 */
export function cookieAuthorization(method: string, cookieHeader: string, csrfHeader: string | undefined): string | undefined {
  const token = readCookie(cookieHeader, SESSION_COOKIE);
  // Only a session token is taken from the cookie: nothing else is ever set there.
  if (token === undefined || !token.startsWith(SESSION_TOKEN_PREFIX)) return undefined;
  if (!SAFE_METHODS.has(method)) {
    const cookieCsrf = readCookie(cookieHeader, CSRF_COOKIE);
    if (csrfHeader === undefined || cookieCsrf === undefined) {
      throw new WardenError('csrf_failed', 'A request authenticated by the session cookie must send the warden_csrf cookie\'s value in X-CSRF-Token');
    }
    const expected = csrfTokenOf(token);
    // Both compared in full: no early exit that would time which one differs.
    const headerOk = sameSecret(csrfHeader, expected);
    const cookieOk = sameSecret(cookieCsrf, expected);
    if (!headerOk || !cookieOk) throw new WardenError('csrf_failed', 'X-CSRF-Token does not match this session\'s CSRF token');
  }
  return `Bearer ${token}`;
}

export interface CookieOptions {
  /** Secure attribute: production, or a public URL on https. */
  secure: boolean;
}

/** The two Set-Cookie values that start a browser session. */
export function sessionCookies(sessionToken: string, options: CookieOptions): string[] {
  const secure = options.secure ? '; Secure' : '';
  return [
    `${SESSION_COOKIE}=${sessionToken}; Path=/; HttpOnly; SameSite=Strict${secure}`,
    `${CSRF_COOKIE}=${csrfTokenOf(sessionToken)}; Path=/; SameSite=Strict${secure}`,
  ];
}

/** The two Set-Cookie values that end it in the browser. */
export function clearedSessionCookies(options: CookieOptions): string[] {
  const secure = options.secure ? '; Secure' : '';
  const past = '; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT';
  return [
    `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict${secure}${past}`,
    `${CSRF_COOKIE}=; Path=/; SameSite=Strict${secure}${past}`,
  ];
}

/**
 * A Cookie header without Warden's own cookies, or undefined when nothing else is left: the
 * gateway forwards the rest, but the session token never reaches an upstream.
 */
export function withoutWardenCookies(cookieHeader: string): string | undefined {
  if (!cookieHeader.includes(SESSION_COOKIE) && !cookieHeader.includes(CSRF_COOKIE)) return cookieHeader;
  const kept = cookieHeader.split(';').map((pair) => pair.trim()).filter((pair) => {
    const name = pair.slice(0, pair.indexOf('=') === -1 ? pair.length : pair.indexOf('='));
    return pair !== '' && name !== SESSION_COOKIE && name !== CSRF_COOKIE;
  });
  return kept.length > 0 ? kept.join('; ') : undefined;
}
