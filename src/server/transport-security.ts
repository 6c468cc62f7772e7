import type { FastifyInstance } from 'fastify';
import { problemOf, sendProblem } from '../http/problem.js';

const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Production only: plain HTTP is refused (403 `https_required`) unless TLS ends in this process
 * or at a trusted proxy that says `X-Forwarded-Proto: https` (fastify's trustProxy decides which
 * proxies are believed). Load-balancer probes may use plain HTTP: they carry no credential.
 * Every response carries HSTS.
 */
export function registerTransportSecurity(app: FastifyInstance, options: { hstsMaxAgeSeconds: number }): void {
  const hsts = `max-age=${options.hstsMaxAgeSeconds}; includeSubDomains`;
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('strict-transport-security', hsts);
    if (request.protocol === 'https' || PROBE_PATHS.has(request.url.split('?')[0]!)) return done();
    sendProblem(reply, problemOf('https_required', 'Warden accepts only HTTPS in production; use https://'));
  });
}
