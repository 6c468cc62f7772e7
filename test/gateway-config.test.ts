import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRoutesFile, RoutesFileError } from '../src/gateway/routes-file.js';
import { wardenRouteCovers } from '../src/gateway/warden-routes.js';
import { findRoute, type GatewayTable } from '../src/gateway/route-table.js';
import { createTestApp } from './helpers/test-app.js';
import { writeRoutesFile } from './helpers/upstream.js';

/** The routes file (issue 14): what a company writes, and the start-up errors a bad one gets. */

const KNOWN = { knownResources: new Set(['deals', 'documents', 'api-keys']) };

function problemsOf(text: string): string[] {
  try {
    parseRoutesFile('routes.yaml', text, KNOWN);
  } catch (error) {
    expect(error).toBeInstanceOf(RoutesFileError);
    return (error as RoutesFileError).problems.map((p) => `${p.line}: ${p.message}`);
  }
  throw new Error('expected the file to be refused');
}

const ISSUE_EXAMPLE = `
upstreams:                 # by credential environment
  live: http://127.0.0.1:9001
  test: http://127.0.0.1:9002
timeout_ms: 30000
routes:                    # first match wins
  - match: GET /v1/deals/**
    scopes: [deals:read]
  - match: POST,PATCH /v1/deals/**
    scopes: [deals:read, deals:write]
    rate_class: write
  - match: POST /v1/documents/upload
    scopes: [documents:write]
    rate_class: upload
  - match: GET /v1/status
    auth: none
`;

describe('routes file: parsing', () => {
  it('reads the issue\'s example', () => {
    const table = parseRoutesFile('routes.yaml', ISSUE_EXAMPLE, KNOWN);
    expect(table.upstreams.live!.href).toBe('http://127.0.0.1:9001/');
    expect(table.upstreams.test!.href).toBe('http://127.0.0.1:9002/');
    expect(table.timeoutMs).toBe(30_000);
    expect(table.routes.map((r) => [r.pattern.text, r.scopes, r.rateClass, r.auth, r.line])).toEqual([
      ['GET /v1/deals/**', ['deals:read'], null, 'required', 7],
      ['POST,PATCH /v1/deals/**', ['deals:read', 'deals:write'], 'write', 'required', 9],
      ['POST /v1/documents/upload', ['documents:write'], 'upload', 'required', 12],
      ['GET /v1/status', [], null, 'none', 15],
    ]);
  });

  it('reads the same table from JSON', () => {
    const json = JSON.stringify({ upstreams: { live: 'https://api.internal:8443/base' }, routes: [{ match: 'ANY /v1/deals/**', scopes: ['deals:*'] }] }, null, 2);
    const table = parseRoutesFile('routes.json', json, KNOWN);
    expect(table.upstreams).toEqual({ live: new URL('https://api.internal:8443/base') });
    expect(table.timeoutMs).toBe(30_000);
    expect(table.routes[0]!.pattern.methods).toBeNull();
  });

  it('matches first route first; * is one segment, ** the rest; HEAD follows GET unless listed; ANY is every method', () => {
    const table: GatewayTable = parseRoutesFile('r.yaml', `
upstreams: { live: http://127.0.0.1:1 }
routes:
  - match: GET /v1/deals/*/notes
    scopes: [deals:write]
  - match: GET /v1/deals/**
    scopes: [deals:read]
  - match: DELETE /v1/docs/*
  - match: ANY /v1/any/**
`, KNOWN);
    const line = (method: string, path: string): number | null => findRoute(table, method, path)?.line ?? null;
    expect(line('GET', '/v1/deals/1/notes')).toBe(4);
    expect(line('HEAD', '/v1/deals/1/notes')).toBe(4);
    expect(line('GET', '/v1/deals/1/notes/2')).toBe(6);
    expect(line('GET', '/v1/deals')).toBe(6); // ** is zero or more segments
    expect(line('GET', '/v1/deals/')).toBe(6);
    expect(line('POST', '/v1/deals/1')).toBeNull();
    expect(line('DELETE', '/v1/docs/1')).toBe(8);
    expect(line('DELETE', '/v1/docs')).toBeNull();
    expect(line('DELETE', '/v1/docs/1/2')).toBeNull();
    expect(line('HEAD', '/v1/docs/1')).toBeNull();
    expect(line('PATCH', '/v1/any/x/y')).toBe(9);
    expect(line('OPTIONS', '/v1/any')).toBe(9);
    expect(line('GET', '/v1/dealsx')).toBeNull();
  });
});

