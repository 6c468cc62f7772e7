import type { FastifyInstance } from 'fastify';
import { type AuthKit, contextOf, limitByIp, principalOf, requireAuth } from '../http/auth-hook.js';
import { isoDateTime, problemSchema } from '../http/schemas.js';
import { clearedSessionCookies, csrfTokenOf, sessionCookies, type CookieOptions } from '../http/cookie-session.js';
import { PASSWORD_MAX_LENGTH } from '../users/password.js';
import { WardenError } from '../errors/warden-error.js';
import { passwordSignInProperties } from './login-schema.js';
import type { AccountService } from './account-service.js';

/** What the browser session routes use. */
export interface BrowserSessionRoutesOptions extends CookieOptions {
  authKit: AuthKit;
  accounts: AccountService;
}

interface SignInBody { email?: string; password?: string; twoFactorCode?: string; recoveryCode?: string; challenge_id?: string }

const userSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, email: { type: 'string' }, name: { type: ['string', 'null'] }, created_at: isoDateTime },
} as const;

/**
 * `POST /auth/session` signs a browser in: the same checks as `POST /auth/login` (2FA, back-off,
 * per-IP limit), but the session token goes into an HttpOnly, SameSite=Strict cookie and never into
 * the answer, so the page's script cannot leak it. `DELETE /auth/session` ends it and clears both cookies.
 */
export async function browserSessionRoutes(app: FastifyInstance, options: BrowserSessionRoutesOptions): Promise<void> {
  const tags = ['Accounts'];
  const cookieOptions: CookieOptions = { secure: options.secure };

  app.post<{ Body: SignInBody }>('/auth/session', {
    onRequest: limitByIp(options.authKit),
    schema: {
      tags, summary: 'Browser sign-in: e-mail + password (+ 2FA) → the session in an HttpOnly cookie, and a CSRF token',
      body: {
        type: 'object',
        additionalProperties: false,
        properties: {
          ...passwordSignInProperties,
        },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            user: userSchema,
            workspaces: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } } } },
            csrf_token: { type: 'string', description: 'Also in the warden_csrf cookie: send it as X-CSRF-Token on every state-changing request' },
            session_expires_in: { type: 'integer' },
          },
        },
        400: problemSchema, 401: problemSchema, 429: problemSchema,
      },
    },
  }, async (request, reply) => {
    const { email, password, twoFactorCode, recoveryCode, challenge_id: challengeId } = request.body;
    if (password !== undefined && password.length > PASSWORD_MAX_LENGTH) throw new WardenError('invalid_credentials', 'E-mail or password is wrong');
    const result = await options.accounts.login({ email, password, twoFactorCode, recoveryCode, challengeId }, contextOf(request, null));
    reply.header('cache-control', 'no-store');
    reply.header('set-cookie', sessionCookies(result.token, cookieOptions));
    return { user: result.user, workspaces: result.workspaces, csrf_token: csrfTokenOf(result.token), session_expires_in: result.expiresInSeconds };
  });

  app.delete('/auth/session', {
    onRequest: requireAuth(options.authKit, { workspaceOptional: true }),
    schema: { tags, summary: 'Browser sign-out: ends the session and clears its cookies', response: { 204: { type: 'null' }, 401: problemSchema, 403: problemSchema } },
  }, async (request, reply) => {
    const principal = principalOf(request);
    if (principal.type !== 'user' || !principal.sessionId) throw new WardenError('session_required', 'Only a session can sign out');
    await options.accounts.logout(principal.sessionId, principal.workspaceId, contextOf(request));
    reply.header('set-cookie', clearedSessionCookies(cookieOptions));
    return reply.code(204).send();
  });
}
