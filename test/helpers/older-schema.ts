import { randomBytes } from 'node:crypto';
import { adminQuery } from './test-app.js';
import { openDatabase, IN_MEMORY } from '../../src/store/open-database.js';
import { loadMigrations } from '../../src/store/migrate.js';
import type { Database } from '../../src/store/database.js';

/**
 * A store whose schema stands as an older Warden left it: migrations up to `lastVersion` applied
 * (and recorded, so that `migrate` applies the rest). PGlite in memory, or a fresh PostgreSQL
 * schema when DATABASE_URL is set; `drop()` removes that schema.
 */
export async function openAtMigration(lastVersion: number): Promise<{ db: Database; databaseUrl: string | undefined; drop: () => Promise<void> }> {
  const databaseUrl = process.env.DATABASE_URL;
  const schema = databaseUrl ? `test_${randomBytes(6).toString('hex')}` : undefined;
  if (databaseUrl && schema) await adminQuery(databaseUrl, `create schema ${schema}`);
  const db = await openDatabase({ databaseUrl, dataDir: IN_MEMORY, schema, maxConnections: 3 });
  await db.transaction(async (tx) => {
    await tx.query('create table schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())');
    for (const migration of await loadMigrations()) {
      if (migration.version > lastVersion) continue;
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [migration.version, migration.name]);
    }
  });
  return {
    db,
    databaseUrl,
    drop: async () => {
      if (databaseUrl && schema) await adminQuery(databaseUrl, `drop schema ${schema} cascade`);
    },
  };
}
