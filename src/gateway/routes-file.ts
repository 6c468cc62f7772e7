import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { parseScope, WARDEN_RESOURCES } from '../auth/scopes.js';
import { parseRoutePattern } from './route-pattern.js';
import { shadowedWardenRoute } from './warden-routes.js';
import type { GatewayRoute, GatewayTable, RateClass } from './route-table.js';

/** A routes file Warden cannot use: the message names the file, the line and the problem. */
export class RoutesFileError extends Error {
  constructor(readonly file: string, readonly problems: readonly { line: number; message: string }[]) {
    super(`Invalid routes file (WARDEN_GATEWAY_CONFIG):\n${problems.map((p) => `${file}:${p.line}: ${p.message}`).join('\n')}`);
    this.name = 'RoutesFileError';
  }
}

/** The deployment's routes table (WARDEN_GATEWAY_CONFIG), or null: no gateway. Throws RoutesFileError. */
export function loadGatewayTable(config: { gatewayConfig?: string | undefined; scopeResources: readonly string[] }): GatewayTable | null {
  if (!config.gatewayConfig) return null;
  return loadRoutesFile(config.gatewayConfig, { knownResources: new Set([...WARDEN_RESOURCES, ...config.scopeResources]) });
}

export interface RoutesFileOptions {
  /** Scope resources the deployment declares, Warden's own included. */
  knownResources: ReadonlySet<string>;
}

const TOP_FIELDS = ['upstreams', 'timeout_ms', 'routes'];
const ROUTE_FIELDS = ['match', 'scopes', 'rate_class', 'auth'];
const RATE_CLASSES: readonly RateClass[] = ['standard', 'write', 'upload'];
const DEFAULT_TIMEOUT_MS = 30_000;

export function loadRoutesFile(file: string, options: RoutesFileOptions): GatewayTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RoutesFileError(file, [{ line: 0, message: `cannot read the file: ${(error as Error).message}` }]);
  }
  return parseRoutesFile(file, text, options);
}

/** YAML (and so JSON, which YAML 1.2 includes) through the `yaml` package, checked field by field. */
export function parseRoutesFile(file: string, text: string, options: RoutesFileOptions): GatewayTable {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems: { line: number; message: string }[] = [];
  if (doc.errors.length > 0) {
    for (const error of doc.errors) problems.push({ line: lineCounter.linePos(error.pos[0]).line, message: error.message.split('\n')[0]! });
    throw new RoutesFileError(file, problems);
  }
  const lineOf = (node: unknown): number => {
    const range = (node as YamlNode | null)?.range;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  const fail = (node: unknown, message: string): void => void problems.push({ line: lineOf(node), message });
  const fieldsOf = (node: unknown, allowed: readonly string[], what: string): Map<string, Pair> => {
    const fields = new Map<string, Pair>();
    if (!isMap(node)) {
      fail(node, `${what} must be a mapping`);
      return fields;
    }
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(key)) fail(pair.key, `unknown field "${key}" in ${what} (expected ${allowed.join(', ')})`);
      else fields.set(key, pair);
    }
    return fields;
  };

  const top = fieldsOf(doc.contents, TOP_FIELDS, 'the routes file');
  const upstreams: GatewayTable['upstreams'] = {};
  const upstreamsPair = top.get('upstreams');
  if (!upstreamsPair) {
    if (isMap(doc.contents)) fail(doc.contents, 'missing field "upstreams" (live and/or test base URLs)');
  } else {
    const fields = fieldsOf(upstreamsPair.value, ['live', 'test'], 'upstreams');
    for (const [environment, pair] of fields) {
      const value = isScalar(pair.value) ? pair.value.value : undefined;
      let url: URL | null = null;
      try {
        url = typeof value === 'string' ? new URL(value) : null;
      } catch {
        url = null;
      }
      if (!url) fail(pair.value, `upstream ${environment} is not a URL`);
      else if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(pair.value, `upstream ${environment} must be an http:// or https:// URL, got ${url.protocol}`);
      else if (url.search || url.hash || url.username || url.password) fail(pair.value, `upstream ${environment} must be a base URL without query, fragment or credentials`);
      else upstreams[environment as 'live' | 'test'] = url;
    }
    if (fields.size === 0 && isMap(upstreamsPair.value)) fail(upstreamsPair.value, 'upstreams must name live and/or test');
  }

  let timeoutMs = DEFAULT_TIMEOUT_MS;
  const timeoutPair = top.get('timeout_ms');
  if (timeoutPair) {
    const value = isScalar(timeoutPair.value) ? timeoutPair.value.value : undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 3_600_000) fail(timeoutPair.value, 'timeout_ms must be a whole number of milliseconds between 1 and 3600000');
    else timeoutMs = value;
  }

  const routes: GatewayRoute[] = [];
  const routesPair = top.get('routes');
  if (!routesPair) {
    if (isMap(doc.contents)) fail(doc.contents, 'missing field "routes"');
  } else if (!isSeq(routesPair.value)) {
    fail(routesPair.value ?? routesPair.key, 'routes must be a list');
  } else {
    for (const item of routesPair.value.items) {
      const route = parseRoute(item, fieldsOf(item, ROUTE_FIELDS, 'a route'), fail, options, lineOf(item));
      if (route) routes.push(route);
    }
  }
  if (problems.length > 0) throw new RoutesFileError(file, problems.sort((a, b) => a.line - b.line));
  return { file, upstreams, timeoutMs, routes };
}

