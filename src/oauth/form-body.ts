import type { FastifyInstance } from 'fastify';
import { OAuthError } from './oauth-error.js';

/**
 * `application/x-www-form-urlencoded` bodies for the OAuth endpoints (this plugin scope only):
 * a flat string map. RFC 6749 §3.2: parameters must not repeat — a repeated one is invalid_request.
 */
export function registerFormParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
    const form: Record<string, string> = {};
    for (const [name, value] of formPairs(body as string)) {
      if (Object.hasOwn(form, name)) return done(new OAuthError('invalid_request', `Parameter "${name}" is repeated`), undefined);
      if (value.includes('\u0000')) return done(new OAuthError('invalid_request', `Parameter "${name}" contains a NUL character`), undefined);
      form[name] = value;
    }
    done(null, form);
  });
}

/**
 * The name/value pairs exactly as URLSearchParams reads them. A body with no percent-escapes (the
 * usual `grant_type=client_credentials&scope=a:read`) is split directly — URLSearchParams costs
 * several microseconds per token request.
 */
export function formPairs(body: string): Iterable<[string, string]> {
  if (body.includes('%')) return new URLSearchParams(body);
  const plain = body.includes('+') ? body.replace(/\+/g, ' ') : body;
  const pairs: Array<[string, string]> = [];
  for (const part of plain.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    pairs.push(eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)]);
  }
  return pairs;
}
