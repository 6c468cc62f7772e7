import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './database.js';
import { openPgliteDatabase } from './pglite-database.js';
import { openPostgresDatabase } from './postgres-database.js';
import { lockDataDir } from './data-dir-lock.js';

export interface StoreOptions {
  /** PostgreSQL when set; otherwise embedded PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite's home; `memory://` keeps everything in memory (tests). */
  dataDir: string;
  schema?: string | undefined;
  maxConnections?: number | undefined;
  /** PostgreSQL: see PostgresOptions. */
  connectTimeoutMs?: number | undefined;
  queryTimeoutMs?: number | undefined;
  /** PGlite in memory or in a new data directory: start from this data-directory dump (tests start from a migrated template). */
  pgliteTemplate?: Blob | undefined;
}

export const IN_MEMORY = 'memory://';

/** Opens the configured store; for PGlite on disk also takes the single-process lock. */
export async function openDatabase(options: StoreOptions): Promise<Database> {
  if (options.databaseUrl) {
    return openPostgresDatabase({
      connectionString: options.databaseUrl,
      schema: options.schema,
      maxConnections: options.maxConnections,
      connectTimeoutMs: options.connectTimeoutMs,
      queryTimeoutMs: options.queryTimeoutMs,
    });
  }
  if (options.dataDir === IN_MEMORY) return openPgliteDatabase(undefined, { template: options.pgliteTemplate });
  const unlock = lockDataDir(options.dataDir);
  try {
    // The database object itself is returned (never a copy): whatever subscribes to it reaches the real one.
    const home = join(options.dataDir, 'pglite');
    const template = options.pgliteTemplate && !existsSync(home) ? options.pgliteTemplate : undefined;
    return await openPgliteDatabase(home, { template, onClose: unlock });
  } catch (error) {
    unlock();
    throw error;
  }
}
