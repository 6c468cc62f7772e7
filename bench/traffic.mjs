// Warden traffic benchmark (`npm run bench:traffic` = build + this file): the cost of the rate
// limiter and of request auditing, each figure next to a baseline measured in the same run.
//
//  1. Limiter decision cost, in-process (bench/limiter-inprocess.mjs): verify() of a cached key
//     alone vs verify() + a memory-engine decision, alternating rounds. Judged: ≥ 0.9×. Also the
//     Redis engine (await each decision; 64 in flight), informational.
//  2. Redis engine, 2 instances (needs PostgreSQL and Redis; skipped with a line saying why):
//     two Warden children on one fresh PostgreSQL schema with REDIS_URL and a random
//     WARDEN_REDIS_PREFIX. First the limit must really be shared: a key with rate_limit 60 gets
//     40 requests on each instance, alternately → exactly 60 × 2xx and 20 × 429, else the run
//     fails. Then GET /v1/me on both at once (two autocannon children, 25 connections each) vs one
//     Warden with the memory engine on the same schema at 50 connections, measured before and after.
//  3. Audit writer, sustained, no loss: one Warden (PostgreSQL when available, else PGlite) under
//     GET /v1/me at 50 connections; then every request event of that key must be in audit_events
//     (and in usage_rollups). PostgreSQL is queried while Warden runs (≥ 1 s after the load);
//     PGlite only after a graceful stop (SIGTERM flushes the queue). Baseline for the req/s:
//     bare Fastify hello in the same run (request auditing cannot be switched off).
//
// Every load run: autocannon in its own child (bench/load.mjs), pipelining 1, BENCH_DURATION s
// after BENCH_WARMUP s, every response 2xx. Table on stdout, JSON in
// bench/results/traffic-latest.json. Exit 0 unless something broke (a non-2xx response, a limit
// not shared, a lost audit event).
//
// Env: DATABASE_URL / BENCH_DATABASE_URL (PostgreSQL, fresh schema dropped afterwards),
// REDIS_URL / BENCH_REDIS_URL, BENCH_DURATION (10), BENCH_WARMUP (3), BENCH_CONNECTIONS (50),
// BENCH_LIMITER_MS (2000 per in-process round), BENCH_LIMITER_ROUNDS (3).
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { CFG as SHARED, RESULTS_DIR, num } from './config.mjs';
import { machineFacts, table, fmtInt } from './report.mjs';
import { installCleanupHandlers, makeTempDataDir, stopAll, isSignalled } from './children.mjs';
import { startServer, startWarden } from './servers.mjs';
import { prepareBenchStore } from './store.mjs';
import { runLoad } from './measure.mjs';
import { runLimiterBench } from './limiter-inprocess.mjs';

installCleanupHandlers();

const CFG = {
  connections: SHARED.connections,
  durationS: SHARED.durationS,
  warmupS: SHARED.warmupS,
  pipelining: SHARED.pipelining,
  limiterRoundMs: num('BENCH_LIMITER_MS', 2000),
  limiterRounds: num('BENCH_LIMITER_ROUNDS', 3),
  redisInflight: 64,
  sharedLimit: { rateLimit: 60, perInstance: 40 },
};
const TARGETS = { limiterRatio: 0.9, lostEvents: 0 };
const FORWARDED = { 'x-forwarded-proto': 'https' };
const SCOPES = ['api-keys:read'];

const fmt2 = (n) => (n == null || !Number.isFinite(n) ? '—' : n.toFixed(2));
const p = (r, q) => r.fineLatencyMs?.[q];
const started = Date.now();
const log = (s) => process.stderr.write(`[bench:traffic ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${s}\n`);
const failures = [];
let store;

