import { PGlite } from '@electric-sql/pglite';
import { runAfterCommit, type Database, type NamedStatement, type Transaction } from './database.js';
import { namedStatements } from './pglite-named.js';
import { createCommitNotices } from './commit-notices.js';
import { StoreUnavailableError } from '../errors/warden-error.js';

/**
 * Embedded PostgreSQL (WASM). One connection: PGlite serialises queries itself and a
 * transaction holds it exclusively, so there is nothing to pool.
 */
export interface PgliteDatabase extends Database {
  /** The whole data directory as a tarball (a template for tests). */
  dump(): Promise<Blob>;
}

export interface PgliteOptions {
  /** Start from this data-directory dump (tests start from a migrated template). */
  template?: Blob | undefined;
  /** Runs after the database has closed (the data directory's lock is released here). */
  onClose?: (() => void) | undefined;
}

export async function openPgliteDatabase(dataDir: string | undefined, options: PgliteOptions = {}): Promise<PgliteDatabase> {
  const pg = new PGlite({ ...(dataDir ? { dataDir } : {}), ...(options.template ? { loadDataDir: options.template } : {}) });
  await pg.waitReady;
  let closed = false;
  const notices = createCommitNotices();
  const named = namedStatements(pg);

  const guard = <T>(promise: Promise<T>): Promise<T> =>
    promise.catch((error: unknown) => {
      if (closed) throw new StoreUnavailableError(error);
      throw error;
    });

  const database: PgliteDatabase = {
    kind: 'pglite',
    onCommitted: notices.listen,
    notifyOnCommit(topic, items) {
      if (notices.hasListeners(topic)) notices.deliver(topic, items);
    },
    async query<Row>(sql: string | NamedStatement, params: readonly unknown[] = []): Promise<Row[]> {
      if (closed) throw new StoreUnavailableError(new Error('database closed'));
      if (typeof sql !== 'string' && named) return guard(named.query<Row>(sql, params, false));
      const result = await guard(pg.query<Row>(typeof sql === 'string' ? sql : sql.text, params as unknown[]));
      return result.rows;
    },
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      if (closed) throw new StoreUnavailableError(new Error('database closed'));
      const committed: (() => void)[] = [];
      const result = await guard(
        pg.transaction(async (tx) =>
          fn({
            async query<Row>(sql: string | NamedStatement, params: readonly unknown[] = []): Promise<Row[]> {
              if (typeof sql !== 'string' && named) return named.query<Row>(sql, params, true);
              return (await tx.query<Row>(typeof sql === 'string' ? sql : sql.text, params as unknown[])).rows;
            },
            async exec(sql: string): Promise<void> {
              await tx.exec(sql);
            },
            async copyRows(table: string, columns: readonly string[], text: string): Promise<void> {
              await tx.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], { blob: new Blob([text]) });
            },
            afterCommit: (after) => void committed.push(after),
            notifyOnCommit(topic, items) {
              if (notices.hasListeners(topic)) committed.push(() => notices.deliver(topic, items));
            },
          }),
        ),
      );
      runAfterCommit(committed);
      return result;
    },
    async exec(sql: string): Promise<void> {
      await pg.exec(sql);
    },
    async ping(): Promise<void> {
      if (closed) throw new StoreUnavailableError(new Error('database closed'));
      await guard(pg.query('select 1'));
    },
    async dump(): Promise<Blob> {
      return (await pg.dumpDataDir('none')) as Blob;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await pg.close();
      } finally {
        options.onClose?.();
      }
    },
  };
  return database;
}
