import type { CommitItems, CommitListener } from './commit-notices.js';

/**
 * A hot statement the store parses once and then runs by name (PostgreSQL: a named statement per
 * connection; PGlite: per database), skipping the parse and plan of each run. `name` stands for
 * exactly one `text` in the whole process: make it once, as a module constant.
 */
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

/** The thin query layer every domain uses: plain SQL with $1 parameters, rows as plain objects. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string | NamedStatement, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Transaction extends Queryable {
  /** Multi-statement SQL without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Bulk insert in PostgreSQL's COPY text format: `text` holds one line per row, fields in
   * `columns` order, tab-separated, escaped as COPY's text format wants (the cheapest way in for many rows).
   */
  copyRows(table: string, columns: readonly string[], text: string): Promise<void>;
  /** Runs `fn` once the transaction has committed (never after a rollback). */
  afterCommit(fn: () => void): void;
  /**
   * Announces `items` on `topic` to the database's commit listeners once this transaction has
   * committed (see Database.onCommitted); a no-op when nobody listens.
   */
  notifyOnCommit(topic: string, items: CommitItems | (() => CommitItems)): void;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Listens for what committed transactions announce on `topic` (notifyOnCommit); returns the unsubscribe function. */
  onCommitted(topic: string, listener: CommitListener): () => void;
  /**
   * Announces `items` on `topic` to the commit listeners now: outside a transaction a statement
   * commits on its own (one statement is atomic), so call it once that statement has answered.
   * The same name as Transaction.notifyOnCommit, so a writer takes either.
   */
  notifyOnCommit(topic: string, items: CommitItems | (() => CommitItems)): void;
  /** Runs `fn` in one transaction: everything it writes commits together or not at all. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Multi-statement SQL without parameters (migrations). */
  exec(sql: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Runs after-commit callbacks; one failing must not turn a committed transaction into an error. */
export function runAfterCommit(callbacks: readonly (() => void)[]): void {
  for (const callback of callbacks) {
    try {
      callback();
    } catch {
      // The change is committed; a listener's failure is its own concern.
    }
  }
}
