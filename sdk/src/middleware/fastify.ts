import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WardenVerifier, type Verdict, type WardenMiddlewareOptions } from './warden-verifier.js';
import type { CredentialRequest, WardenPrincipal } from './principal.js';

export type { Verdict, WardenMiddlewareOptions } from './warden-verifier.js';
export type { WardenPrincipal } from './principal.js';
export type { WardenProblem } from './problems.js';
export { WardenVerifier } from './warden-verifier.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller, set by Warden's middleware. */
    warden?: WardenPrincipal | null;
  }
  interface FastifyContextConfig {
    /** The scopes this route needs, read by Warden's plugin (`app.register(warden.plugin)`). */
    wardenScopes?: readonly string[];
  }
}

type PreHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export interface FastifyWarden {
  /** A preHandler: the request's credential must hold every one of these scopes. */
  requireScopes(...scopes: string[]): PreHandler;
  /** A plugin (not encapsulated) that checks every route whose `config.wardenScopes` is set. */
  plugin: (app: FastifyInstance) => Promise<void>;
  verifier: WardenVerifier;
  close(): void;
}

function credentialOf(request: FastifyRequest): CredentialRequest {
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return { authorization: header('authorization'), apiKey: header('x-api-key'), workspaceId: header('x-workspace-id'), ip: request.ip };
}

function send(reply: FastifyReply, verdict: Exclude<Verdict, { ok: true }>): FastifyReply {
  return reply.code(verdict.status).type('application/problem+json').send(verdict.problem);
}

/**
 * Warden for a Fastify app: `app.get('/deals', { preHandler: warden.requireScopes('deals:read') }, …)`,
 * or `app.register(warden.plugin)` and `config: { wardenScopes: ['deals:read'] }` per route. The
 * principal is `request.warden`; refusals are Warden's problem+json with its headers.
 */
export function createWarden(options: WardenMiddlewareOptions = {}): FastifyWarden {
  const verifier = new WardenVerifier(options);
  const guard = async (request: FastifyRequest, reply: FastifyReply, scopes: readonly string[]): Promise<void> => {
    const verdict = await verifier.check(credentialOf(request), scopes);
    reply.headers(verdict.headers);
    if (!verdict.ok) {
      await send(reply, verdict);
      return;
    }
    request.warden = verdict.principal;
  };
  const plugin = async (app: FastifyInstance): Promise<void> => {
    app.decorateRequest('warden', null);
    app.addHook('preHandler', async function wardenRouteScopes(request, reply) {
      const scopes = request.routeOptions.config.wardenScopes;
      if (scopes !== undefined) await guard(request, reply, scopes);
    });
    app.addHook('onClose', async () => verifier.close());
  };
  // Hooks of this plugin apply to the whole app (what fastify-plugin does, without the dependency).
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return {
    requireScopes: (...scopes) => async function wardenRequireScopes(request, reply) {
      await guard(request, reply, scopes);
    },
    plugin,
    verifier,
    close: () => verifier.close(),
  };
}

let shared: FastifyWarden | null = null;

/** `requireScopes` of one Warden made from the environment (WARDEN_URL, WARDEN_SERVICE_KEY) at first use. */
export function requireScopes(...scopes: string[]): PreHandler {
  return async function wardenRequireScopes(request, reply) {
    shared ??= createWarden();
    await shared.requireScopes(...scopes)(request, reply);
  };
}
