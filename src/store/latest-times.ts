import type { Queryable } from './database.js';

/**
 * `update {table} set {column} = greatest({column}, at)` for many ids in one statement: the
 * write behind batched "last used" / "last seen" times. Never moves a time backwards.
 * `table` and `column` are code constants, never input.
 */
export async function writeLatestTimes(
  db: Queryable,
  target: { table: string; column: string },
  entries: ReadonlyArray<readonly [id: string, atMs: number]>,
): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `update ${target.table} t set ${target.column} = greatest(t.${target.column}, v.at)
       from (select unnest($1::text[]) as id, unnest($2::timestamptz[]) as at) v
      where t.id = v.id`,
    [entries.map(([id]) => id), entries.map(([, atMs]) => new Date(atMs).toISOString())],
  );
}
