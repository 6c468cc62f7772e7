// Warden login benchmark (`npm run build --silent && node bench/login.mjs`). 127.0.0.1 only, ~40 s.
//
//  1. Baseline: raw argon2id verify(hash, password) of @node-rs/argon2 in its own process
//     (bench/argon2-verify.mjs) on a hash made with Warden's ARGON2_OPTIONS, keeping as many
//     verifies in flight as the HTTP run keeps logins in flight (8). Run twice — before and after
//     the login load, with Warden idle — and averaged, so drift on a shared machine shows up.
//  2. Warden in production mode (bench/warden-server.mjs; BENCH_DATABASE_URL / DATABASE_URL →
//     PostgreSQL via bench/store.mjs, else embedded PGlite): one registered user, POST /auth/login
//     with the right password from autocannon at 8 connections, 8 s after a 2 s warm-up →
//     logins/s (2xx / elapsed), exact p50/p99. Judged: logins/s ÷ argon2 verifies/s ≥ 0.9.
//     All logins succeed, and the back-off only counts failures, so nothing is throttled.
//  3. During the measured login run, a cached-API-key GET /v1/me probe: autocannon at 1 connection,
//     capped at BENCH_LOGIN_PROBE_RATE req/s (a latency probe, not a second load — uncapped it
//     would take CPU from argon2 on a 2-core machine), with every response's hrtime duration
//     recorded → exact p50/p99. The same probe with Warden idle is the reference.
//     Judged: p99 < 5 ms under login load.
//  4. Table on stdout, JSON in bench/results/login-latest.json. Exit 0 unless something broke
//     (any non-2xx, connection error or timeout → exit 1). PASS/FAIL is informational.
//
// Knobs (env): BENCH_LOGIN_CONNECTIONS (8), BENCH_LOGIN_DURATION (s, 8), BENCH_LOGIN_WARMUP (s, 2),
// BENCH_LOGIN_ARGON2_DURATION (s, 8 per baseline run), BENCH_LOGIN_PROBE_RATE (req/s, 200),
// BENCH_PROFILE=1 (CPU-profile Warden's main thread during the measured login run and print the
// top self-time functions; argon2 runs on pool threads, outside the profile; costs throughput),
// BENCH_PASSWORD_HASH_CONCURRENCY=N (Warden with N argon2 threads instead of one per core).
// UV_THREADPOOL_SIZE is passed through unchanged to both Warden and the baseline process
// (unset = libuv's default of 4 threads), so both verify on the same pool size.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { RESULTS_DIR, num } from './config.mjs';
import { machineFacts, table } from './report.mjs';
import { installCleanupHandlers, makeTempDataDir, stopAll, isSignalled, spawnChild, waitForMessage } from './children.mjs';
import { startWarden, createApiKey } from './servers.mjs';
import { prepareBenchStore } from './store.mjs';
import { runLoad, profiled } from './measure.mjs';
import { summarize, formatSummary } from './profile-summary.mjs';

installCleanupHandlers();


const CFG = {
  connections: num('BENCH_LOGIN_CONNECTIONS', 8),
  durationS: num('BENCH_LOGIN_DURATION', 8),
  warmupS: num('BENCH_LOGIN_WARMUP', 2),
  argon2DurationS: num('BENCH_LOGIN_ARGON2_DURATION', 8),
  argon2WarmupS: 1,
  probeRate: num('BENCH_LOGIN_PROBE_RATE', 200),
  probeIdleS: 3,
  uvThreadpoolSize: process.env.UV_THREADPOOL_SIZE || null,
  profile: process.env.BENCH_PROFILE === '1',
};
const TARGETS = { loginRatio: 0.9, meP99Ms: 5 };

const PASSWORD = 'bench-login-password-1234';

