import type { EndpointClass } from '../ratelimit/limiter.js';
import { pathSegments, patternMatches, type RoutePattern } from './route-pattern.js';

export type RateClass = Exclude<EndpointClass, 'auth'>;

/** One route of the routes file, as Warden understood it. */
export interface GatewayRoute {
  pattern: RoutePattern;
  /** Every one of these must be allowed; empty with `auth: none`. */
  scopes: readonly string[];
  /** null: standard for GET/HEAD, write otherwise. */
  rateClass: RateClass | null;
  /** `none`: forwarded without a credential (limited per client IP). */
  auth: 'required' | 'none';
  /** 1-based line of the route in its file. */
  line: number;
}

export interface GatewayTable {
  file: string;
  /** Upstream base URL by credential environment. */
  upstreams: { live?: URL; test?: URL };
  timeoutMs: number;
  routes: readonly GatewayRoute[];
}

/** First match wins: the route for this request, or null (404 `route_not_found`). */
export function findRoute(table: GatewayTable, method: string, path: string): GatewayRoute | null {
  const segments = pathSegments(path);
  for (const route of table.routes) if (patternMatches(route.pattern, method, segments)) return route;
  return null;
}

export function rateClassOf(route: GatewayRoute, method: string): RateClass {
  return route.rateClass ?? (method === 'GET' || method === 'HEAD' ? 'standard' : 'write');
}

/** The table as text, one route a line (`warden gateway routes`). */
export function describeTable(table: GatewayTable): string {
  const lines = [`routes file ${table.file}`];
  for (const [environment, url] of Object.entries(table.upstreams)) lines.push(`upstream ${environment}: ${url.href}`);
  lines.push(`timeout: ${table.timeoutMs} ms`, '');
  const width = Math.max(5, ...table.routes.map((r) => r.pattern.text.length));
  lines.push(`${'match'.padEnd(width)}  ${'auth'.padEnd(8)}  ${'rate'.padEnd(8)}  scopes`);
  for (const route of table.routes) {
    const methods = route.pattern.methods ? [...route.pattern.methods].join(',') : 'ANY';
    const path = route.pattern.segments.length ? `/${route.pattern.segments.join('/')}` : '/';
    const rate = route.rateClass ?? 'default';
    lines.push(`${`${methods} ${path}`.padEnd(width)}  ${route.auth.padEnd(8)}  ${rate.padEnd(8)}  ${route.scopes.join(' ') || '-'}`);
  }
  return `${lines.join('\n')}\n`;
}
