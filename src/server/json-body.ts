import type { FastifyInstance } from 'fastify';

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
    parseJson(request, body as string, done);
  });
}
