/**
 * A gateway route's `match`: `METHOD[,METHOD] PATH`, `ANY` for every method; in the path `*` is
 * one segment and a final `**` the rest (zero or more segments). `HEAD` follows `GET` unless a
 * route lists `HEAD` itself.
 */
export interface RoutePattern {
  /** Upper-case methods, or null for ANY. */
  methods: ReadonlySet<string> | null;
  /** Path segments: a literal, `*` (one segment) or `**` (the rest, last only). */
  segments: readonly string[];
  /** The text as written, for messages and `warden gateway routes`. */
  text: string;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const SEGMENT = /^(\*\*|\*|[A-Za-z0-9._~!$&'()+,;=:@%-]+)$/;

/** Parses `GET,POST /v1/deals/**`: the pattern, or a message saying what is wrong. */
export function parseRoutePattern(text: string): RoutePattern | string {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(text);
  if (!match) return `"${text}" is not "METHOD[,METHOD] /path"`;
  const [, methodText, path] = match as unknown as [string, string, string];
  let methods: Set<string> | null = new Set();
  for (const method of methodText.split(',')) {
    const upper = method.trim().toUpperCase();
    if (upper === 'ANY') {
      methods = null;
      break;
    }
    if (!METHODS.has(upper)) return `unknown method "${method}" (one of ${[...METHODS].join(', ')} or ANY)`;
    methods.add(upper);
  }
  if (methods && methods.has('GET')) methods.add('HEAD');
  if (!path.startsWith('/')) return `the path "${path}" must start with /`;
  const segments = path === '/' ? [] : path.slice(1).replace(/\/$/, '').split('/');
  for (const [index, segment] of segments.entries()) {
    if (!SEGMENT.test(segment)) return `the path segment "${segment}" is not a literal, * or **`;
    if (segment === '**' && index !== segments.length - 1) return '`**` may only end a path';
  }
  return { methods, segments, text: text.trim() };
}

/** Splits a request path (no query) into its segments, as patterns are split. */
export function pathSegments(path: string): string[] {
  if (path === '/' || path === '') return [];
  const trimmed = path.endsWith('/') ? path.slice(1, -1) : path.slice(1);
  return trimmed.split('/');
}

export function patternMatches(pattern: RoutePattern, method: string, segments: readonly string[]): boolean {
  if (pattern.methods && !pattern.methods.has(method)) return false;
  const wanted = pattern.segments;
  for (let i = 0; i < wanted.length; i++) {
    const segment = wanted[i]!;
    if (segment === '**') return true;
    if (i >= segments.length) return false;
    if (segment !== '*' && segment !== segments[i]) return false;
  }
  return segments.length === wanted.length;
}

/**
 * Could one request match both the gateway `pattern` and Warden's own route `method path`
 * (Fastify syntax: `:name` one segment, a final `*` the rest)? Then the gateway route would
 * shadow Warden's. Warden answers HEAD wherever it answers GET, as a pattern's GET includes HEAD.
 */
export function patternOverlapsRoute(pattern: RoutePattern, method: string, path: string): boolean {
  if (pattern.methods && !pattern.methods.has(method)) return false;
  const own = pathSegments(path);
  const wanted = pattern.segments;
  for (let i = 0; ; i++) {
    const mine = wanted[i];
    const theirs = own[i];
    // `**` and Fastify's `*` match the rest, zero segments included.
    if (mine === '**' || theirs === '*') return true;
    if (mine === undefined || theirs === undefined) return mine === theirs;
    if (mine !== '*' && !theirs.startsWith(':') && mine !== theirs) return false;
  }
}

/**
 * Is this request path in normal form, so that the route Warden matched is the resource the
 * upstream serves? No `.` or `..` segments (encoded or not), no encoded `/` or `\\`, no raw `\\`,
 * no empty segment: an upstream that normalises `/v1/public/%2e%2e/admin` must never receive
 * what Warden matched as `/v1/public/**`.
 */
export function isNormalPath(path: string): boolean {
  if (!path.startsWith('/') || path.includes('\\')) return false;
  const segments = pathSegments(path);
  for (const segment of segments) {
    if (segment === '') return false;
    if (segment.includes('%')) {
      const lower = segment.toLowerCase();
      if (lower.includes('%2f') || lower.includes('%5c')) return false;
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        return false;
      }
      if (decoded === '.' || decoded === '..') return false;
    } else if (segment === '.' || segment === '..') {
      return false;
    }
  }
  return true;
}
