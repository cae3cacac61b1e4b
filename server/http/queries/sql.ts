// Small helpers shared by the read queries: cached prepared statements, the
// page envelope, and the way a list of ids is passed to SQLite.
export { stmt } from '../../db/statements.js';

/** Offset and limit of a list request, already validated. */
export interface PageRequest {
  offset: number;
  limit: number;
}

/** One page of a list, with the total count for the same filter. */
export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

/** Ids bound as one JSON parameter, read back with json_each(?). */
export function idList(ids: readonly string[]): string {
  return JSON.stringify(ids);
}

/** Groups rows by a key, keeping their order: used to attach artists to items. */
export function groupBy<R, V>(
  rows: R[],
  key: (row: R) => string,
  value: (row: R) => V,
): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(value(row));
    else groups.set(key(row), [value(row)]);
  }
  return groups;
}
