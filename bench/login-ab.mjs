// P3 before/after in the same run: `BENCH_BEFORE_DIR=/path/to/other/checkout node bench/login-ab.mjs`.
// bench/login.mjs with a second Warden per store, started from the other checkout's
// bench/warden-server.mjs (so its dist/, built there), each with its own store; every round loads
// the baseline, then this tree's Warden ("NEW", judged as in login.mjs) and the other one ("BEFORE"),
// alternating which of the two goes first. The table adds BEFORE's logins/s, ratio, CPU − argon2
// and (PostgreSQL) backend CPU. JSON in bench/results/login-ab-latest.json. Same knobs as login.mjs.
// P3, logins (`npm run bench:login`, and part of `npm run bench`). 127.0.0.1 only, ≈ 1 min per store.
//
// Baseline: bench/argon2-server.mjs, a bare Fastify 5 route POST /auth/login that verifies the
// same password against an argon2id hash made with Warden's ARGON2_OPTIONS, through Warden's own
// password module (@node-rs/argon2 on the same pool of nice-19 worker threads, same size), and
// nothing else. Warden: production mode (bench/warden-server.mjs), one registered user,
// POST /auth/login answering the full token set (session, access token, refresh token, the login
// audited). Both loaded by the same load generator (autocannon in its own process, bench/load.mjs),
// same body, BENCH_LOGIN_CONNECTIONS (8) connections, in rounds (BENCH_LOGIN_ROUNDS, 3): baseline
// then Warden, each BENCH_DURATION s (5) after a warm-up (BENCH_WARMUP s in the first round, 1 s
// after). Every response must be 2xx.
//   logins/s = 2xx ÷ duration; CPU per login = utime+stime of the server process (all threads:
//   the argon2 workers too) — and of its PostgreSQL backends — ÷ logins. argon2's CPU is that of
//   the process's nice-19 threads (/proc/<pid>/task/*/stat): the password worker pool lowers its
//   threads to nice 19 and nothing else does, in Warden and in the baseline alike; so "CPU per
//   login − argon2's" is measured inside the same process and run, not as a difference of two
//   runs (argon2's own CPU per verify moves by ±15 % between runs on a busy machine). The CPU is read once the server is
//   idle again before and after a run, and the logins in flight when the load stops count as served.
//   Judged on the medians of the rounds: Warden logins/s ≥ 0.85× the baseline's (each round's ratio);
//   Warden's CPU per login − its argon2 threads' ≤ 1 ms.
// Stores: PGlite, and PostgreSQL too when BENCH_DATABASE_URL / DATABASE_URL is set (BENCH_STORES
// overrides). Tables on stdout, JSON in bench/results/login-latest.json. Exit 0 unless something broke.
// Knobs (env): BENCH_LOGIN_CONNECTIONS (8), BENCH_LOGIN_ROUNDS (3), BENCH_DURATION, BENCH_WARMUP,
// BENCH_PROFILE=1 (CPU-profile Warden's main thread during the first measured run),
// BENCH_PASSWORD_HASH_CONCURRENCY=N (N argon2 threads in both servers instead of one per core).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULTS_DIR } from './config.mjs';
import { CFG, TARGETS, STORES, STORE_NAME, PASSWORD, createLoginUser } from './login-common.mjs';
import { machineFacts, targetTable, median, fmt0, fmt1, fmt2 } from './report.mjs';
import { installCleanupHandlers, makeTempDataDir, stopAll, isSignalled } from './children.mjs';
import { startServer, startWarden, wardenEnvOf } from './servers.mjs';
import { prepareBenchStore, closeMonitor } from './store.mjs';
import { runLoad, profiled } from './measure.mjs';
import { summarize, formatSummary } from './profile-summary.mjs';

installCleanupHandlers();

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
if (!process.env.BENCH_BEFORE_DIR) throw new Error('set BENCH_BEFORE_DIR to the checkout to compare with (built: npm run build there)');
const BEFORE_DIR = resolve(process.env.BENCH_BEFORE_DIR);

