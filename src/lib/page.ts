/** A page from `limit + 1` rows: the first `limit`, and the cursor (last id) when more follow. */
export function pageOf<Row extends { id: string }>(rows: readonly Row[], limit: number): { items: Row[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}
