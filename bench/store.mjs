// Which store Warden runs on during the bench. Production runs PostgreSQL (DATABASE_URL); the
// embedded PGlite default lives inside the Warden process (its WASM heap too: in one small A/B a
// bare Fastify holding an idle PGlite used ~8 µs more CPU per request), so the two are different
// deployments and the report names which one ran.
// BENCH_DATABASE_URL (or DATABASE_URL) → PostgreSQL, in a fresh schema dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

async function admin(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Resolves `{ databaseUrl?, label, cleanup }`; `cleanup()` is safe to call more than once. */
export async function prepareBenchStore() {
  const base = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (!base) return { databaseUrl: undefined, label: 'embedded PGlite (fresh data dir)', cleanup: async () => {} };
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  await admin(base, `create schema ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  let dropped = false;
  return {
    databaseUrl: url.toString(),
    label: `PostgreSQL ${url.host}${url.pathname} (schema ${schema})`,
    cleanup: async () => {
      if (dropped) return;
      dropped = true;
      await admin(base, `drop schema if exists ${schema} cascade`).catch(() => {});
    },
  };
}
