// Each outside service's backoff, kept in the database so every process
// honours it: a 429 (with its Retry-After) or a run of failures holds all
// calls to that service until `until`. Failures double the wait, from
// `baseMs` up to `maxMs`; a success clears it.
import type { Db } from '../db/index.js';

export type ServiceName = 'lastfm' | 'listenbrainz';

export const backoffBaseMs = 30_000;
export const backoffMaxMs = 6 * 3_600_000;

/** Epoch ms until which calls to `service` wait; 0 when they need not. */
export function blockedUntil(db: Db, service: ServiceName): number {
  const row = db
    .prepare('SELECT until FROM service_backoff WHERE service = ?')
    .get(service) as { until: number } | undefined;
  return row && row.until > Date.now() ? row.until : 0;
}

/** The service said how long to wait (429 Retry-After): wait exactly that. */
export function holdUntil(db: Db, service: ServiceName, until: number): void {
  db.prepare(
    `INSERT INTO service_backoff (service, until, failures) VALUES (?, ?, 0)
     ON CONFLICT (service) DO UPDATE SET until = max(service_backoff.until, excluded.until)`,
  ).run(service, until);
}

/** One more failure: the wait doubles. Returns when calls may resume. */
export function noteFailure(
  db: Db,
  service: ServiceName,
  baseMs = backoffBaseMs,
): number {
  const row = db
    .prepare('SELECT failures FROM service_backoff WHERE service = ?')
    .get(service) as { failures: number } | undefined;
  const failures = (row?.failures ?? 0) + 1;
  const until = Date.now() + Math.min(backoffMaxMs, baseMs * 2 ** (failures - 1));
  db.prepare(
    `INSERT INTO service_backoff (service, until, failures) VALUES (?, ?, ?)
     ON CONFLICT (service) DO UPDATE SET until = excluded.until, failures = excluded.failures`,
  ).run(service, until, failures);
  return until;
}

export function noteSuccess(db: Db, service: ServiceName): void {
  db.prepare('DELETE FROM service_backoff WHERE service = ?').run(service);
}
