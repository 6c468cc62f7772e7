import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { WardenVerifier, type WardenMiddlewareOptions } from './warden-verifier.js';
import type { WardenPrincipal } from './principal.js';

export type { Verdict, WardenMiddlewareOptions } from './warden-verifier.js';
export type { WardenPrincipal } from './principal.js';
export type { WardenProblem } from './problems.js';
export { WardenVerifier } from './warden-verifier.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The verified caller, set by Warden's middleware. */
    warden?: WardenPrincipal;
  }
}

export interface ExpressWarden {
  /** Middleware: the request's credential must hold every one of these scopes. */
  requireScopes(...scopes: string[]): RequestHandler;
  verifier: WardenVerifier;
  close(): void;
}

/**
 * Warden for an Express app: `app.get('/deals', warden.requireScopes('deals:read'), …)`; the
 * principal is `req.warden`; refusals are Warden's problem+json with its headers. `req.ip` is the
 * client address (set Express's `trust proxy` behind a proxy).
 */
export function createWarden(options: WardenMiddlewareOptions = {}): ExpressWarden {
  const verifier = new WardenVerifier(options);
  return {
    requireScopes: (...scopes) => function wardenRequireScopes(req: Request, res: Response, next: NextFunction): void {
      verifier.check({ authorization: req.get('authorization'), apiKey: req.get('x-api-key'), workspaceId: req.get('x-workspace-id'), ip: req.ip }, scopes).then((verdict) => {
        res.set(verdict.headers);
        if (!verdict.ok) {
          res.status(verdict.status).type('application/problem+json').send(JSON.stringify(verdict.problem));
          return;
        }
        req.warden = verdict.principal;
        next();
      }, next);
    },
    verifier,
    close: () => verifier.close(),
  };
}

let shared: ExpressWarden | null = null;

/** `requireScopes` of one Warden made from the environment (WARDEN_URL, WARDEN_SERVICE_KEY) at first use. */
export function requireScopes(...scopes: string[]): RequestHandler {
  return function wardenRequireScopes(req, res, next) {
    shared ??= createWarden();
    shared.requireScopes(...scopes)(req, res, next);
  };
}
