// npm run bench:storage — what the request log costs on disk and in CPU (issue 15: ≤ 100 bytes
// per request event in PostgreSQL, indexes included).
//
// Writes BENCH_STORAGE_EVENTS request events (default 1 000 000) through the real RequestWriter
// (compiled, dist/) into PostgreSQL (BENCH_DATABASE_URL or DATABASE_URL; a fresh schema, dropped
// afterwards), as a running instance would: BENCH_STORAGE_RATE requests a second (default 5000)
// spread over BENCH_STORAGE_WORKSPACES workspaces (default 20) and their keys, flushed every
// 200 ms of simulated time (WARDEN_AUDIT_FLUSH_MS's default): one batch per workspace per flush.
// Then prints pg_total_relation_size of the request log (every day partition of request_batches
// with its indexes and TOAST) ÷ events, the usage rollups beside it, and the CPU the writes cost:
// this process (the writer) and the PostgreSQL backends serving it (from /proc, when the server
// runs on this machine).
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { prepareBenchStore } from './store.mjs';
import { openDatabase } from '../dist/store/open-database.js';
import { migrate } from '../dist/store/migrate.js';
import { MAX_BATCH_ROWS, RequestWriter } from '../dist/audit/request-writer.js';
import { verifyChain } from '../dist/audit/event-queries.js';

const EVENTS = Number(process.env.BENCH_STORAGE_EVENTS ?? 1_000_000);
const RATE = Number(process.env.BENCH_STORAGE_RATE ?? 5000);
const WORKSPACES = Number(process.env.BENCH_STORAGE_WORKSPACES ?? 20);
const KEYS_PER_WORKSPACE = 10;
const FLUSH_MS = 200;
const TARGET_BYTES = 100;

if (!process.env.BENCH_DATABASE_URL && !process.env.DATABASE_URL) {
  console.error('bench:storage measures PostgreSQL: set DATABASE_URL (or BENCH_DATABASE_URL).');
  process.exit(2);
}

// A deterministic generator (the same traffic every run).
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(random() * list.length)];

const workspaces = Array.from({ length: WORKSPACES }, (_, w) => ({
  id: `wsp_bench${String(w).padStart(4, '0')}`,
  keys: Array.from({ length: KEYS_PER_WORKSPACE }, (_, k) => `key_0VbEnCh${String(w).padStart(3, '0')}${String(k).padStart(3, '0')}aBcDeFgHiJ`),
  ips: Array.from({ length: 4 }, (_, i) => `203.0.113.${(w * 7 + i) % 250}`),
}));
const AGENTS = ['warden-sdk/1.4.0 node/20.20.0', 'python-requests/2.32.3', 'Go-http-client/2.0', 'curl/8.5.0'];
const ROUTES = [
  ['GET', '/v1/me', 'standard'], ['GET', '/v1/keys', 'standard'], ['POST', '/v1/verify', 'standard'],
  ['GET', '/v1/deals', 'standard'], ['POST', '/v1/deals', 'write'], ['GET', '/v1/documents', 'standard'], ['POST', '/v1/transfers', 'write'],
];
const dealPaths = Array.from({ length: 200 }, (_, i) => `/v1/deals/deal_${(1_000_000 + i * 7919).toString(36)}`);

function eventAt(atMs) {
  const workspace = pick(workspaces);
  const byKey = random() < 0.9;
  const [method, path, endpointClass] = random() < 0.2 ? ['GET', pick(dealPaths), 'standard'] : pick(ROUTES);
  const r = random();
  return {
    workspaceId: workspace.id,
    actorType: byKey ? 'api_key' : 'user',
    actorId: byKey ? pick(workspace.keys) : `usr_0VbEnChUsEr${workspace.id.slice(-4)}xYz`,
    ip: pick(workspace.ips),
    userAgent: pick(AGENTS),
    method,
    path,
    status: r < 0.93 ? 200 : r < 0.96 ? 201 : r < 0.99 ? 404 : 429,
    latencyMs: Math.floor(random() * random() * 40),
    endpointClass,
    sessionId: byKey ? null : `ses_0VbEnChSeSsIoN${workspace.id.slice(-4)}`,
    atMs,
  };
}

/** utime + stime (µs) of the PostgreSQL client backends, when they run on this machine. */
async function backendCpuMicros(client, database) {
  const { rows } = await client.query("select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend'", [database]);
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  }
  return (ticks * 1_000_000) / 100; // USER_HZ = 100
}

