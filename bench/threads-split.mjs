// Where a Warden's CPU per request goes by thread (`node bench/threads-split.mjs`): one Warden with
// request audit off and one with it on (embedded PGlite, or PostgreSQL with BENCH_DATABASE_URL /
// DATABASE_URL), each loaded with GET /v1/me (API key) after a pre-warm; per thread (/proc task
// stat, utime+stime) µs per request — the main thread, V8's helper threads (garbage collection,
// compilation), the libuv and worker threads — so that what audit on adds is seen where it runs.
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CFG } from './config.mjs';
import { installCleanupHandlers, makeTempDataDir, stopAll } from './children.mjs';
import { startWarden, createApiKey } from './servers.mjs';
import { prepareBenchStore, closeMonitor } from './store.mjs';
import { runLoad } from './measure.mjs';

installCleanupHandlers();
const CLK_US = 10_000; // USER_HZ 100
function threads(pid) {
  const out = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, { name: tid === String(pid) ? 'main' : name, us: (Number(f[11]) + Number(f[12])) * CLK_US });
    } catch { /* thread gone */ }
  }
  return out;
}
const kind = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL ? 'postgres' : 'pglite';
const dataDir = makeTempDataDir('warden-bench-threads-');
const wardens = [];
for (const audit of ['off', 'on']) {
  const store = await prepareBenchStore(kind);
  const dir = join(dataDir, audit);
  mkdirSync(dir);
  const server = await startWarden(dir, store.databaseUrl, { WARDEN_AUDIT_REQUESTS: audit === 'on' ? 'all' : 'off' });
  server.store = store;
  const base = `http://127.0.0.1:${server.port}`;
  wardens.push({ audit, server, store, key: await createApiKey(base), base });
}
const rounds = Number(process.env.BENCH_ROUNDS || 3);
const prewarmS = Number(process.env.BENCH_PREWARM ?? 15);
for (const w of wardens) {
  const target = { url: `${w.base}/v1/me`, headers: { authorization: `Bearer ${w.key}`, 'x-forwarded-proto': 'https' }, server: w.server };
  w.target = target;
  if (prewarmS > 0) await runLoad({ ...target, title: `audit ${w.audit} (pre-warm)`, durationS: prewarmS });
}
const groupOf = (name) => (name === 'main' ? 'main' : /^V8 Dedicated|^V8 DefaultWork|^node$/.test(name) ? 'v8 helpers' : name);
const results = { off: [], on: [] };
for (let r = 0; r < rounds; r++) {
  for (const w of r % 2 === 0 ? wardens : [...wardens].reverse()) {
    const before = threads(w.server.pid);
    const res = await runLoad({ ...w.target, title: `audit ${w.audit}`, durationS: CFG.durationS, settle: true });
    const after = threads(w.server.pid);
    const split = {};
    for (const [tid, t] of after) split[groupOf(t.name)] = (split[groupOf(t.name)] ?? 0) + (t.us - (before.get(tid)?.us ?? 0)) / res.totalRequests;
    results[w.audit].push(split);
    console.log(`round ${r + 1} audit ${w.audit}: ${res.totalRequests} requests; µs/req by thread: ${Object.entries(split).filter(([, v]) => v > 0.05).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
  }
}
await stopAll();
for (const w of wardens) await w.store.cleanup();
await closeMonitor();
