import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { runAfterCommit, type Database, type NamedStatement, type Transaction } from './database.js';
import { createCommitNotices } from './commit-notices.js';
import { StoreUnavailableError } from '../errors/warden-error.js';

export interface PostgresOptions {
  connectionString: string;
  /** Confines every connection to one schema (tests give each file its own). */
  schema?: string | undefined;
  maxConnections?: number | undefined;
  /** How long getting a connection may take (a new one, or a free one from a full pool) before the store counts as unavailable. */
  connectTimeoutMs?: number | undefined;
  /**
   * How long one statement may wait for its answer (0: no limit). A connection whose peer went
   * silent (a half-open TCP connection) would otherwise hold its request forever. Migrations
   * (`exec`) have no limit.
   */
  queryTimeoutMs?: number | undefined;
}

/** setTimeout's longest delay: what "no deadline" is for one statement when the pool sets one. */
const NO_DEADLINE_MS = 2 ** 31 - 1;
/** A statement exempt from the pool's query_timeout (migrations); pg reads `query_timeout` per query, its types don't say so. */
const withoutDeadline = (sql: string): pg.QueryConfig => ({ text: sql, query_timeout: NO_DEADLINE_MS }) as pg.QueryConfig;

// SQLSTATE classes that mean "the database is not there", not "your query is wrong".
const UNAVAILABLE_SQLSTATE = /^(08|53|57P)/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Client was closed and is not queryable/i;

function isUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
  const message = (error as { message?: unknown }).message;
  // pg and pg-pool report a lost or unreachable server with these messages and no code.
  return typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message);
}

/** A statement as pg takes it: text, or a named statement pg prepares once per connection. */
const configOf = (sql: string | NamedStatement, params: readonly unknown[]): pg.QueryConfig =>
  typeof sql === 'string' ? { text: sql, values: params as unknown[] } : { name: sql.name, text: sql.text, values: params as unknown[] };

const toError = (value: unknown): Error => (value instanceof Error ? value : new Error(String(value)));

function classify(error: unknown): never {
  if (isUnavailable(error)) throw new StoreUnavailableError(error);
  throw error;
}

export async function openPostgresDatabase(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 2_000,
    ...(options.queryTimeoutMs ? { query_timeout: options.queryTimeoutMs } : {}),
    idleTimeoutMillis: 30_000,
    // The kernel probes idle connections, so one whose peer vanished is found and dropped.
    keepAlive: true,
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
    notifyOnCommit(topic, items) {
      if (notices.hasListeners(topic)) notices.deliver(topic, items);
    },
    async query<Row>(sql: string | NamedStatement, params: readonly unknown[] = []): Promise<Row[]> {
      ensureOpen();
      try {
        const result = await pool.query(configOf(sql, params));
        return result.rows as Row[];
      } catch (error) {
        return classify(error);
      }
    },
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      ensureOpen();
      const client = await pool.connect().catch(classify);
      // A checked-out client has no 'error' listener of the pool's: its connection dying now (a
      // proxy cutting it, pg_terminate_backend) would be an unhandled 'error' event, which ends
      // the process. Kept here instead; the transaction learns of it from its next statement.
      let connectionError: unknown;
      const onConnectionError = (error: unknown): void => {
        connectionError ??= error;
      };
      client.on('error', onConnectionError);
      const committed: (() => void)[] = [];
      // Set when the connection cannot be trusted again: the pool then drops it instead of reusing it.
      let broken: Error | undefined;
      try {
        await client.query('begin');
        const tx: Transaction = {
          afterCommit: (after) => void committed.push(after),
          notifyOnCommit(topic, items) {
            if (notices.hasListeners(topic)) committed.push(() => notices.deliver(topic, items));
          },
          async query<Row>(sql: string | NamedStatement, params: readonly unknown[] = []): Promise<Row[]> {
            return (await client.query(configOf(sql, params))).rows as Row[];
          },
          async exec(sql: string): Promise<void> {
            await client.query(withoutDeadline(sql));
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
        if (connectionError || isUnavailable(error)) {
          // Lost, or a statement past its deadline still pending on it: a rollback would only wait too.
          broken = toError(connectionError ?? error);
        } else {
          broken = await client.query('rollback').then(() => undefined, toError);
        }
        return classify(error);
      } finally {
        client.removeListener('error', onConnectionError);
        client.release(broken);
      }
    },
    async exec(sql: string): Promise<void> {
      await pool.query(withoutDeadline(sql)).catch(classify);
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
