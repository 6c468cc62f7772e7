import type { FastifyInstance } from 'fastify';
import { type AuthKit, contextOf, limitByIp, principalOf, requireAuth } from '../http/auth-hook.js';
import { bearerSecurity, problemSchema } from '../http/schemas.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../users/password.js';
import { WardenError } from '../errors/warden-error.js';
import type { AccountService } from './account-service.js';
import type { PasswordResetService } from './password-reset-service.js';

const newPasswordField = { type: 'string', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH } as const;

/** What the password routes use. */
export interface PasswordRoutesOptions {
  authKit: AuthKit;
  accounts: AccountService;
  passwordResets: PasswordResetService;
}

/** `/auth/password/change`, `/auth/password/forgot`, `/auth/password/reset`. */
export async function passwordRoutes(app: FastifyInstance, services: PasswordRoutesOptions): Promise<void> {
  const tags = ['Accounts'];

  app.post<{ Body: { current_password: string; new_password: string } }>('/auth/password/change', {
    onRequest: requireAuth(services.authKit, { workspaceOptional: true }),
    schema: {
      tags, summary: 'Change your password (needs the current one); ends your other sessions', security: bearerSecurity,
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['current_password', 'new_password'],
        properties: { current_password: { type: 'string', maxLength: 1024 }, new_password: newPasswordField },
      },
      response: { 204: { type: 'null' }, 400: problemSchema, 401: problemSchema, 403: problemSchema },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    if (!principal.sessionId) throw new WardenError('session_required', 'Only a user session can change its password');
    await services.accounts.changePassword(principal.id, principal.sessionId, request.body.current_password, request.body.new_password, contextOf(request));
    return reply.code(204).send();
  });

  app.post<{ Body: { email: string } }>('/auth/password/forgot', {
    onRequest: limitByIp(services.authKit),
    schema: {
      tags, summary: 'E-mail a single-use reset token; 202 whether or not the address exists',
      body: { type: 'object', additionalProperties: false, required: ['email'], properties: { email: { type: 'string', maxLength: 254 } } },
      response: { 202: { type: 'object', properties: { status: { type: 'string' } } }, 400: problemSchema },
    },
  }, async (request, reply) => {
    services.passwordResets.requestReset(request.body.email, contextOf(request, null));
    return reply.code(202).send({ status: 'If the address has an account, a reset token is on its way.' });
  });

  app.post<{ Body: { token: string; new_password: string } }>('/auth/password/reset', {
    onRequest: limitByIp(services.authKit),
    schema: {
      tags, summary: 'Set a new password with an e-mailed token; ends every session of the account',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['token', 'new_password'],
        properties: { token: { type: 'string', maxLength: 200 }, new_password: newPasswordField },
      },
      response: { 204: { type: 'null' }, 400: problemSchema },
    },
  }, async (request, reply) => {
    await services.passwordResets.reset(request.body.token, request.body.new_password, contextOf(request, null));
    return reply.code(204).send();
  });
}