describe('routes file: every problem names its line', () => {
  it('malformed YAML', () => {
    expect(problemsOf('upstreams:\n  live: http://127.0.0.1:1\n  live: http://127.0.0.1:2\nroutes: []\n')).toEqual(['3: Map keys must be unique']);
    expect(problemsOf('upstreams:\n  live: http://127.0.0.1:1\nroutes:\n  - match: GET /v1/deals\n   scopes: [deals:read]\n')[0]).toMatch(/^5: /);
  });

  it('unknown fields, at the top and in a route', () => {
    expect(problemsOf(`upstreams: { live: http://127.0.0.1:1 }
routes:
  - match: GET /v1/deals
    scope: [deals:read]
timeout: 5
`)).toEqual([
      '4: unknown field "scope" in a route (expected match, scopes, rate_class, auth)',
      '5: unknown field "timeout" in the routes file (expected upstreams, timeout_ms, routes)',
    ]);
  });

  it('a scope resource the deployment does not declare, and a malformed scope', () => {
    expect(problemsOf(`upstreams: { live: http://127.0.0.1:1 }
routes:
  - match: GET /v1/deals
    scopes:
      - deals:read
      - transfers:read
      - deals
`)).toEqual([
      '6: scope resource "transfers" is not declared (add it to WARDEN_SCOPE_RESOURCES)',
      '7: "deals" is not a scope resource:read|write|*',
    ]);
  });

  it('an upstream that is not http(s), or not a URL; a missing upstreams', () => {
    expect(problemsOf(`upstreams:
  live: ftp://127.0.0.1/
  test: not a url
routes: []
`)).toEqual(['2: upstream live must be an http:// or https:// URL, got ftp:', '3: upstream test is not a URL']);
    expect(problemsOf('routes: []\n')).toEqual(['1: missing field "upstreams" (live and/or test base URLs)']);
  });

  it('routes that would shadow Warden\'s own routes, by method and path', () => {
    expect(problemsOf(`upstreams: { live: http://127.0.0.1:1 }
routes:
  - match: GET /v1/keys
  - match: POST /v1/*/*/rotate
  - match: ANY /**
  - match: GET /.well-known/openid-configuration
  - match: GET /v1/keysmith
  - match: HEAD /v1/me
  - match: PUT,DELETE /v1/keys
  - match: PATCH /v1/workspaces/*/members/**
  - match: OPTIONS /v1/decisions/deals
`)).toEqual([
      '3: "GET /v1/keys" would shadow Warden\'s own GET /v1/keys',
      '4: "POST /v1/*/*/rotate" would shadow Warden\'s own POST /v1/keys/:id/rotate',
      '5: "ANY /**" would shadow Warden\'s own POST /auth/register',
      '8: "HEAD /v1/me" would shadow Warden\'s own HEAD /v1/me',
      '10: "PATCH /v1/workspaces/*/members/**" would shadow Warden\'s own PATCH /v1/workspaces/:id/members/:userId',
      '11: "OPTIONS /v1/decisions/deals" would shadow Warden\'s own OPTIONS /v1/decisions/*',
    ]);
  });

  it('a route whose methods Warden never serves at that path does not shadow it', () => {
    const table = parseRoutesFile('routes.yaml', `upstreams: { live: http://127.0.0.1:1 }
routes:
  - match: PUT,DELETE /v1/keys
  - match: POST /v1/me
  - match: GET /v1/keys/*/usage
  - match: GET /.well-known/openid-configuration
  - match: ANY /v1/verify/*
`, KNOWN);
    expect(table.routes.map((r) => r.pattern.text)).toEqual(['PUT,DELETE /v1/keys', 'POST /v1/me', 'GET /v1/keys/*/usage', 'GET /.well-known/openid-configuration', 'ANY /v1/verify/*']);
    expect(problemsOf(`upstreams: { live: http://127.0.0.1:1 }
routes:
  - match: ANY /v1/verify/**
`)).toEqual(['3: "ANY /v1/verify/**" would shadow Warden\'s own POST /v1/verify']); // ** matches no segment too
  });

  it('bad match, rate_class, auth and timeout_ms', () => {
    expect(problemsOf(`upstreams: { live: http://127.0.0.1:1 }
timeout_ms: fast
routes:
  - match: FETCH /v1/deals
  - match: GET v1/deals
  - match: GET /v1/**/notes
  - match: GET /v1/deals
    rate_class: bulk
  - match: GET /v1/status
    auth: maybe
  - scopes: [deals:read]
`)).toEqual([
      '2: timeout_ms must be a whole number of milliseconds between 1 and 3600000',
      '4: unknown method "FETCH" (one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or ANY)',
      '5: the path "v1/deals" must start with /',
      '6: `**` may only end a path',
      '8: rate_class must be one of standard, write, upload',
      '10: auth must be "none" or "required"',
      '11: a route needs "match: METHOD /path"',
    ]);
  });

  it('stops start-up with the file and line in the message', async () => {
    const file = writeRoutesFile('upstreams: { live: http://127.0.0.1:1 }\nroutes:\n  - match: GET /v1/deals\n    scopes: [ledger:read]\n');
    await expect(createTestApp({ env: { WARDEN_GATEWAY_CONFIG: file } })).rejects.toThrow(`${file}:4: scope resource "ledger" is not declared`);
  });
});

