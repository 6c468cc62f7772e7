// Which store Warden runs on during the bench. Production runs PostgreSQL (DATABASE_URL); the
// embedded PGlite default lives inside the Warden process (its WASM heap too), so the two are
// different deployments and the report names which one ran.
// BENCH_DATABASE_URL (or DATABASE_URL) → PostgreSQL, each Warden in a fresh schema dropped
// afterwards, its connections tagged with an application_name of their own so the bench can
// find the PostgreSQL backends serving it (pg_stat_activity) and add their CPU time (/proc) to
// Warden's: CPU per request on PostgreSQL = Warden process + its backends.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { cpuMicros } from './cpu.mjs';

export const postgresBaseUrl = () => process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || null;

async function admin(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** One connection of the bench's own (not tagged, so never counted) for pg_stat_activity. */
let monitor = null;
async function monitorClient(base) {
  if (!monitor) {
    monitor = new pg.Client({ connectionString: base });
    monitor.on('error', () => {});
    await monitor.connect();
  }
  return monitor;
}
export async function closeMonitor() {
  const m = monitor;
  monitor = null;
  await m?.end().catch(() => {});
}

/**
 * `kind`: 'pglite' (embedded, fresh data dir) or 'postgres' (needs BENCH_DATABASE_URL / DATABASE_URL).
 * Resolves `{ kind, databaseUrl?, label, backendCpu?, cleanup }`; `backendCpu()` resolves a Map of
 * backend pid → CPU µs (utime+stime) of the backends serving this Warden; `cleanup()` is idempotent.
 */
export async function prepareBenchStore(kind = postgresBaseUrl() ? 'postgres' : 'pglite') {
  if (kind === 'pglite') return { kind, databaseUrl: undefined, label: 'embedded PGlite (fresh data dir)', cleanup: async () => {} };
  const base = postgresBaseUrl();
  if (!base) throw new Error('a PostgreSQL store needs BENCH_DATABASE_URL or DATABASE_URL');
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  await admin(base, `create schema ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  url.searchParams.set('application_name', `warden_${schema}`);
  let dropped = false;
  return {
    kind,
    databaseUrl: url.toString(),
    label: `PostgreSQL ${url.host}${url.pathname} (schema ${schema})`,
    async backendCpu() {
      const client = await monitorClient(base);
      const { rows } = await client.query('select pid from pg_stat_activity where application_name = $1', [`warden_${schema}`]);
      const out = new Map();
      for (const { pid } of rows) {
        const us = cpuMicros(pid);
        if (us !== null) out.set(pid, us);
      }
      return out;
    },
    cleanup: async () => {
      if (dropped) return;
      dropped = true;
      await admin(base, `drop schema if exists ${schema} cascade`).catch(() => {});
    },
  };
}
