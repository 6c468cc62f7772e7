// Warden benchmark (`npm run bench` = build + this file).
//
//  1. HTTP throughput: two server children — bare Fastify 5 hello (bench/hello-server.mjs) and
//     Warden in production mode (bench/warden-server.mjs, exactly `warden start` with env config) —
//     loaded by autocannon in a third process (bench/load.mjs): 50 connections, pipelining 1,
//     10 s after a 3 s warm-up, alternating baseline and Warden. Every response must be 2xx.
//     Judges /v1/me req/s ≥ 0.8× bare Fastify.
//  2. HTTP latency: the same servers at 1 connection, 5 s after a 2 s warm-up, bare Fastify GET /
//     then Warden GET /v1/me, with exact per-response percentiles. Judges /v1/me p99 ≤ 2 ms (at 50
//     connections on a small machine, p99 is set by queueing — Little's law — not by the server).
//  3. In-process: KeyVerifier.verify() on a cached key vs a bare sha256 loop (bench/verify-inprocess.mjs).
//  4. Table on stdout, JSON in bench/results/latest.json. Exit 0 unless something broke.
//
// Knobs (env) and targets: bench/config.mjs. Child processes: bench/children.mjs. Servers and the
// API key: bench/servers.mjs. One load run: bench/measure.mjs. Output: bench/report.mjs.
import { cpus, loadavg } from 'node:os';
import { CFG } from './config.mjs';
import { installCleanupHandlers, makeTempDataDir, stopAll, isSignalled } from './children.mjs';
import { startServers, createApiKey } from './servers.mjs';
import { prepareBenchStore } from './store.mjs';
import { runLoad, profiled } from './measure.mjs';
import { runVerifyBench } from './verify-inprocess.mjs';
import { report, runSummaryLine, fmtInt } from './report.mjs';

installCleanupHandlers();

/** What each scheduled run loads: URL, headers, server (for CPU time), concurrency and timing. */
function defineTargets(hello, warden, key) {
  const wardenBase = `http://127.0.0.1:${warden.port}`;
  // Same request headers everywhere, so the request bytes on the wire are identical.
  const headers = { authorization: `Bearer ${key}`, 'x-forwarded-proto': 'https' };
  const throughput = { connections: CFG.connections, warmupS: CFG.warmupS, durationS: CFG.durationS, profile: true };
  const L = CFG.latency;
  const latency = { connections: L.connections, warmupS: L.warmupS, durationS: L.durationS, fineLatency: true };
  const conns = `${L.connections} connection${L.connections === 1 ? '' : 's'}`;
  return {
    hello: { ...throughput, title: 'bare Fastify GET /', url: `http://127.0.0.1:${hello.port}/`, headers, server: hello, label: 'hello' },
    me: { ...throughput, title: 'Warden GET /v1/me', url: `${wardenBase}/v1/me`, headers, server: warden, label: 'v1-me' },
    healthz: { ...throughput, title: 'Warden GET /healthz', url: `${wardenBase}/healthz`, headers: { 'x-forwarded-proto': 'https' }, server: warden, label: 'healthz' },
    helloLat: { ...latency, title: `bare Fastify GET / (latency, ${conns})`, url: `http://127.0.0.1:${hello.port}/`, headers, server: hello },
    meLat: { ...latency, title: `Warden GET /v1/me (latency, ${conns})`, url: `${wardenBase}/v1/me`, headers, server: warden },
  };
}

async function main() {
  const started = Date.now();
  const loadStart = loadavg();
  const log = (s) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${s}\n`);
  const L = CFG.latency;
  log(`node ${process.version}, ${cpus().length} CPUs, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ` +
    `${CFG.connections} connections, ${CFG.warmupS}s warm-up + ${CFG.durationS}s per run, ${CFG.rounds} round(s); ` +
    `latency runs at ${L.connections} connection(s), ${L.warmupS}s warm-up + ${L.durationS}s${CFG.profile ? ', PROFILING' : ''}`);

  // 1. Servers (both boot in parallel; nothing is measured yet).
  const dataDir = makeTempDataDir('warden-bench-');
  store = await prepareBenchStore();
  const [hello, warden] = await startServers(dataDir, store.databaseUrl);
  log(`hello on 127.0.0.1:${hello.port} (pid ${hello.pid}); warden on 127.0.0.1:${warden.port} (pid ${warden.pid}, store: ${store.label})`);
  const key = await createApiKey(`http://127.0.0.1:${warden.port}`);
  log(`API key created via /auth/register → /auth/login → POST /v1/keys (${key.slice(0, 12)}…)`);

  const targets = defineTargets(hello, warden, key);
  const schedule = [];
  for (let round = 0; round < CFG.rounds; round++) schedule.push('hello', 'me', 'hello', 'healthz', 'helloLat', 'meLat');

  // 2. Load runs: warm-up, then the measured run (CPU-profiled once per throughput target if asked).
  const runs = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  const sequence = [];
  const profiles = [];
  for (const name of schedule) {
    const t = targets[name];
    await runLoad({ ...t, title: `${t.title} (warm-up)`, durationS: t.warmupS });
    const doProfile = CFG.profile && t.profile && runs[name].length === 0;
    const { result, profileFile } = doProfile
      ? await profiled(t.server, t.label, () => runLoad(t))
      : { result: await runLoad(t), profileFile: null };
    if (profileFile) profiles.push({ name, file: profileFile, requests: result.totalRequests });
    runs[name].push(result);
    sequence.push(name);
    log(runSummaryLine(t.title, result));
  }

  await stopAll();
  await store.cleanup();
  log('servers stopped');

  // 3. In-process verify (no servers running any more: the bench process has both cores).
  log(`in-process: building app on in-memory PGlite, then verify() vs sha256 for ${CFG.verifyMs} ms`);
  const inproc = await runVerifyBench({ durationMs: CFG.verifyMs, warmupMs: Math.min(1000, CFG.verifyMs / 2) });
  log(`verify(): ${fmtInt(inproc.verify.opsPerSec)} ops/s; sha256: ${fmtInt(inproc.sha256.opsPerSec)} ops/s`);

  // 4. Report.
  report({ started, loadStart, runs, sequence, profiles, inproc, storeLabel: store.label });
}

let store;

main().then(
  () => process.exit(0),
  async (error) => {
    if (isSignalled()) return; // the signal handler is already stopping everything and exits
    process.stderr.write(`\nbench FAILED: ${error?.stack ?? error}\n`);
    await stopAll().catch(() => {});
    await store?.cleanup();
    process.exit(1);
  },
);
