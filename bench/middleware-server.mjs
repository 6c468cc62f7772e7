// The company's service for bench/middleware.mjs: one Fastify app, the same handler on three routes —
//  /bare      no check at all (the limit);
//  /guarded   behind Warden's middleware (sdk/src/middleware, compiled by the bench into scratch/);
//  /verify    a preHandler that calls POST /v1/verify on every request (no cache), as glue code would,
//             with the service credential; /verify-workspace the same with a workspace key holding verify:read.
// Env: WARDEN_URL, WARDEN_SERVICE_KEY, MIDDLEWARE_BUILD (the compiled middleware's directory), CACHE_TTL_MS.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import Fastify from 'fastify';
import { announceListening, exitWithParent, enableProfiling } from './child-common.mjs';

const { createWarden } = await import(pathToFileURL(join(process.env.MIDDLEWARE_BUILD, 'fastify.js')).href);
const wardenUrl = process.env.WARDEN_URL;
const serviceKey = process.env.WARDEN_SERVICE_KEY;
// Warden runs in production mode behind a (pretend) TLS-terminating proxy on loopback.
const httpsFetch = (input, init = {}) => fetch(input, { ...init, headers: { ...init.headers, 'x-forwarded-proto': 'https' } });

let failures = 0;
const warden = createWarden({
  baseUrl: wardenUrl, serviceCredential: serviceKey, fetch: httpsFetch, cacheTtlMs: Number(process.env.CACHE_TTL_MS ?? 5000),
  // Why a request was refused with 503 (the first few), on stderr for the bench's failure report.
  onError: (error) => { if (failures++ < 5) process.stderr.write(`middleware: ${error?.message ?? error} ${error?.cause?.message ?? ''}\n`); },
});
if (!(await warden.verifier.ready(10_000))) throw new Error('the invalidation stream did not come up');

const app = Fastify({ logger: false });
await app.register(warden.plugin);
const body = { deals: [{ id: 'deal_1', amount: 1000 }] };
const handler = async () => body;
app.get('/bare', handler);
app.get('/guarded', { preHandler: warden.requireScopes('api-keys:read') }, handler);
/** A preHandler asking Warden about every request, as `caller` (a service credential, or a workspace key with verify:read). */
const verifyEachWith = (caller) => async (request, reply) => {
    const key = request.headers['x-api-key'];
    const response = await httpsFetch(`${wardenUrl}/v1/verify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${caller}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key, required_scopes: ['api-keys:read'], ip: request.ip }),
      signal: AbortSignal.timeout(30_000), // generous: this run measures throughput, not time-outs
    });
    const { data } = await response.json();
    if (response.status !== 200 || !data.valid) return reply.code(401).send({ code: data?.code ?? 'invalid_key' });
};
app.get('/verify', { preHandler: verifyEachWith(serviceKey) }, handler);
app.get('/verify-workspace', { preHandler: verifyEachWith(process.env.WARDEN_VERIFY_KEY) }, handler);

enableProfiling('service');
exitWithParent(() => app.close().then(() => process.exit(0)));
await app.listen({ host: '127.0.0.1', port: 0 });
announceListening('service', app.server.address().port);
