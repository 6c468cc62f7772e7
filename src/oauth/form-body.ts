import type { FastifyInstance } from 'fastify';
import { OAuthError } from './oauth-error.js';

/**
 * `application/x-www-form-urlencoded` bodies for the OAuth endpoints (this plugin scope only):
 * a flat string map. RFC 6749 §3.2: parameters must not repeat — a repeated one is invalid_request.
 */
export function registerFormParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
    const params = new URLSearchParams(body as string);
    const form: Record<string, string> = {};
    for (const [name, value] of params) {
      if (Object.hasOwn(form, name)) return done(new OAuthError('invalid_request', `Parameter "${name}" is repeated`), undefined);
      if (value.includes('\u0000')) return done(new OAuthError('invalid_request', `Parameter "${name}" contains a NUL character`), undefined);
      form[name] = value;
    }
    done(null, form);
  });
}