function parseRoute(
  node: unknown,
  fields: Map<string, Pair>,
  fail: (node: unknown, message: string) => void,
  options: RoutesFileOptions,
  line: number,
): GatewayRoute | null {
  if (!isMap(node)) return null;
  const before = { count: 0 };
  const problem = (at: unknown, message: string): void => {
    before.count++;
    fail(at, message);
  };
  const matchPair = fields.get('match');
  const matchText = matchPair && isScalar(matchPair.value) ? matchPair.value.value : undefined;
  let pattern: ReturnType<typeof parseRoutePattern> | null = null;
  if (!matchPair) problem(node, 'a route needs "match: METHOD /path"');
  else if (typeof matchText !== 'string') problem(matchPair.value, 'match must be text like "GET /v1/deals/**"');
  else {
    const parsed = parseRoutePattern(matchText);
    pattern = parsed;
    if (typeof parsed === 'string') problem(matchPair.value, parsed);
    else {
      const shadowed = shadowedWardenRoute(parsed);
      if (shadowed) problem(matchPair.value, `"${matchText}" would shadow Warden's own ${shadowed}`);
    }
  }

  let auth: GatewayRoute['auth'] = 'required';
  const authPair = fields.get('auth');
  if (authPair) {
    const value = isScalar(authPair.value) ? authPair.value.value : undefined;
    if (value === 'none') auth = 'none';
    else if (value !== 'required') problem(authPair.value, 'auth must be "none" or "required"');
  }

  const scopes: string[] = [];
  const scopesPair = fields.get('scopes');
  if (scopesPair) {
    if (!isSeq(scopesPair.value)) problem(scopesPair.value, 'scopes must be a list like [deals:read]');
    else {
      for (const item of scopesPair.value.items) {
        const text = isScalar(item) ? item.value : undefined;
        const scope = typeof text === 'string' ? parseScope(text) : null;
        if (!scope || scope.resource === '*') problem(item, `"${String(text)}" is not a scope resource:read|write|*`);
        else if (!options.knownResources.has(scope.resource)) problem(item, `scope resource "${scope.resource}" is not declared (add it to WARDEN_SCOPE_RESOURCES)`);
        else scopes.push(text as string);
      }
    }
    if (auth === 'none' && scopes.length > 0) problem(scopesPair.key, 'a route with auth: none cannot require scopes');
  }

  let rateClass: RateClass | null = null;
  const ratePair = fields.get('rate_class');
  if (ratePair) {
    const value = isScalar(ratePair.value) ? ratePair.value.value : undefined;
    if (!RATE_CLASSES.includes(value as RateClass)) problem(ratePair.value, `rate_class must be one of ${RATE_CLASSES.join(', ')}`);
    else rateClass = value as RateClass;
  }
  if (before.count > 0 || !pattern || typeof pattern === 'string') return null;
  return { pattern, scopes, rateClass, auth, line };
}