async function runArgon2Baseline(label) {
  const child = spawnChild('argon2-verify.mjs', { name: `argon2 verify (${label})` });
  child.send({ cmd: 'run', opts: { concurrency: CFG.connections, warmupMs: CFG.argon2WarmupS * 1000, durationMs: CFG.argon2DurationS * 1000 } });
  const msg = await waitForMessage(child, (m) => m?.event === 'result', (CFG.argon2WarmupS + CFG.argon2DurationS + 30) * 1000, 'an argon2 result');
  await child.exited;
  if (!(msg.result.verifies > 0)) throw new Error(`argon2 baseline (${label}): no verifies completed`);
  return msg.result;
}

async function post(base, path, body) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) throw new Error(`setup: POST ${path} → ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Registers the login user and checks one login answers the full token set. */
async function createLoginUser(base) {
  const email = `bench-login-${Date.now()}@example.com`;
  await post(base, '/auth/register', { email, password: PASSWORD });
  const r = await post(base, '/auth/login', { email, password: PASSWORD });
  for (const f of ['token', 'access_token', 'refresh_token']) {
    if (typeof r[f] !== 'string') throw new Error(`setup: POST /auth/login answered no ${f}: ${JSON.stringify(r)}`);
  }
  return email;
}

const fmtInt = (n) => (n == null || !Number.isFinite(n) ? '—' : Math.round(n).toLocaleString('en-US'));
const fmt1 = (n) => (n == null || !Number.isFinite(n) ? '—' : n.toFixed(1));
const fmt2 = (n) => (n == null || !Number.isFinite(n) ? '—' : n.toFixed(2));
const fmt3 = (n) => (n == null || !Number.isFinite(n) ? '—' : n.toFixed(3));

async function main() {
  const started = Date.now();
  const loadStart = loadavg();
  const log = (s) => process.stderr.write(`[bench:login ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${s}\n`);
  const pool = CFG.uvThreadpoolSize ? `UV_THREADPOOL_SIZE=${CFG.uvThreadpoolSize}` : 'UV_THREADPOOL_SIZE unset (libuv default 4)';
  log(`node ${process.version}, ${cpus().length} CPUs, load ${loadStart.map((x) => x.toFixed(2)).join(' ')}; ${pool}; ` +
    `${CFG.connections} in flight; login ${CFG.warmupS}s warm-up + ${CFG.durationS}s; argon2 baseline ${CFG.argon2WarmupS}s + ${CFG.argon2DurationS}s ×2; ` +
    `/v1/me probe ${CFG.probeRate} req/s at 1 connection`);

  const dataDir = makeTempDataDir('warden-bench-login-');
  store = await prepareBenchStore();
  const warden = await startWarden(dataDir, store.databaseUrl);
  const base = `http://127.0.0.1:${warden.port}`;
  log(`warden on 127.0.0.1:${warden.port} (pid ${warden.pid}, store: ${store.label})`);
  const key = await createApiKey(base);
  const email = await createLoginUser(base);
  log(`API key ${key.slice(0, 12)}… cached; login user ${email} registered`);

  // 1. Baseline, Warden idle.
  const argonBefore = await runArgon2Baseline('before');
  log(`argon2 verify (before): ${fmt1(argonBefore.verifiesPerSec)} verifies/s, p50 ${fmt1(argonBefore.latencyMs.p50)} ms, ${fmt2(argonBefore.cpuUtilisation)} cores`);

  // /v1/me probe with Warden idle: the reference for the probe under load.
  const meHeaders = { authorization: `Bearer ${key}`, 'x-forwarded-proto': 'https' };
  const probe = (title, durationS) => ({
    title, url: `${base}/v1/me`, headers: meHeaders, connections: 1, overallRate: CFG.probeRate, durationS, fineLatency: true,
  });
  const meIdle = await runLoad(probe('GET /v1/me probe, Warden idle', CFG.probeIdleS));
  log(`/v1/me probe, idle: p50 ${fmt3(meIdle.fineLatencyMs.p50)} ms, p99 ${fmt3(meIdle.fineLatencyMs.p99)} ms (${meIdle['2xx']} responses)`);

  // 2 + 3. Login load, then the measured login run with the /v1/me probe alongside.
  const login = {
    title: 'POST /auth/login', url: `${base}/auth/login`, method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
    body: JSON.stringify({ email, password: PASSWORD }),
    connections: CFG.connections, server: warden, fineLatency: true,
  };
  await runLoad({ ...login, title: `${login.title} (warm-up)`, durationS: CFG.warmupS });
  const { result: [loginRun, meLoaded], profileFile } = await profiled(warden, 'login', () => Promise.all([
    runLoad({ ...login, durationS: CFG.durationS }),
    runLoad(probe('GET /v1/me probe, during login load', CFG.durationS)),
  ]));
  const loginsPerSec = loginRun['2xx'] / loginRun.duration;
  log(`login: ${fmt1(loginsPerSec)} logins/s, p50 ${fmt1(loginRun.fineLatencyMs.p50)} ms, p99 ${fmt1(loginRun.fineLatencyMs.p99)} ms, ` +
    `${loginRun['2xx']} logins, Warden ${fmt2(loginRun.serverCpuUtilisation)} cores`);
  log(`/v1/me probe, during logins: p50 ${fmt3(meLoaded.fineLatencyMs.p50)} ms, p99 ${fmt3(meLoaded.fineLatencyMs.p99)} ms (${meLoaded['2xx']} responses)`);

  // Baseline again, Warden idle.
  const argonAfter = await runArgon2Baseline('after');
  log(`argon2 verify (after): ${fmt1(argonAfter.verifiesPerSec)} verifies/s, p50 ${fmt1(argonAfter.latencyMs.p50)} ms, ${fmt2(argonAfter.cpuUtilisation)} cores`);

  await stopAll();
  await store.cleanup();
  log('warden stopped');

  // 4. Report.
  const argonPerSec = (argonBefore.verifiesPerSec + argonAfter.verifiesPerSec) / 2;
  const loginRatio = loginsPerSec / argonPerSec;
  const loginPass = loginRatio >= TARGETS.loginRatio;
  const meP99 = meLoaded.fineLatencyMs.p99;
  const mePass = meP99 < TARGETS.meP99Ms;
  const o = argonDesc(argonBefore.options);
  const rows = [
    { benchmark: `raw argon2id verify(), ${o}, ${CFG.connections} in flight (verifies/s)`, ours: fmt1(argonPerSec),
      'p50 ms': fmt1((argonBefore.latencyMs.p50 + argonAfter.latencyMs.p50) / 2), 'p99 ms': fmt1((argonBefore.latencyMs.p99 + argonAfter.latencyMs.p99) / 2),
      baseline: '(this is the baseline)', 'baseline figure': '—', ratio: '1.00', target: 'reference', 'pass/fail': '—' },
    { benchmark: `Warden POST /auth/login, ${CFG.connections} connections (logins/s)`, ours: fmt1(loginsPerSec),
      'p50 ms': fmt1(loginRun.fineLatencyMs.p50), 'p99 ms': fmt1(loginRun.fineLatencyMs.p99),
      baseline: 'raw argon2id verify (verifies/s)', 'baseline figure': fmt1(argonPerSec), ratio: fmt2(loginRatio),
      target: `≥ ${TARGETS.loginRatio}×`, 'pass/fail': loginPass ? 'PASS' : 'FAIL' },
    { benchmark: `Warden GET /v1/me, cached API key, 1 conn @ ${CFG.probeRate}/s, during logins (req/s)`, ours: fmtInt(meLoaded['2xx'] / meLoaded.duration),
      'p50 ms': fmt3(meLoaded.fineLatencyMs.p50), 'p99 ms': fmt3(meP99),
      baseline: 'same probe, Warden idle (p99 ms)', 'baseline figure': fmt3(meIdle.fineLatencyMs.p99), ratio: fmt2(meP99 / meIdle.fineLatencyMs.p99),
      target: `p99 < ${TARGETS.meP99Ms} ms`, 'pass/fail': mePass ? 'PASS' : 'FAIL' },
  ];
  const notes = [
    `Baseline = mean of two raw argon2 runs with Warden idle, before (${fmt1(argonBefore.verifiesPerSec)}/s, ${fmt2(argonBefore.cpuUtilisation)} cores) ` +
      `and after (${fmt1(argonAfter.verifiesPerSec)}/s, ${fmt2(argonAfter.cpuUtilisation)} cores) the login run; each ${CFG.argon2WarmupS}s warm-up + ${CFG.argon2DurationS}s, ${CFG.connections} verifies in flight.`,
    `Login run: autocannon, ${CFG.connections} connections, pipelining 1, ${CFG.durationS}s after a ${CFG.warmupS}s warm-up; logins/s = 2xx / elapsed (${loginRun['2xx']} / ${loginRun.duration} s); ` +
      `p50/p99 exact from every response's hrtime duration. Warden used ${fmt2(loginRun.serverCpuUtilisation)} cores (all threads) during it, incl. the probe.`,
    `/v1/me probe: the cached API key from POST /v1/keys, 1 connection capped at ${CFG.probeRate} req/s (autocannon overallRate: bursts at the start of each second), ` +
      `${meLoaded['2xx']} responses during the login run, ${meIdle['2xx']} in ${CFG.probeIdleS}s idle; idle p50 ${fmt3(meIdle.fineLatencyMs.p50)} ms, p99 ${fmt3(meIdle.fineLatencyMs.p99)} ms.`,
    `Warden: one process, WARDEN_ENV=production, TRUSTED_PROXIES=127.0.0.1, silent logs, store: ${store.label}; X-Forwarded-Proto: https. ` +
      `${pool}, passed unchanged to Warden and the baseline. ${cpus().length} CPUs shared by Warden, the load generators and the baseline. ` +
      `Load average at start ${loadStart.map((x) => x.toFixed(2)).join(' ')}, at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}.`,
  ];
  if (CFG.profile) notes.push('PROFILED RUN: the V8 sampling profiler ran in Warden during the login run; figures are not comparable with normal runs.');

  console.log('');
  console.log(table(rows, ['benchmark', 'ours', 'p50 ms', 'p99 ms', 'baseline', 'baseline figure', 'ratio', 'target', 'pass/fail']));
  console.log('');
  for (const n of notes) console.log(`* ${n}`);

  const results = {
    ...machineFacts(),
    config: CFG,
    store: store.label,
    targets: TARGETS,
    loadAverage: { start: loadStart, end: loadavg() },
    argon2: { verifiesPerSec: argonPerSec, before: argonBefore, after: argonAfter },
    login: { loginsPerSec, ratio: loginRatio, pass: loginPass, p50: loginRun.fineLatencyMs.p50, p99: loginRun.fineLatencyMs.p99, raw: loginRun },
    meProbe: { p50: meLoaded.fineLatencyMs.p50, p99: meP99, pass: mePass, raw: meLoaded, idle: meIdle },
    rows,
    notes,
    elapsedSeconds: (Date.now() - started) / 1000,
  };
  if (profileFile) {
    const summary = summarize(JSON.parse(readFileSync(profileFile, 'utf8')), { top: 25 });
    results.profile = { file: profileFile, summary };
    console.log('');
    console.log(formatSummary(summary, { label: `CPU profile of Warden's main thread during the login run → ${profileFile}`, requests: loginRun.totalRequests + meLoaded.totalRequests }));
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'login-latest.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('');
  console.log(`Results: bench/results/login-latest.json (${results.elapsedSeconds.toFixed(0)} s). PASS/FAIL is informational; exit code 0.`);
}

function argonDesc(o) {
  return `argon2id m=${o.memoryCost} t=${o.timeCost} p=${o.parallelism}`;
}

let store;

main().then(
  () => process.exit(0),
  async (error) => {
    if (isSignalled()) return;
    process.stderr.write(`\nbench:login FAILED: ${error?.stack ?? error}\n`);
    await stopAll().catch(() => {});
    await store?.cleanup();
    process.exit(1);
  },
);
