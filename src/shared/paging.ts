/** Keyset paging by id: asks for limit + 1 rows; the extra one says there is a next page. */
export function page<T extends { id: number }>(items: T[], limit: number): { items: T[]; nextCursor: number | null } {
  const more = items.length > limit;
  const shown = more ? items.slice(0, limit) : items;
  return { items: shown, nextCursor: more ? (shown[shown.length - 1]?.id ?? null) : null };
}
