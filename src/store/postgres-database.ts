import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { runAfterCommit, type Database, type Transaction } from './database.js';
import { createCommitNotices } from './commit-notices.js';
import { StoreUnavailableError } from '../errors/warden-error.js';

export interface PostgresOptions {
  connectionString: string;
  /** Confines every connection to one schema (tests give each file its own). */
  schema?: string;
  maxConnections?: number;
}

// SQLSTATE classes that mean "the database is not there", not "your query is wrong".
const UNAVAILABLE_SQLSTATE = /^(08|53|57P)/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

function isUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}

function classify(error: unknown): never {
  if (isUnavailable(error)) throw new StoreUnavailableError(error);
  throw error;
}

export async function openPostgresDatabase(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);

  let closed = false;
  const notices = createCommitNotices();
  const ensureOpen = (): void => {
    if (closed) throw new StoreUnavailableError(new Error('database closed'));
  };

  const database: Database = {
    kind: 'postgres',
    onCommitted: notices.listen,
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      ensureOpen();
      try {
        const result = await pool.query(sql, params as unknown[]);
        return result.rows as Row[];
      } catch (error) {
        return classify(error);
      }
    },
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      ensureOpen();
      const client = await pool.connect().catch(classify);
      const committed: (() => void)[] = [];
      try {
        await client.query('begin');
        const tx: Transaction = {
          afterCommit: (after) => void committed.push(after),
          notifyOnCommit(topic, items) {
            if (notices.hasListeners(topic)) committed.push(() => notices.deliver(topic, items));
          },
          async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
            return (await client.query(sql, params as unknown[])).rows as Row[];
          },
          async exec(sql: string): Promise<void> {
            await client.query(sql);
          },
          async copyRows(table: string, columns: readonly string[], text: string): Promise<void> {
            const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
            stream.end(text);
            await finished(stream);
          },
        };
        const result = await fn(tx);
        await client.query('commit');
        runAfterCommit(committed);
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        return classify(error);
      } finally {
        client.release();
      }
    },
    async exec(sql: string): Promise<void> {
      await pool.query(sql).catch(classify);
    },
    async ping(): Promise<void> {
      await database.query('select 1');
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
  await database.ping();
  return database;
}
