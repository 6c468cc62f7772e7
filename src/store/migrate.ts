import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

// `migrations/` sits at the package root; this file is two levels down in both src/ and dist/.
const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
const FILE_NAME = /^(\d{3,})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => FILE_NAME.test(file)).sort();
  return Promise.all(
    files.map(async (file) => {
      const [, version, name] = FILE_NAME.exec(file)!;
      return { version: Number(version), name: name!, sql: await readFile(`${dir}/${file}`, 'utf8') };
    }),
  );
}

/**
 * Applies every migration not yet recorded, all in one transaction under an advisory lock, so
 * several instances starting at once against one PostgreSQL apply each migration exactly once.
 * Returns the versions it applied.
 */
export async function migrate(db: Database): Promise<number[]> {
  const migrations = await loadMigrations();
  return db.transaction(async (tx) => {
    // exec, which has no statement deadline: another instance may hold the lock for as long as its migrations take.
    await tx.exec(`select pg_advisory_xact_lock(hashtext('warden.migrations'))`);
    await tx.query(
      `create table if not exists schema_migrations (
         version integer primary key,
         name text not null,
         applied_at timestamptz not null default now())`,
    );
    const applied = new Set(
      (await tx.query<{ version: number }>('select version from schema_migrations')).map((row) => row.version),
    );
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [migration.version, migration.name]);
      done.push(migration.version);
    }
    return done;
  });
}
