import type { Context, MiddlewareHandler } from 'hono';
import { WardenVerifier, type WardenMiddlewareOptions } from './warden-verifier.js';
import type { WardenPrincipal } from './principal.js';

export type { Verdict, WardenMiddlewareOptions } from './warden-verifier.js';
export type { WardenPrincipal } from './principal.js';
export type { WardenProblem } from './problems.js';
export { WardenVerifier } from './warden-verifier.js';

/** The variables Warden's middleware sets: `c.get('warden')`. */
export type WardenVariables = { warden: WardenPrincipal };

export interface HonoWardenOptions extends WardenMiddlewareOptions {
  /**
   * The client's address (checked against a key's allowed_ips): runtime-specific in Hono, e.g.
   * `(c) => getConnInfo(c).remote.address` from `@hono/node-server/conninfo`. Not sent when absent.
   */
  clientIp?: (c: Context) => string | undefined;
}

export interface HonoWarden {
  /** Middleware: the request's credential must hold every one of these scopes. */
  requireScopes(...scopes: string[]): MiddlewareHandler<{ Variables: WardenVariables }>;
  verifier: WardenVerifier;
  close(): void;
}

/**
 * Warden for a Hono app: `app.get('/deals', warden.requireScopes('deals:read'), (c) => … c.get('warden'))`;
 * refusals are Warden's problem+json with its headers.
 */
export function createWarden(options: HonoWardenOptions = {}): HonoWarden {
  const { clientIp, ...verifierOptions } = options;
  const verifier = new WardenVerifier(verifierOptions);
  return {
    requireScopes: (...scopes) => async function wardenRequireScopes(c, next) {
      const verdict = await verifier.check({
        authorization: c.req.header('authorization'), apiKey: c.req.header('x-api-key'), workspaceId: c.req.header('x-workspace-id'), ip: clientIp?.(c),
      }, scopes);
      if (!verdict.ok) {
        return new Response(JSON.stringify(verdict.problem), { status: verdict.status, headers: { ...verdict.headers, 'content-type': 'application/problem+json' } });
      }
      for (const [name, value] of Object.entries(verdict.headers)) c.header(name, value);
      c.set('warden', verdict.principal);
      await next();
      return undefined;
    },
    verifier,
    close: () => verifier.close(),
  };
}

let shared: HonoWarden | null = null;

/** `requireScopes` of one Warden made from the environment (WARDEN_URL, WARDEN_SERVICE_KEY) at first use. */
export function requireScopes(...scopes: string[]): MiddlewareHandler<{ Variables: WardenVariables }> {
  return async function wardenRequireScopes(c, next) {
    shared ??= createWarden();
    return shared.requireScopes(...scopes)(c, next);
  };
}