async function call(base, method, path, { json, token } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...FORWARDED, ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: json !== undefined ? JSON.stringify(json) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function must(base, method, path, opts) {
  const { status, body } = await call(base, method, path, opts);
  if (status < 200 || status >= 300) throw new Error(`setup: ${method} ${path} → ${status} ${JSON.stringify(body)}`);
  return body;
}

/** A fresh account (its own workspace) → the owner's session token. */
async function newAccount(base, tag) {
  const email = `bench-traffic-${tag}-${Date.now()}@example.com`;
  const password = 'bench-traffic-password-1234';
  await must(base, 'POST', '/auth/register', { json: { email, password } });
  return (await must(base, 'POST', '/auth/login', { json: { email, password } })).token;
}

async function newKey(base, token, extra = {}) {
  const { data } = await must(base, 'POST', '/v1/keys', { token, json: { name: 'bench traffic', scopes: SCOPES, ...extra } });
  if (typeof data?.key !== 'string' || typeof data?.id !== 'string') throw new Error(`setup: POST /v1/keys returned no key/id: ${JSON.stringify(data)}`);
  return { key: data.key, id: data.id };
}

async function redisReachable(url) {
  const { openRedis, waitForRedis, closeRedis } = await import('../dist/store/redis.js');
  const redis = openRedis(url, { name: 'bench-traffic-probe' });
  try {
    return await waitForRedis(redis, 3000);
  } finally {
    await closeRedis(redis);
  }
}

/** Graceful stop of one server child (SIGTERM path: drains requests, flushes batched writes). */
async function stopGracefully(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  child.send({ cmd: 'shutdown' });
  await child.exited;
  clearTimeout(timer);
}

/** Warm-up, then the measured run (both 2xx-only, see runLoad). */
async function warmAndMeasure(t) {
  const warmup = await runLoad({ ...t, title: `${t.title} (warm-up)`, durationS: CFG.warmupS });
  const result = await runLoad({ ...t, durationS: CFG.durationS });
  const cpu = result.serverCpuUsPerRequest != null ? `, server CPU ${result.serverCpuUsPerRequest.toFixed(0)} µs/req` : '';
  log(`${t.title}: ${fmtInt(result.reqPerSec.mean)} req/s, p50 ${fmt2(p(result, 'p50'))} ms, p99 ${fmt2(p(result, 'p99'))} ms, ${fmtInt(result.totalRequests)} requests, all 2xx${cpu}`);
  return { warmup, result };
}

// ---- 2. Redis engine, two instances --------------------------------------------------------

/** 40 requests to each instance, alternately, with one key of rate_limit 60. */
async function sharedLimitCheck(bases, key) {
  const { rateLimit, perInstance } = CFG.sharedLimit;
  const perBase = bases.map(() => ({ ok: 0, limited: 0, other: {} }));
  const t0 = Date.now();
  for (let i = 0; i < perInstance * bases.length; i++) {
    const { status } = await call(bases[i % bases.length], 'GET', '/v1/me', { token: key });
    const c = perBase[i % bases.length];
    if (status >= 200 && status < 300) c.ok++;
    else if (status === 429) c.limited++;
    else c.other[status] = (c.other[status] ?? 0) + 1;
  }
  const ok = perBase.reduce((a, c) => a + c.ok, 0);
  const limited = perBase.reduce((a, c) => a + c.limited, 0);
  const expected = { ok: rateLimit, limited: perInstance * bases.length - rateLimit };
  return { ok, limited, expected, perInstance: perBase, elapsedMs: Date.now() - t0, pass: ok === expected.ok && limited === expected.limited };
}

async function runCluster(dataDir, redisUrl) {
  const prefix = `bench-traffic-${randomBytes(4).toString('hex')}:`;
  const redisEnv = { REDIS_URL: redisUrl, WARDEN_REDIS_PREFIX: prefix };
  // One after the other: the first one migrates the fresh schema.
  const a = await startWarden(dataDir, store.databaseUrl, redisEnv);
  const b = await startWarden(dataDir, store.databaseUrl, redisEnv);
  const m = await startWarden(dataDir, store.databaseUrl);
  const [baseA, baseB, baseM] = [a, b, m].map((c) => `http://127.0.0.1:${c.port}`);
  log(`Redis engine: Warden A :${a.port} (pid ${a.pid}), B :${b.port} (pid ${b.pid}), prefix ${prefix}; memory engine: Warden M :${m.port} (pid ${m.pid}); store: ${store.label}`);

  const token = await newAccount(baseA, 'cluster');
  const loadKey = await newKey(baseA, token);
  const limitedKey = await newKey(baseA, token, { name: 'bench traffic limited', rate_limit: CFG.sharedLimit.rateLimit });
  // Warm connections and code paths first: the 80 requests must take well under the 1 s in which
  // a 60/min bucket earns one more request. Also fills each instance's cache for the load key.
  for (const base of [baseA, baseB, baseM]) await must(base, 'GET', '/v1/me', { token: loadKey.key });
  const shared = await sharedLimitCheck([baseA, baseB], limitedKey.key);
  const per = shared.perInstance.map((c, i) => `${'AB'[i]} ${c.ok}×2xx ${c.limited}×429${Object.keys(c.other).length ? ` other ${JSON.stringify(c.other)}` : ''}`).join(', ');
  log(`shared limit: key rate_limit ${CFG.sharedLimit.rateLimit}, ${CFG.sharedLimit.perInstance} requests to each instance alternately → ` +
    `${shared.ok}×2xx, ${shared.limited}×429 (expected ${shared.expected.ok}/${shared.expected.limited}; ${per}; ${shared.elapsedMs} ms) ${shared.pass ? 'OK' : 'FAIL'}`);
  if (!shared.pass) {
    failures.push(`rate limit not shared by the two instances: ${shared.ok}×2xx / ${shared.limited}×429, expected ${shared.expected.ok} / ${shared.expected.limited}` +
      (shared.elapsedMs >= 1000 ? ` (the requests took ${shared.elapsedMs} ms: the bucket earns one request per second)` : ''));
  }
  const headers = { authorization: `Bearer ${loadKey.key}`, ...FORWARDED };
  const half = Math.max(1, Math.round(CFG.connections / 2));
  const single = { url: `${baseM}/v1/me`, headers, server: m, connections: CFG.connections, fineLatency: true };
  const pairOf = (c, base, name) => ({ title: `Warden ${name} GET /v1/me (Redis engine, ${half} conn.)`, url: `${base}/v1/me`, headers, server: c, connections: half, fineLatency: true });

  // Baseline before and after the pair (the machine is shared; the mean is the baseline).
  const before = await warmAndMeasure({ ...single, title: 'Warden M GET /v1/me (memory engine, before)' });
  const pairRuns = await (async () => {
    const ts = [pairOf(a, baseA, 'A'), pairOf(b, baseB, 'B')];
    await Promise.all(ts.map((t) => runLoad({ ...t, title: `${t.title} (warm-up)`, durationS: CFG.warmupS })));
    const rs = await Promise.all(ts.map((t) => runLoad({ ...t, durationS: CFG.durationS })));
    rs.forEach((r, i) => log(`${ts[i].title}: ${fmtInt(r.reqPerSec.mean)} req/s, p50 ${fmt2(p(r, 'p50'))} ms, p99 ${fmt2(p(r, 'p99'))} ms, ${fmtInt(r.totalRequests)} requests, all 2xx` +
      (r.serverCpuUsPerRequest != null ? `, server CPU ${r.serverCpuUsPerRequest.toFixed(0)} µs/req` : '')));
    return rs;
  })();
  const after = await warmAndMeasure({ ...single, title: 'Warden M GET /v1/me (memory engine, after)' });
  const baselineRps = (before.result.reqPerSec.mean + after.result.reqPerSec.mean) / 2;
  const pairRps = pairRuns[0].reqPerSec.mean + pairRuns[1].reqPerSec.mean;
  log(`2 instances (Redis engine): ${fmtInt(pairRps)} req/s summed vs 1 instance (memory engine) ${fmtInt(baselineRps)} req/s → ${fmt2(pairRps / baselineRps)}×`);
  return { prefix, shared, baseline: { before: before.result, after: after.result, reqPerSec: baselineRps }, pair: { a: pairRuns[0], b: pairRuns[1], reqPerSec: pairRps }, ratio: pairRps / baselineRps };
}

// ---- 3. Audit writer ------------------------------------------------------------------------

const COUNT_EVENTS = `select count(*)::int as n from audit_log where type = 'request' and actor_id = $1`;
const COUNT_ROLLUPS = `select coalesce(sum(requests), 0)::int as n from usage_rollups where actor_id = $1`;

async function runAudit(dataDir) {
  const onPostgres = Boolean(store.databaseUrl);
  const hello = await startServer('hello-server.mjs', 'hello-server', { ...process.env, NODE_ENV: 'production' });
  const w = await startWarden(dataDir, store.databaseUrl);
  const base = `http://127.0.0.1:${w.port}`;
  log(`audit: Warden W :${w.port} (pid ${w.pid}, store: ${onPostgres ? store.label : 'embedded PGlite'}, WARDEN_AUDIT_FLUSH_MS default 200); hello :${hello.port}`);
  const { key, id } = await newKey(base, await newAccount(base, 'audit'));
  await must(base, 'GET', '/v1/me', { token: key }); // 1 audited request, fills the key cache
  const headers = { authorization: `Bearer ${key}`, ...FORWARDED };

  const helloRun = await warmAndMeasure({ title: 'bare Fastify GET /', url: `http://127.0.0.1:${hello.port}/`, headers, server: hello, fineLatency: true });
  const verifyHttp = await runVerifyHttp(base, w, await newAccount(base, 'verify'));
  const loadStart = Date.now();
  const me = await warmAndMeasure({ title: 'Warden W GET /v1/me (audited)', url: `${base}/v1/me`, headers, server: w, fineLatency: true });
  const loadEnd = Date.now();
  const responses = 1 + me.warmup['2xx'] + me.result['2xx'];

  let events;
  let rollups;
  let storedAfterMs = null;
  if (onPostgres) {
    const client = new pg.Client({ connectionString: store.databaseUrl });
    await client.connect();
    try {
      const count = async (sql) => (await client.query(sql, [id])).rows[0].n;
      await sleep(1000);
      for (let deadline = Date.now() + 30_000; ;) {
        events = await count(COUNT_EVENTS);
        if (events >= responses || Date.now() > deadline) break;
        await sleep(200);
      }
      storedAfterMs = Date.now() - loadEnd;
      await sleep(500); // the requests autocannon left in flight are flushed by now too
      events = await count(COUNT_EVENTS);
      rollups = await count(COUNT_ROLLUPS);
    } finally {
      await client.end();
    }
  } else {
    log('audit: stopping Warden W gracefully (PGlite: its data dir opens only once it is closed)');
    await stopGracefully(w);
    const { openDatabase } = await import('../dist/store/open-database.js');
    const db = await openDatabase({ dataDir });
    try {
      events = (await db.query(COUNT_EVENTS, [id]))[0].n;
      rollups = (await db.query(COUNT_ROLLUPS, [id]))[0].n;
    } finally {
      await db.close();
    }
  }
  // autocannon closes its sockets when a run ends: requests still in flight then (≤ connections
  // per run) were answered — and audited — by Warden but are not in its 2xx count.
  const unseenBound = 2 * CFG.connections;
  const lost = Math.max(0, responses - events);
  const extra = events - responses;
  const pass = lost === 0 && extra <= unseenBound && rollups === events;
  const loadSeconds = (loadEnd - loadStart) / 1000;
  log(`audit: ${fmtInt(responses)} 2xx responses seen (1 setup + ${fmtInt(me.warmup['2xx'])} warm-up + ${fmtInt(me.result['2xx'])} measured); ` +
    `${fmtInt(events)} request events stored, ${fmtInt(rollups)} in usage_rollups; lost ${lost}; ${extra >= 0 ? `+${extra}` : extra} answered after autocannon stopped counting ` +
    `(≤ ${unseenBound} expected) ${pass ? 'OK' : 'FAIL'}` + (storedAfterMs != null ? `; all stored ≤ ${(storedAfterMs / 1000).toFixed(1)} s after the load` : ''));
  if (!pass) failures.push(`audit: ${responses} responses, ${events} events stored, ${rollups} in rollups (lost ${lost}, extra ${extra}, bound ${unseenBound})`);
  return {
    store: onPostgres ? store.label : 'embedded PGlite (fresh data dir)',
    hello: helloRun.result, me: me.result, meWarmup: me.warmup,
    responses, events, rollups, lost, extra, unseenBound, pass, verifyHttp,
    loadSeconds, eventsPerSec: events / loadSeconds, storedAfterMs,
    ratio: me.result.reqPerSec.mean / helloRun.result.reqPerSec.mean,
  };
}

/**
 * The limiter's cost where it is paid — over HTTP: POST /v1/verify counting the verified key
 * against its limit (`endpoint_class: standard`) vs the same call told not to count (`none`),
 * alternating, same server, same keys.
 */
async function runVerifyHttp(base, w, token) {
  const caller = await newKey(base, token, { scopes: ['verify:read'] });
  const customer = await newKey(base, token, { scopes: [] });
  const headers = { authorization: `Bearer ${caller.key}`, 'content-type': 'application/json', ...FORWARDED };
  const target = (endpointClass) => ({
    title: `Warden POST /v1/verify, endpoint_class ${endpointClass}`, url: `${base}/v1/verify`, method: 'POST', headers, server: w,
    body: JSON.stringify({ key: customer.key, endpoint_class: endpointClass }), fineLatency: true,
  });
  const without = await warmAndMeasure(target('none'));
  const withLimit = await warmAndMeasure(target('standard'));
  const ratio = withLimit.result.reqPerSec.mean / without.result.reqPerSec.mean;
  log(`verify over HTTP: with limit ${fmtInt(withLimit.result.reqPerSec.mean)} req/s vs without ${fmtInt(without.result.reqPerSec.mean)} req/s (${fmt2(ratio)}×)`);
  return { without: without.result, with: withLimit.result, ratio };
}

// ---- report ---------------------------------------------------------------------------------

function buildRows(inproc, cluster, clusterSkip, audit) {
  const rows = [];
  const row = (benchmark, ours, r, baseline, baselineFigure, ratio, target, pf) => rows.push({
    benchmark, ours, 'p50 ms': r ? fmt2(p(r, 'p50')) : '—', 'p99 ms': r ? fmt2(p(r, 'p99')) : '—',
    baseline, 'baseline figure': baselineFigure, ratio, target, 'pass/fail': pf,
  });
  const v = inproc.verify.opsPerSec;
  row('verify() cached key, in-process (ops/s)', fmtInt(v), null, '(this is the baseline)', '—', '1.00', 'reference', '—');
  row('verify() + limiter decision, memory engine (ops/s)', fmtInt(inproc.memory.opsPerSec), null, 'verify() alone (ops/s)', fmtInt(v), fmt2(inproc.ratio),
    `≥ ${TARGETS.limiterRatio}×`, inproc.ratio >= TARGETS.limiterRatio ? 'PASS' : 'FAIL');
  if (inproc.redis.skipped) {
    row('verify() + limiter decision, Redis engine', '—', null, `skipped: ${inproc.redis.skipped}`, '—', '—', 'informational', '—');
  } else {
    const { sequential, concurrent, inflight } = inproc.redis;
    row('verify() + limiter decision, Redis engine, await each (ops/s)', fmtInt(sequential.opsPerSec), null, 'verify() alone (ops/s)', fmtInt(v), fmt2(sequential.opsPerSec / v), 'informational', '—');
    row(`verify() + limiter decision, Redis engine, ${inflight} in flight (ops/s)`, fmtInt(concurrent.opsPerSec), null, 'verify() alone (ops/s)', fmtInt(v), fmt2(concurrent.opsPerSec / v), 'informational', '—');
  }
  if (!cluster) {
    row('Warden /v1/me, Redis engine, 2 instances', '—', null, `skipped: ${clusterSkip}`, '—', '—', 'informational', '—');
  } else {
    const base = `1 Warden, memory engine, ${CFG.connections} conn. (req/s, mean before+after)`;
    const { before, after } = cluster.baseline;
    rows.push({
      benchmark: `Warden /v1/me, memory engine, 1 instance × ${CFG.connections} conn., PostgreSQL (req/s; before / after)`,
      ours: `${fmtInt(before.reqPerSec.mean)} / ${fmtInt(after.reqPerSec.mean)}`,
      'p50 ms': `${fmt2(p(before, 'p50'))} / ${fmt2(p(after, 'p50'))}`, 'p99 ms': `${fmt2(p(before, 'p99'))} / ${fmt2(p(after, 'p99'))}`,
      baseline: '(this is the baseline)', 'baseline figure': '—', ratio: '1.00', target: 'reference', 'pass/fail': '—',
    });
    const { a, b } = cluster.pair;
    rows.push({
      benchmark: `Warden /v1/me, Redis engine, 2 instances × ${a.connections} conn., summed (req/s; p = A / B)`, ours: fmtInt(cluster.pair.reqPerSec),
      'p50 ms': `${fmt2(p(a, 'p50'))} / ${fmt2(p(b, 'p50'))}`, 'p99 ms': `${fmt2(p(a, 'p99'))} / ${fmt2(p(b, 'p99'))}`,
      baseline: base, 'baseline figure': fmtInt(cluster.baseline.reqPerSec), ratio: fmt2(cluster.ratio), target: 'informational', 'pass/fail': '—',
    });
    const s = cluster.shared;
    row(`Shared limit: rate_limit ${CFG.sharedLimit.rateLimit}, ${CFG.sharedLimit.perInstance} requests to each of A, B (2xx / 429)`, `${s.ok} / ${s.limited}`, null,
      'exactly the key\'s limit', `${s.expected.ok} / ${s.expected.limited}`, '—', 'exact', s.pass ? 'PASS' : 'FAIL');
  }
  const vh = audit.verifyHttp;
  row('Warden POST /v1/verify, no limit counted (endpoint_class none) (req/s)', fmtInt(vh.without.reqPerSec.mean), vh.without, '(this is the baseline)', '—', '1.00', 'reference', '—');
  row('Warden POST /v1/verify, limit counted (endpoint_class standard) (req/s)', fmtInt(vh.with.reqPerSec.mean), vh.with, 'the same without the limit (req/s)',
    fmtInt(vh.without.reqPerSec.mean), fmt2(vh.ratio), `≥ ${TARGETS.limiterRatio}×`, vh.ratio >= TARGETS.limiterRatio ? 'PASS' : 'FAIL');
  row('bare Fastify GET / (req/s)', fmtInt(audit.hello.reqPerSec.mean), audit.hello, '(this is the baseline)', '—', '1.00', 'reference', '—');
  row(`Warden /v1/me, request audit on, 1 instance × ${CFG.connections} conn. (req/s)`, fmtInt(audit.me.reqPerSec.mean), audit.me,
    'bare Fastify GET / (req/s)', fmtInt(audit.hello.reqPerSec.mean), fmt2(audit.ratio), 'reference', '—');
  row('Audit: request events stored for the key (events)', fmtInt(audit.events), null, '2xx responses, incl. warm-up + setup', fmtInt(audit.responses),
    fmt2(audit.events / audit.responses), `lost = ${TARGETS.lostEvents}`, audit.pass ? 'PASS' : 'FAIL');
  row('Audit: events written during the load (events/s)', fmtInt(audit.eventsPerSec), null, 'Warden /v1/me req/s, same run', fmtInt(audit.me.reqPerSec.mean),
    fmt2(audit.eventsPerSec / audit.me.reqPerSec.mean), 'informational', '—');
  return rows;
}

function buildNotes(inproc, cluster, audit, loadStart) {
  const cpu = (r) => (r?.serverCpuUsPerRequest != null ? `${r.serverCpuUsPerRequest.toFixed(0)} µs` : '—');
  const notes = [];
  notes.push(`In-process: app on in-memory PGlite, ${inproc.rounds} alternating rounds of ${inproc.roundMs} ms (verify, then verify + decision) after 1 s warm-ups; ` +
    `per-round ratios ${inproc.roundRatios.map(fmt2).join(', ')}. A decision = checksFor(principal, 'standard') (key + workspace bucket) + consume(); limits 10M/min per key, ` +
    `100M/min per workspace, every decision allowed. Redis: createRedisEngine on its own ioredis connection (no fallback wrapper), one EVALSHA per decision.`);
  if (cluster) {
    notes.push(`2 instances: both on one PostgreSQL schema with REDIS_URL and WARDEN_REDIS_PREFIX ${cluster.prefix}; two autocannon children at once, ` +
      `${cluster.pair.a.connections} connections each; the baseline Warden (no REDIS_URL) ran ${CFG.connections} connections before and after on the same schema. ` +
      `Server CPU per request: memory engine ${cpu(cluster.baseline.before)} / ${cpu(cluster.baseline.after)}, Redis engine A ${cpu(cluster.pair.a)}, B ${cpu(cluster.pair.b)}. ` +
      `With REDIS_URL each request also costs a PUBLISH of its audit event on the Redis bus (live streams), received and parsed by every instance. ` +
      `Two servers + two load generators + Redis share ${cpus().length} CPUs, so the sum measures contention on this machine more than scaling.`);
    notes.push(`Shared limit: ${cluster.shared.elapsedMs} ms for the ${2 * CFG.sharedLimit.perInstance} requests (a bucket of 60/min refills one request per second, so it must stay well under 1 s).`);
  }
  notes.push(`Audit: store ${audit.store}. Responses = 2xx counted by autocannon (warm-up ${CFG.warmupS}s + ${CFG.durationS}s) + 1 setup request; events = audit_events rows ` +
    `type 'request' of that key${audit.storedAfterMs != null ? `, read ≥ 1 s after the load (all there ${(audit.storedAfterMs / 1000).toFixed(1)} s after it ended)` : ', read after a graceful stop of Warden'}; ` +
    `usage_rollups sum ${fmtInt(audit.rollups)}. lost = responses − events = ${audit.lost}; events − responses = ${audit.extra}: requests autocannon had in flight when it closed ` +
    `its sockets (answered and audited by Warden, not counted by autocannon; at most ${CFG.connections} per run). events/s = events ÷ ${audit.loadSeconds.toFixed(1)} s of load. ` +
    `Server CPU per request: bare Fastify ${cpu(audit.hello)}, Warden /v1/me ${cpu(audit.me)}.`);
  notes.push(`Load: autocannon in its own process, pipelining ${CFG.pipelining}, ${CFG.durationS}s after ${CFG.warmupS}s warm-up; req/s = mean of per-second samples; p50/p99 exact ` +
    `(hrtime per response). Warden: production mode, silent logs, TRUSTED_PROXIES=127.0.0.1, X-Forwarded-Proto: https. Load average at start ` +
    `${loadStart.map((x) => x.toFixed(2)).join(' ')}, at end ${loadavg().map((x) => x.toFixed(2)).join(' ')} (${cpus().length} CPUs).`);
  return notes;
}

async function main() {
  const loadStart = loadavg();
  const pgUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  const redisUrl = process.env.BENCH_REDIS_URL || process.env.REDIS_URL;
  log(`node ${process.version}, ${cpus().length} CPUs, load ${loadStart.map((x) => x.toFixed(2)).join(' ')}; ${CFG.connections} connections, ` +
    `${CFG.warmupS}s warm-up + ${CFG.durationS}s per run; PostgreSQL ${pgUrl ? 'from env' : 'not set'}, Redis ${redisUrl ?? 'not set'}`);

  // 1. In-process, before any server runs (the bench process has the CPUs).
  log(`in-process: verify() vs verify() + limiter decision, ${CFG.limiterRounds} × ${CFG.limiterRoundMs} ms each`);
  const inproc = await runLimiterBench({ roundMs: CFG.limiterRoundMs, rounds: CFG.limiterRounds, redisUrl, inflight: CFG.redisInflight, log: (s) => log(`in-process ${s}`) });
  log(`in-process: verify ${fmtInt(inproc.verify.opsPerSec)} ops/s, + memory limiter ${fmtInt(inproc.memory.opsPerSec)} ops/s (${fmt2(inproc.ratio)}×)` +
    (inproc.redis.skipped ? `; Redis skipped: ${inproc.redis.skipped}` : `; + Redis limiter ${fmtInt(inproc.redis.sequential.opsPerSec)} ops/s awaited one by one, ${fmtInt(inproc.redis.concurrent.opsPerSec)} ops/s with ${CFG.redisInflight} in flight`));

  // Store for 2 and 3: PostgreSQL when configured and reachable, else PGlite.
  const dataDir = makeTempDataDir('warden-bench-traffic-');
  let clusterSkip = null;
  try {
    store = await prepareBenchStore();
  } catch (error) {
    clusterSkip = `PostgreSQL unreachable (${error.message})`;
    store = { databaseUrl: undefined, label: 'embedded PGlite (fresh data dir)', cleanup: async () => {} };
  }
  if (!clusterSkip && !store.databaseUrl) clusterSkip = 'needs PostgreSQL: set DATABASE_URL (or BENCH_DATABASE_URL)';
  else if (!clusterSkip && !redisUrl) clusterSkip = 'needs Redis: set REDIS_URL (or BENCH_REDIS_URL)';
  else if (!clusterSkip && !(await redisReachable(redisUrl))) clusterSkip = `Redis at ${redisUrl} unreachable`;

  // 2. Two instances over Redis.
  let cluster = null;
  if (clusterSkip) log(`Redis engine, 2 instances: SKIPPED — ${clusterSkip}`);
  else cluster = await runCluster(dataDir, redisUrl);

  // 3. Audit writer.
  const audit = await runAudit(dataDir);

  await stopAll();
  await store.cleanup();
  log('servers stopped');

  const rows = buildRows(inproc, cluster, clusterSkip, audit);
  const notes = buildNotes(inproc, cluster, audit, loadStart);
  console.log('');
  console.log(table(rows, ['benchmark', 'ours', 'p50 ms', 'p99 ms', 'baseline', 'baseline figure', 'ratio', 'target', 'pass/fail']));
  console.log('');
  for (const n of notes) console.log(`* ${n}`);

  const results = {
    ...machineFacts(),
    config: CFG,
    targets: TARGETS,
    store: store.label,
    loadAverage: { start: loadStart, end: loadavg() },
    inProcess: inproc,
    cluster: cluster ?? { skipped: clusterSkip },
    audit,
    failures,
    rows,
    notes,
    elapsedSeconds: (Date.now() - started) / 1000,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'traffic-latest.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('');
  console.log(`Results: bench/results/traffic-latest.json (${results.elapsedSeconds.toFixed(0)} s). PASS/FAIL of targets is informational.`);
  if (failures.length) {
    console.log(`\nbench:traffic FAILED (correctness):\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  async (error) => {
    if (isSignalled()) return;
    process.stderr.write(`\nbench:traffic FAILED: ${error?.stack ?? error}\n`);
    await stopAll().catch(() => {});
    await store?.cleanup();
    process.exit(1);
  },
);
