import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Principal, RequestContext } from '../auth/principal.js';
import { actorOf } from '../auth/principal.js';
import { WardenError } from '../errors/warden-error.js';
import type { Services } from './services.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export interface AuthRequirement {
  /** Every one of these must be allowed (`api-keys:write`, …). */
  scopes?: readonly string[];
  /** Refuse API keys: only a user session will do (403 `session_required`). */
  sessionOnly?: boolean;
  /** A user-level route: a member of several workspaces need not name one (the first is used). */
  workspaceOptional?: boolean;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * onRequest hook: authenticates before the body is even read, so an anonymous caller never gets
 * to see validation messages. Callback style keeps the cached path free of promise allocations.
 */
export function requireAuth(services: Services, requirement: AuthRequirement = {}): onRequestHookHandler {
  const scopes = requirement.scopes ?? [];
  const authorize = (request: FastifyRequest, principal: Principal): void => {
    if (requirement.sessionOnly && principal.type !== 'user') {
      throw new WardenError('session_required', 'This deployment allows key management only from a user session');
    }
    if (scopes.length > 0) {
      const missing = principal.scopes.missing(scopes, services.scopePolicy);
      if (missing.length > 0) {
        throw new WardenError('insufficient_scope', `This credential lacks the scope ${missing.join(', ')}`, {
          extra: { missing_scopes: missing },
          bearerError: 'insufficient_scope',
        });
      }
    }
    request.principal = principal;
  };

  return function authenticate(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
    reply.header('cache-control', 'no-store');
    let result: Principal | Promise<Principal>;
    try {
      result = services.authenticator.authenticate({
        authorization: header(request, 'authorization'),
        apiKey: header(request, 'x-api-key'),
        workspaceId: header(request, 'x-workspace-id'),
        // request.ip walks X-Forwarded-For through the trusted proxies: only done when a key needs it.
        ip: () => request.ip ?? null,
        workspaceOptional: requirement.workspaceOptional,
      });
    } catch (error) {
      done(error as Error);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (principal) => {
          try {
            authorize(request, principal);
            done();
          } catch (error) {
            done(error as Error);
          }
        },
        (error: Error) => done(error),
      );
      return;
    }
    try {
      authorize(request, result);
      done();
    } catch (error) {
      done(error as Error);
    }
  };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route used principalOf() without requireAuth()');
  return request.principal;
}

/** Strips the query string: it may carry secrets (`?token=`) and is not needed in the audit path. */
export function contextOf(request: FastifyRequest, principal: Principal | null = request.principal): RequestContext {
  return {
    actor: principal ? actorOf(principal) : { type: 'system', id: 'anonymous' },
    ip: request.ip ?? null,
    userAgent: header(request, 'user-agent') ?? null,
    method: request.method,
    path: request.url.split('?')[0] ?? request.url,
  };
}