const started = Date.now();
const log = (s) => process.stderr.write(`[bench:login ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${s}\n`);
const stores = [];

async function main() {
  const loadStart = loadavg();
  log(`node ${process.version}, ${cpus().length} CPUs, load ${loadStart.map((x) => x.toFixed(2)).join(' ')}; stores ${STORES.join(', ')}; ` +
    `${CFG.connections} connections, ${CFG.rounds} round(s) of ${CFG.durationS}s; argon2 threads ${CFG.passwordHashConcurrency === '0' ? 'one per core' : CFG.passwordHashConcurrency}`);
  const hashEnv = { WARDEN_PASSWORD_HASH_CONCURRENCY: CFG.passwordHashConcurrency };
  const dataDir = makeTempDataDir('warden-bench-login-');
  const baseline = await startServer('argon2-server.mjs', 'argon2-server', { ...process.env, NODE_ENV: 'production', BENCH_LOGIN_PASSWORD: PASSWORD, ...hashEnv });
  const wardens = [];
  for (const kind of STORES) {
    const store = await prepareBenchStore(kind);
    stores.push(store);
    const dir = join(dataDir, kind);
    mkdirSync(dir);
    const server = await startWarden(dir, store.databaseUrl, hashEnv);
    server.store = store;
    server.countNiceThreads = true;
    const base = `http://127.0.0.1:${server.port}`;
    const store0 = await prepareBenchStore(kind);
    stores.push(store0);
    const dir0 = join(dataDir, kind + '-base');
    mkdirSync(dir0);
    const server0 = await startServer(relative(BENCH_DIR, join(BEFORE_DIR, 'bench', 'warden-server.mjs')), 'warden-before', wardenEnvOf(dir0, store0.databaseUrl, hashEnv));
    server0.store = store0;
    server0.countNiceThreads = true;
    const base0 = `http://127.0.0.1:${server0.port}`;
    wardens.push({ kind, server, store, email: await createLoginUser(base), base, server0, email0: await createLoginUser(base0), base0 });
    log(`warden ${kind} on :${server.port} (pid ${server.pid}, ${store.label}); base warden on :${server0.port}`);
  }
  baseline.countNiceThreads = true;
  log(`baseline (bare Fastify + argon2id verify) on :${baseline.port} (pid ${baseline.pid})`);

  const body = (email) => JSON.stringify({ email, password: PASSWORD });
  const headers = { 'content-type': 'application/json', 'x-forwarded-proto': 'https' };
  const runs = Object.fromEntries(STORES.map((k) => [k, []]));
  let profile = null;
  for (let round = 0; round < CFG.rounds; round++) {
    for (const w of wardens) {
      const pairT = [
        { key: 'warden', title: `Warden NEW ${STORE_NAME[w.kind]} POST /auth/login`, url: `${w.base}/auth/login`, server: w.server, body: body(w.email) },
        { key: 'before', title: `Warden BEFORE ${STORE_NAME[w.kind]} POST /auth/login`, url: `${w.base0}/auth/login`, server: w.server0, body: body(w.email0) },
      ];
      if (round % 2 === 1) pairT.reverse();
      const targets = [
        { key: 'baseline', title: 'bare Fastify POST /auth/login (argon2id verify only)', url: `http://127.0.0.1:${baseline.port}/auth/login`, server: baseline, body: body(w.email) },
        ...pairT,
      ];
      const pair = {};
      for (const t of targets) {
        const common = { ...t, method: 'POST', headers, connections: CFG.connections, settle: true };
        await runLoad({ ...common, title: `${t.title} (warm-up)`, durationS: round === 0 ? CFG.warmupS : 1 });
        const measure = () => runLoad({ ...common, durationS: CFG.durationS, fineLatency: true });
        const doProfile = CFG.profile && round === 0 && t.key === 'warden' && !profile;
        const { result, profileFile } = doProfile ? await profiled(t.server, 'login', measure) : { result: await measure(), profileFile: null };
        if (profileFile) profile = { file: profileFile, requests: result.totalRequests };
        result.loginsPerSec = result['2xx'] / result.duration;
        const ms = (us) => (us != null ? us / 1000 : null);
        result.cpuMsPerLogin = ms(result.serverCpuUsPerRequest);
        result.argon2MsPerLogin = ms(result.niceThreadsCpuUsPerRequest);
        result.beyondArgon2MsPerLogin = result.cpuMsPerLogin != null && result.argon2MsPerLogin != null ? result.cpuMsPerLogin - result.argon2MsPerLogin : null;
        pair[t.key] = result;
        log(`round ${round + 1}/${CFG.rounds} ${t.title}: ${fmt1(result.loginsPerSec)} logins/s, p50 ${fmt1(result.fineLatencyMs.p50)} ms, p99 ${fmt1(result.fineLatencyMs.p99)} ms, ` +
          `${result['2xx']} logins, CPU ${fmt2(result.cpuMsPerLogin)} ms/login (argon2 threads ${fmt2(result.argon2MsPerLogin)}, the rest ${fmt2(result.beyondArgon2MsPerLogin)})` +
          (result.dbCpuUsPerRequest != null ? ` (PostgreSQL backends ${fmt2(result.dbCpuUsPerRequest / 1000)})` : '') + ` (${fmt2(result.serverCpuUtilisation)} cores)`);
      }
      runs[w.kind].push(pair);
    }
  }
  await stopAll();
  for (const s of stores) await s.cleanup();
  await closeMonitor();
  log('servers stopped');

  const tables = [];
  const verdicts = [];
  for (const kind of STORES) {
    const S = STORE_NAME[kind];
    const rs = runs[kind];
    const overhead = (p) => p.warden.beyondArgon2MsPerLogin;
    const rows = rs.map((p, i) => ({
      run: `round ${i + 1}`, 'Warden logins/s': fmt1(p.warden.loginsPerSec), 'baseline logins/s': fmt1(p.baseline.loginsPerSec), ratio: fmt2(p.warden.loginsPerSec / p.baseline.loginsPerSec),
      'Warden p99 ms': fmt1(p.warden.fineLatencyMs.p99), 'baseline p99 ms': fmt1(p.baseline.fineLatencyMs.p99),
      'Warden CPU ms/login': fmt2(p.warden.cpuMsPerLogin), 'of it argon2': fmt2(p.warden.argon2MsPerLogin), 'Warden − argon2 ms': fmt2(overhead(p)),
      'baseline CPU ms/login': fmt2(p.baseline.cpuMsPerLogin), 'baseline − argon2 ms': fmt2(p.baseline.beyondArgon2MsPerLogin),
      'BEFORE logins/s': fmt1(p.before.loginsPerSec), 'BEFORE ratio': fmt2(p.before.loginsPerSec / p.baseline.loginsPerSec), 'BEFORE − argon2 ms': fmt2(p.before.beyondArgon2MsPerLogin),
      'BEFORE db ms': fmt2(p.before.dbCpuUsPerRequest != null ? p.before.dbCpuUsPerRequest / 1000 : null), 'NEW db ms': fmt2(p.warden.dbCpuUsPerRequest != null ? p.warden.dbCpuUsPerRequest / 1000 : null),
    }));
    const ratio = median(rs.map((p) => p.warden.loginsPerSec / p.baseline.loginsPerSec));
    const over = median(rs.map(overhead));
    const m = (f) => median(rs.map(f));
    rows.push({ run: 'median (judged)', 'Warden logins/s': fmt1(m((p) => p.warden.loginsPerSec)), 'baseline logins/s': fmt1(m((p) => p.baseline.loginsPerSec)), ratio: fmt2(ratio),
      'Warden p99 ms': fmt1(m((p) => p.warden.fineLatencyMs.p99)), 'baseline p99 ms': fmt1(m((p) => p.baseline.fineLatencyMs.p99)),
      'Warden CPU ms/login': fmt2(m((p) => p.warden.cpuMsPerLogin)), 'of it argon2': fmt2(m((p) => p.warden.argon2MsPerLogin)), 'Warden − argon2 ms': fmt2(over),
      'baseline CPU ms/login': fmt2(m((p) => p.baseline.cpuMsPerLogin)), 'baseline − argon2 ms': fmt2(m((p) => p.baseline.beyondArgon2MsPerLogin)),
      'BEFORE logins/s': fmt1(m((p) => p.before.loginsPerSec)), 'BEFORE ratio': fmt2(m((p) => p.before.loginsPerSec / p.baseline.loginsPerSec)), 'BEFORE − argon2 ms': fmt2(m((p) => p.before.beyondArgon2MsPerLogin)),
      'BEFORE db ms': fmt2(m((p) => (p.before.dbCpuUsPerRequest ?? NaN) / 1000)), 'NEW db ms': fmt2(m((p) => (p.warden.dbCpuUsPerRequest ?? NaN) / 1000)) });
    const ratioPass = ratio >= TARGETS.loginRatio;
    const overPass = over <= TARGETS.overheadMs;
    tables.push({ id: `P3 ${S}`, title: `P3, logins, ${S}: POST /auth/login, ${CFG.connections} connections — ≥ ${TARGETS.loginRatio}× the bare argon2id route's logins/s; CPU per login − argon2's ≤ ${TARGETS.overheadMs} ms`, rows, pass: ratioPass && overPass });
    verdicts.push({ target: `P3 ${S} logins/s`, ours: `${fmt2(ratio)}×`, baseline: 'bare Fastify + argon2id verify, same round', goal: `≥ ${TARGETS.loginRatio}×`, pass: ratioPass });
    verdicts.push({ target: `P3 ${S} CPU beyond argon2`, ours: `${fmt2(over)} ms/login`, baseline: `argon2 ${fmt2(m((p) => p.warden.argon2MsPerLogin))} ms/login in Warden, ${fmt2(m((p) => p.baseline.argon2MsPerLogin))} in the baseline; the baseline's rest ${fmt2(m((p) => p.baseline.beyondArgon2MsPerLogin))} ms`, goal: `≤ ${TARGETS.overheadMs} ms`, pass: overPass });
  }

  console.log('');
  for (const t of tables) {
    console.log(targetTable(t));
    console.log('');
  }
  console.log(`* Load: autocannon in its own process, ${CFG.connections} connections, pipelining 1, the same JSON body to both; ${CFG.durationS}s per run after a warm-up; ` +
    `CPU = utime+stime of the server process (every thread, argon2 workers included) and, on PostgreSQL, of its backends, ÷ logins. ` +
    `argon2id ${JSON.stringify(await argon2Options())}, threads: ${CFG.passwordHashConcurrency === '0' ? 'one per core' : CFG.passwordHashConcurrency} in both servers.`);
  const results = {
    ...machineFacts(), config: CFG, stores: STORES, targets: TARGETS, loadAverage: { start: loadStart, end: loadavg() },
    runs, tables, verdicts, elapsedSeconds: (Date.now() - started) / 1000,
  };
  if (profile) {
    const summary = summarize(JSON.parse(readFileSync(profile.file, 'utf8')), { top: 25 });
    results.profile = { ...profile, summary };
    console.log('');
    console.log(formatSummary(summary, { label: `CPU profile of Warden's main thread during a login run → ${profile.file}`, requests: profile.requests }));
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'login-ab-latest.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`Results: bench/results/login-latest.json (${results.elapsedSeconds.toFixed(0)} s).`);
}

async function argon2Options() {
  const { ARGON2_OPTIONS } = await import('../dist/users/password.js');
  return { m: ARGON2_OPTIONS.memoryCost, t: ARGON2_OPTIONS.timeCost, p: ARGON2_OPTIONS.parallelism };
}

main().then(
  () => process.exit(0),
  async (error) => {
    if (isSignalled()) return;
    process.stderr.write(`\nbench:login FAILED: ${error?.stack ?? error}\n`);
    await stopAll().catch(() => {});
    for (const s of stores) await s.cleanup();
    await closeMonitor();
    process.exit(1);
  },
);
