// A/B of two Warden builds on the same machine in the same run (`node bench/ab.mjs`): this
// checkout's dist/ (B) against another checkout's (A: BENCH_AB_BASE, a directory with bench/ and a
// built dist/, e.g. `git worktree add /tmp/base <commit> && (cd /tmp/base && npm run build)`),
// each serving GET /v1/me with a cached API key (BENCH_AB_PATH), with bare Fastify as the
// reference, in alternating rounds (BENCH_ROUNDS, 3): hello → A → B → hello → B → A, so neither
// build always goes first. Prints every run and the medians of CPU µs per request (server
// utime+stime ÷ requests) and req/s. BENCH_AUDIT_REQUESTS (default off) applies to both builds;
// PGlite unless BENCH_DATABASE_URL / DATABASE_URL is set.
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CFG, BENCH_DIR } from './config.mjs';
import { installCleanupHandlers, makeTempDataDir, stopAll } from './children.mjs';
import { startServer, createApiKey } from './servers.mjs';
import { prepareBenchStore, closeMonitor } from './store.mjs';
import { runLoad } from './measure.mjs';
import { runSummaryLine, median, fmt1, fmt2, fmtInt, table } from './report.mjs';

installCleanupHandlers();
const base = process.env.BENCH_AB_BASE;
if (!base) {
  console.error('BENCH_AB_BASE=<a checkout with a built dist/> node bench/ab.mjs');
  process.exit(2);
}
const path = process.env.BENCH_AB_PATH || '/v1/me';
const audit = process.env.BENCH_AUDIT_REQUESTS || 'off';

function wardenEnv(dataDir, databaseUrl) {
  const env = {};
  const drop = /^(WARDEN_|DATABASE_URL$|REDIS_URL$|TLS_|HOST$|PORT$|TRUSTED_PROXIES$)/;
  for (const [k, v] of Object.entries(process.env)) if (!drop.test(k)) env[k] = v;
  return {
    ...env, NODE_ENV: 'production', WARDEN_ENV: 'production', TRUSTED_PROXIES: '127.0.0.1', WARDEN_LOG_LEVEL: 'silent',
    WARDEN_RATE_LIMIT_STANDARD: '10000000', WARDEN_RATE_LIMIT_WRITE: '10000000', WARDEN_RATE_LIMIT_AUTH: '10000000', WARDEN_RATE_LIMIT_WORKSPACE: '100000000',
    WARDEN_AUDIT_REQUESTS: audit === 'on' ? 'all' : audit, WARDEN_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), HOST: '127.0.0.1', PORT: '0',
  };
}

const log = (s) => process.stderr.write(`[ab] ${s}\n`);
const stores = [];
const dataDir = makeTempDataDir('warden-bench-ab-');
const boot = async (name, script) => {
  const store = await prepareBenchStore();
  stores.push(store);
  const dir = join(dataDir, name);
  mkdirSync(dir);
  const server = await startServer(script, name, wardenEnv(dir, store.databaseUrl));
  server.store = store;
  return server;
};
const [hello, a, b] = await Promise.all([
  startServer('hello-server.mjs', 'hello', { ...process.env, NODE_ENV: 'production' }),
  boot('A', relative(BENCH_DIR, join(base, 'bench', 'warden-server.mjs'))),
  boot('B', 'warden-server.mjs'),
]);
const keys = { A: await createApiKey(`http://127.0.0.1:${a.port}`), B: await createApiKey(`http://127.0.0.1:${b.port}`) };
log(`A = ${base} (pid ${a.pid}), B = this checkout (pid ${b.pid}), hello pid ${hello.pid}; ${path}, audit ${audit}, ${stores[0].label}`);

const target = (name) => {
  const fwd = { 'x-forwarded-proto': 'https' };
  if (name === 'hello') return { url: `http://127.0.0.1:${hello.port}/`, server: hello, headers: { authorization: `Bearer ${keys.A}`, ...fwd } };
  const s = name === 'A' ? a : b;
  return { url: `http://127.0.0.1:${s.port}${path}`, server: s, headers: { authorization: `Bearer ${keys[name]}`, ...fwd } };
};
const runs = { hello: [], A: [], B: [] };
for (let round = 0; round < CFG.rounds; round++) {
  for (const name of round % 2 === 0 ? ['hello', 'A', 'B'] : ['hello', 'B', 'A']) {
    const t = target(name);
    await runLoad({ ...t, title: `${name} warm-up`, durationS: round === 0 ? CFG.warmupS : 1 });
    const r = await runLoad({ ...t, title: name, durationS: CFG.durationS });
    runs[name].push(r);
    log(`round ${round + 1} ${runSummaryLine(name, r)}`);
  }
}
await stopAll();
for (const s of stores) await s.cleanup();
await closeMonitor();
const cpu = (n) => median(runs[n].map((r) => r.serverCpuUsPerRequest));
const rps = (n) => median(runs[n].map((r) => r.reqPerSec.mean));
console.log(table(['hello', 'A', 'B'].map((n) => ({
  server: n === 'hello' ? 'bare Fastify' : n === 'A' ? `A ${base}` : 'B this checkout',
  'CPU µs/req (each run)': runs[n].map((r) => fmt1(r.serverCpuUsPerRequest)).join(' · '),
  'CPU µs/req median': fmt1(cpu(n)), '× bare': fmt2(cpu(n) / cpu('hello')),
  'req/s median': fmtInt(rps(n)), 'req/s × bare': fmt2(rps(n) / rps('hello')),
}))));
process.exit(0);
