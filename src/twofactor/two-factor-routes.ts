import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type AuthKit, contextOf, principalOf, requireAuth } from '../http/auth-hook.js';
import { bearerSecurity, problemSchema } from '../http/schemas.js';
import { WardenError } from '../errors/warden-error.js';
import { findUserById } from '../users/users.js';
import type { Database } from '../store/database.js';
import type { TwoFactorService } from './two-factor-service.js';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 409: problemSchema };

/** What the two-factor routes use. */
export interface TwoFactorRoutesOptions {
  authKit: AuthKit;
  db: Database;
  twoFactor: TwoFactorService;
}

/** `GET /auth/2fa` (status), `POST /auth/2fa/setup`, `/enable`, `/disable` — for the signed-in user (a session, not an API key). */
export async function twoFactorRoutes(app: FastifyInstance, services: TwoFactorRoutesOptions): Promise<void> {
  const tags = ['Two-factor'];
  const auth = requireAuth(services.authKit, { workspaceOptional: true });
  const userIdOf = (request: FastifyRequest): string => {
    const principal = principalOf(request);
    if (principal.type !== 'user') throw new WardenError('session_required', 'Two-factor belongs to a user: use a session');
    return principal.id;
  };

  app.get('/auth/2fa', {
    onRequest: auth,
    schema: {
      tags, summary: 'Whether two-factor is on for the signed-in user', security: bearerSecurity,
      response: { 200: { type: 'object', properties: { enabled: { type: 'boolean' }, enabled_at: { type: ['string', 'null'], format: 'date-time' } } }, ...errors },
    },
  }, async (request) => {
    const user = await findUserById(services.db, userIdOf(request));
    if (!user) throw new WardenError('invalid_token', 'The user no longer exists');
    return { enabled: user.totp_enabled_at !== null, enabled_at: user.totp_enabled_at?.toISOString() ?? null };
  });

  app.post('/auth/2fa/setup', {
    onRequest: auth,
    schema: {
      tags, summary: 'New TOTP secret: base32, otpauth:// URI and a QR code (SVG) for the authenticator app', security: bearerSecurity,
      response: { 200: { type: 'object', properties: { secret: { type: 'string' }, otpauth_url: { type: 'string' }, qr_svg: { type: 'string' } } }, ...errors },
    },
  }, async (request) => {
    const user = await findUserById(services.db, userIdOf(request));
    if (!user) throw new WardenError('invalid_token', 'The user no longer exists');
    return services.twoFactor.setup({ id: user.id, email: user.email });
  });

  app.post<{ Body: { code: string } }>('/auth/2fa/enable', {
    onRequest: auth,
    schema: {
      tags, summary: 'Turn 2FA on with a code from the app → 10 recovery codes, shown once', security: bearerSecurity,
      body: { type: 'object', additionalProperties: false, required: ['code'], properties: { code: { type: 'string', maxLength: 16 } } },
      response: { 200: { type: 'object', properties: { recovery_codes: { type: 'array', items: { type: 'string' } } } }, ...errors },
    },
  }, async (request) => ({ recovery_codes: await services.twoFactor.enable(userIdOf(request), request.body.code, contextOf(request)) }));

  app.post<{ Body: { code?: string; recovery_code?: string } }>('/auth/2fa/disable', {
    onRequest: auth,
    schema: {
      tags, summary: 'Turn 2FA off with a current code or a recovery code', security: bearerSecurity,
      body: {
        type: 'object', additionalProperties: false, minProperties: 1, maxProperties: 1,
        properties: { code: { type: 'string', maxLength: 16 }, recovery_code: { type: 'string', maxLength: 32 } },
      },
      response: { 204: { type: 'null' }, ...errors },
    },
  }, async (request, reply) => {
    await services.twoFactor.disable(userIdOf(request), { code: request.body.code, recoveryCode: request.body.recovery_code }, contextOf(request));
    return reply.code(204).send();
  });
}
