// Middleware benchmark (`npm run bench:middleware` = build + this file), not a test. One Warden
// (production mode, embedded store) and one Fastify service (bench/middleware-server.mjs) with the
// same handler on three routes, side by side in one run at BENCH_CONNECTIONS (50) for BENCH_DURATION s:
//  - bare (no check: the limit);
//  - behind Warden's middleware (sdk/src/middleware: cache + invalidation stream);
//  - calling POST /v1/verify on every request (what glue code without a cache does), once with the
//    service credential (every use is audited at Warden), once with a workspace key holding verify:read.
// CPU per request is the service's and Warden's, each from /proc. Then the revocation run:
// BENCH_REVOCATIONS (50) times, a key is used through the middleware (cached), revoked at Warden,
// and polled through the middleware (one request at a time, from the moment the revocation is sent)
// until refused; p50/p99 of the time to the first refusal from the key's `revoked_at` (Warden's clock,
// the same machine's), from sending the revocation, and after Warden's answer to it (0 when the
// refusal came first). Target p99 ≤ 100 ms.
// Figures are printed and written to bench/results/middleware-latest.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CFG, ROOT, RESULTS_DIR, num } from './config.mjs';
import { installCleanupHandlers, makeTempDataDir, stopAll } from './children.mjs';
import { startServer, startWarden } from './servers.mjs';
import { cpuMicros, runLoad } from './measure.mjs';

installCleanupHandlers();
const log = (s) => process.stderr.write(`[bench:middleware] ${s}\n`);
const REVOCATIONS = num('BENCH_REVOCATIONS', 50);
const BUILD = join(ROOT, 'scratch', 'middleware-build');

/** The middleware's TypeScript, compiled for the service child (the SDK package builds it for users). */
function compileMiddleware() {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'),
    '--outDir', BUILD, '--rootDir', join(ROOT, 'sdk/src/middleware'), '--module', 'NodeNext', '--moduleResolution', 'NodeNext',
    '--target', 'ES2022', '--strict', '--skipLibCheck', '--types', 'node', '--declaration', 'false', join(ROOT, 'sdk/src/middleware/fastify.ts')], { stdio: 'inherit' });
}