describe('routes file: Warden\'s own paths', () => {
  it('every route Warden registers, with each method, is in WARDEN_ROUTES (the shadowing check knows them all)', async () => {
    const t = await createTestApp({ env: { WARDEN_GATEWAY_CONFIG: writeRoutesFile('upstreams: { live: http://127.0.0.1:1 }\nroutes: []\n') } });
    try {
      // printRoutes draws a tree: each line's depth (4 characters a level) says which parent it extends.
      const routes: string[] = [];
      const stack: string[] = [];
      for (const line of t.app.printRoutes({ commonPrefix: false }).split('\n')) {
        const match = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?/.exec(line);
        if (!match) continue;
        const depth = match[1]!.length / 4;
        stack.length = depth;
        const path = (stack[depth - 1] ?? '') + match[2]!;
        stack.push(path);
        // A wildcard child prints as `*` under its parent: `/docs` + `*` is the route `/docs/*`.
        const route = path.replace(/(^|[^/])\*$/, '$1/*');
        for (const method of match[3]?.split(', ') ?? []) routes.push(`${method} ${route}`);
      }
      expect(routes.length).toBeGreaterThan(50);
      // The gateway itself (`/*`) is every path Warden does not serve.
      const uncovered = routes.filter((route) => route !== `${route.split(' ')[0]} /*`)
        .filter((route) => !wardenRouteCovers(route.split(' ')[0]!, route.split(' ')[1]!));
      expect(uncovered).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe('warden gateway check | routes (compiled CLI)', () => {
  const CLI = join(process.cwd(), 'dist/cli/main.js');
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, encoding: 'utf8', timeout: 60_000 });

  it('check: OK for a good file, exit 1 with file:line for a bad one', () => {
    const good = writeRoutesFile(ISSUE_EXAMPLE);
    const ok = run(['gateway', 'check', good], { WARDEN_SCOPE_RESOURCES: 'deals,documents' });
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toBe(`${good}: 4 route(s), OK\n`);
    expect(ok.status).toBe(0);
    const bad = run(['gateway', 'check', good]); // deals and documents are not declared here
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`${good}:8: scope resource "deals" is not declared`);
  });

  it('routes: prints the table as Warden understood it', () => {
    const file = writeRoutesFile(ISSUE_EXAMPLE);
    const result = run(['gateway', 'routes'], { WARDEN_SCOPE_RESOURCES: 'deals,documents', WARDEN_GATEWAY_CONFIG: file });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('upstream live: http://127.0.0.1:9001/');
    expect(result.stdout).toMatch(/GET,HEAD \/v1\/deals\/\*\*\s+required\s+default\s+deals:read\n/);
    expect(result.stdout).toMatch(/POST,PATCH \/v1\/deals\/\*\*\s+required\s+write\s+deals:read deals:write\n/);
    expect(result.stdout).toMatch(/GET,HEAD \/v1\/status\s+none\s+default\s+-\n/);
  });
});