const store = await prepareBenchStore();
const db = await openDatabase({ databaseUrl: store.databaseUrl, dataDir: 'memory://', maxConnections: 4 });
const observer = new pg.Client({ connectionString: store.databaseUrl });
try {
  await observer.connect();
  const database = (await observer.query('select current_database() as d')).rows[0].d;
  await migrate(db);
  for (const workspace of workspaces) await db.query('insert into workspaces (id, name) values ($1, $2)', [workspace.id, workspace.id]);

  const errors = [];
  const writer = new RequestWriter({
    db, intervalMs: 2_000_000_000, maxQueue: 10_000_000, onError: (error) => errors.push(error), onDrop: () => {},
    maxBatchRows: MAX_BATCH_ROWS.postgres,
  });
  const startMs = Date.UTC(2026, 11, 7, 0, 0, 0);
  const perFlush = Math.max(1, Math.round((RATE * FLUSH_MS) / 1000));
  // Events are made before the clock starts: the figures are the writer's and the database's.
  console.log(`request-log storage: ${EVENTS.toLocaleString('en')} events, ${RATE}/s over ${WORKSPACES} workspaces × ${KEYS_PER_WORKSPACE} keys, a flush every ${FLUSH_MS} ms (${perFlush} events, ≈ ${Math.round(perFlush / WORKSPACES)} per batch)`);
  console.log(`store: ${store.label}`);
  let written = 0;
  let writerCpuMicros = 0;
  const backendBefore = await backendCpuMicros(observer, database);
  const wallStart = process.hrtime.bigint();
  while (written < EVENTS) {
    const n = Math.min(perFlush, EVENTS - written);
    const flushStartMs = startMs + (written / RATE) * 1000;
    const events = Array.from({ length: n }, (_, i) => eventAt(Math.floor(flushStartMs + (i * FLUSH_MS) / n)));
    const cpu = process.cpuUsage();
    for (const event of events) writer.enqueue(event);
    await writer.flush();
    const used = process.cpuUsage(cpu);
    writerCpuMicros += used.user + used.system;
    written += n;
    if (written % 100_000 < perFlush) process.stdout.write(`  ${written.toLocaleString('en')} written\r`);
  }
  const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
  const backendAfter = await backendCpuMicros(observer, database);
  await writer.stop();
  if (errors.length > 0) throw errors[0];
  const stats = writer.stats;

  await observer.query('vacuum analyze request_batches');
  const size = async (sql) => Number((await observer.query(sql)).rows[0].bytes ?? 0);
  const logBytes = await size(
    `select sum(pg_total_relation_size(i.inhrelid)) as bytes from pg_inherits i where i.inhparent = 'request_batches'::regclass`,
  );
  const tableBytes = await size(`select sum(pg_table_size(i.inhrelid)) as bytes from pg_inherits i where i.inhparent = 'request_batches'::regclass`);
  const rollupBytes = await size("select pg_total_relation_size('usage_rollups') as bytes");
  const [{ events: storedEvents, batches }] = (await observer.query('select sum(events)::bigint as events, count(*)::int as batches from request_batches')).rows;
  const verified = await verifyChain(db, workspaces[0].id, {}, 1000);

  const perEvent = logBytes / Number(storedEvents);
  const lines = [
    '',
    `events stored            ${Number(storedEvents).toLocaleString('en')} in ${batches.toLocaleString('en')} batches (writer: ${stats.written.toLocaleString('en')} written, ${stats.batches.toLocaleString('en')} batches)`,
    `request log on disk      ${(logBytes / 1048576).toFixed(1)} MiB (table + TOAST ${(tableBytes / 1048576).toFixed(1)} MiB, indexes ${((logBytes - tableBytes) / 1048576).toFixed(1)} MiB)`,
    `bytes per request event  ${perEvent.toFixed(1)}  (target ≤ ${TARGET_BYTES}: ${perEvent <= TARGET_BYTES ? 'pass' : 'FAIL'})`,
    `  before compression     ${(stats.batchBytes / stats.written).toFixed(1)} (the arrays as sent; /metrics warden_audit_request_bytes_per_event)`,
    `usage rollups            ${(rollupBytes / 1048576).toFixed(1)} MiB (${(rollupBytes / Number(storedEvents)).toFixed(1)} bytes per event; kept as long as security events)`,
    `writer CPU               ${(writerCpuMicros / stats.written).toFixed(2)} µs per event (this process: enqueue, hash, pack, send)`,
    backendBefore === null || backendAfter === null
      ? 'PostgreSQL CPU           not measured (the server is not on this machine)'
      : `PostgreSQL CPU           ${((backendAfter - backendBefore) / stats.written).toFixed(2)} µs per event (client backends of ${database}; other sessions on it count too)`,
    `wall time                ${wallSeconds.toFixed(1)} s (${Math.round(stats.written / wallSeconds).toLocaleString('en')} events/s)`,
    `chain of ${workspaces[0].id}   ${verified.valid ? 'verifies' : 'BROKEN'} (${verified.checked.toLocaleString('en')} events)`,
  ];
  console.log(lines.join('\n'));
} finally {
  await observer.end().catch(() => {});
  await db.close();
  await store.cleanup();
}
