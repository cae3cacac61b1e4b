// Prepared statements compiled once per process and database. better-sqlite3
// compiles the SQL on every prepare() (about 20 us for a small query), so
// code that runs on every request takes its statements from here. A cached
// statement is shared: a caller that switches it to pluck() or raw() mode
// must keep that SQL text for itself.
import type { Statement } from 'better-sqlite3';
import type { Db } from './index.js';

const cache = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement for this database, compiled once per process. */
export function stmt(db: Db, sql: string): Statement {
  let byText = cache.get(db);
  if (!byText) cache.set(db, (byText = new Map()));
  let statement = byText.get(sql);
  if (!statement) byText.set(sql, (statement = db.prepare(sql)));
  return statement;
}