async function http(base, method, path, { body, token, headers = {} } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      'x-forwarded-proto': 'https',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function setup(base) {
  const email = `bench-${Date.now()}@example.com`;
  const password = 'bench-password-1234';
  await http(base, 'POST', '/auth/register', { body: { email, password } });
  const { body: { token } } = await http(base, 'POST', '/auth/login', { body: { email, password } });
  const newKey = async (scopes = ['api-keys:read']) => (await http(base, 'POST', '/v1/keys', { token, body: { name: 'bench key', scopes } })).body.data;
  return { session: token, newKey };
}

let serviceChild = null;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  compileMiddleware();
  const dataDir = makeTempDataDir('warden-bench-mw-');
  // A deployment-level service credential, made offline on the store as an operator would.
  const created = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'service-credentials', 'create', '--name', 'bench', '--json'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, WARDEN_DATA_DIR: dataDir, WARDEN_LOG_LEVEL: 'silent' }, encoding: 'utf8',
  }));
  const warden = await startWarden(dataDir);
  const wardenUrl = `http://127.0.0.1:${warden.port}`;
  const { session, newKey } = await setup(wardenUrl);
  const key = (await newKey()).key;
  const service = await startServer('middleware-server.mjs', 'service', {
    ...process.env, NODE_ENV: 'production', WARDEN_URL: wardenUrl, WARDEN_SERVICE_KEY: created.secret, MIDDLEWARE_BUILD: BUILD,
    WARDEN_VERIFY_KEY: (await newKey(['verify:read'])).key,
  });
  serviceChild = service;
  const serviceUrl = `http://127.0.0.1:${service.port}`;

  const rows = [];
  const measure = async (title, path) => {
    const target = { url: `${serviceUrl}${path}`, headers: { 'x-api-key': key } };
    await runLoad({ title: `${title} (warm-up)`, ...target, server: service, durationS: CFG.warmupS });
    const wardenBefore = cpuMicros(warden.pid);
    const r = await runLoad({ title, ...target, server: service, durationS: CFG.durationS });
    const wardenUs = (cpuMicros(warden.pid) - wardenBefore) / r.totalRequests;
    rows.push({ title, reqPerSec: r.reqPerSec.mean, p50: r.latencyMs.p50, p99: r.latencyMs.p99, serviceCpuUs: r.serverCpuUsPerRequest, wardenCpuUs: wardenUs });
    log(`${title}: ${Math.round(r.reqPerSec.mean)} req/s`);
    return r;
  };
  const bare = await measure('bare route', '/bare');
  const guarded = await measure('behind the middleware', '/guarded');
  const verifyEach = await measure('POST /v1/verify on every request (service credential)', '/verify');
  const verifyWorkspace = await measure('POST /v1/verify on every request (workspace key, verify:read)', '/verify-workspace');

  // Revocation: from the revoking request to the first refusal through the middleware.
  const fromSent = [];
  const fromRevokedAt = [];
  const fromAnswered = [];
  let staleAfterAnswer = 0;
  let refusedBeforeAnswer = 0;
  for (let i = 0; i < REVOCATIONS; i++) {
    const { id, key: secret } = await newKey();
    const get = () => fetch(`${serviceUrl}/guarded`, { headers: { 'x-api-key': secret }, signal: AbortSignal.timeout(5000) }).then(async (r) => (await r.arrayBuffer(), r.status));
    if ((await get()) !== 200 || (await get()) !== 200) throw new Error('the fresh key was not let through');
    // Polling starts with the revocation: the first refusal may come before Warden's answer to it does.
    const sentAt = performance.now();
    let answeredAt = null;
    let revokedAtMs = null;
    const revoking = http(wardenUrl, 'DELETE', `/v1/keys/${id}`, { token: session }).then((answer) => {
      answeredAt = performance.now();
      if (answer.status !== 200) throw new Error(`revoke answered ${answer.status}`);
      revokedAtMs = Date.parse(answer.body.data.revoked_at);
    });
    revoking.catch(() => undefined);
    for (;;) {
      const status = await get();
      if (status === 401) break;
      if (status !== 200) throw new Error(`poll answered ${status}`);
      if (answeredAt !== null) staleAfterAnswer++;
      if (performance.now() - sentAt > 10_000) throw new Error('the revoked key was still let through after 10 s');
    }
    const refusedAt = performance.now();
    const refusedAtEpochMs = performance.timeOrigin + refusedAt;
    await revoking;
    // Warden's own revocation time (same machine clock, ms): the transaction's start, so a little before the commit.
    fromRevokedAt.push(refusedAtEpochMs - revokedAtMs);
    if (refusedAt < answeredAt) refusedBeforeAnswer++;
    fromSent.push(refusedAt - sentAt);
    fromAnswered.push(Math.max(0, refusedAt - answeredAt));
  }
  fromSent.sort((a, b) => a - b);
  fromAnswered.sort((a, b) => a - b);
  fromRevokedAt.sort((a, b) => a - b);
  const revocation = {
    n: REVOCATIONS,
    fromSentMs: { p50: percentile(fromSent, 50), p99: percentile(fromSent, 99), max: fromSent.at(-1) },
    fromRevokedAtMs: { p50: percentile(fromRevokedAt, 50), p99: percentile(fromRevokedAt, 99), max: fromRevokedAt.at(-1) },
    fromAnsweredMs: { p50: percentile(fromAnswered, 50), p99: percentile(fromAnswered, 99), max: fromAnswered.at(-1) },
    staleAfterAnswer,
    refusedBeforeAnswer,
  };

  const f = (n, d = 1) => (n === null || n === undefined || Number.isNaN(n) ? '—' : n.toFixed(d));
  const lines = ['', `| run (${CFG.connections} connections, ${CFG.durationS} s) | req/s | p50 ms | p99 ms | service CPU µs/req | Warden CPU µs/req |`, '|---|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.title} | ${Math.round(r.reqPerSec)} | ${r.p50} | ${r.p99} | ${f(r.serviceCpuUs)} | ${f(r.wardenCpuUs)} |`);
  lines.push('', `middleware / bare throughput: ${(guarded.reqPerSec.mean / bare.reqPerSec.mean).toFixed(2)}; middleware / verify-every-request: ${(guarded.reqPerSec.mean / verifyEach.reqPerSec.mean).toFixed(2)}× (service credential), ${(guarded.reqPerSec.mean / verifyWorkspace.reqPerSec.mean).toFixed(2)}× (workspace key)`);
  lines.push(`revocation → refused through the middleware, n=${revocation.n}: from the key's revoked_at p50 ${f(revocation.fromRevokedAtMs.p50, 2)} ms, p99 ${f(revocation.fromRevokedAtMs.p99, 2)} ms (max ${f(revocation.fromRevokedAtMs.max, 2)}); from sending the revocation p50 ${f(revocation.fromSentMs.p50, 2)} ms, p99 ${f(revocation.fromSentMs.p99, 2)} ms (max ${f(revocation.fromSentMs.max, 2)}); `
    + `after Warden's answer p50 ${f(revocation.fromAnsweredMs.p50, 2)} ms, p99 ${f(revocation.fromAnsweredMs.p99, 2)} ms (refused before the answer arrived: ${refusedBeforeAnswer} of ${revocation.n}); requests let through after Warden answered the revocation: ${staleAfterAnswer} (target p99 ≤ 100 ms)`, '');
  process.stdout.write(lines.join('\n'));
  lines.push(`load average during the run: ${(await import('node:os')).loadavg().map((n) => n.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} CPUs`, '');
  process.stdout.write(lines.slice(-2).join('\n'));
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'middleware-latest.json'), JSON.stringify({ at: new Date().toISOString(), connections: CFG.connections, durationS: CFG.durationS, rows, revocation }, null, 2));
}

main().then(
  async () => { await stopAll(); process.exit(0); },
  async (error) => { process.stderr.write(`bench:middleware failed: ${error.stack ?? error}\n${serviceChild?.stderrTail ?? ''}`); await stopAll(); process.exit(1); },
);
