import type { FastifyInstance } from 'fastify';
import { WardenError } from '../errors/warden-error.js';

/**
 * JSON bodies as fastify parses them (prototype-poisoning protection kept), except that an empty
 * body is "no body": `curl -X POST …/rotate -H 'Content-Type: application/json'` must work.
 */
export function registerJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  // Only JSON: a text/plain body (fetch() with a bare string) is a 415, not a confusing 400.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    // PostgreSQL text cannot hold U+0000: refuse it here with a clear message instead of failing later.
    if (typeof body === 'string' && (body.includes('\\u0000') || body.includes('\u0000'))) {
      return done(new WardenError('invalid_json', 'NUL characters (\\u0000) are not allowed in JSON bodies'), undefined);
    }
    parseJson(request, body as string, done);
  });
}
