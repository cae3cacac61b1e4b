// Caps on concurrent transcodes, for the whole server and per user. Every
// worker process runs its own ffmpeg, so the count lives in the shared
// database: taking a slot is one short write transaction that counts the
// live rows and adds one. A process refreshes the heartbeat of its rows while
// it holds any; rows of a process that stopped (crash, kill) go stale and are
// swept by the next taker.
import type { Db } from '../db/index.js';

/** Rows not refreshed for this long belong to a dead process. */
const staleAfterMs = 15_000;
const heartbeatEveryMs = 5_000;

export interface SlotRequest {
  /** The user's id once accounts exist; the client address until then. */
  userKey: string;
  profile: string;
  /** When the transcode should be done, for Retry-After. */
  expectedMs: number;
}

export interface SlotLimits {
  server: number;
  perUser: number;
}

export type SlotResult =
  | { granted: true; release: () => void }
  | { granted: false; scope: 'server' | 'user'; retryAfterSeconds: number };

interface CountRow {
  n: number;
  soonest: number | null;
}

/** The slot table of one process; `limits` is read on every request. */
export class TranscodeSlots {
  private readonly held = new Set<number>();
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly limits: () => SlotLimits,
  ) {}

  /** Takes a slot, or says which cap is full and when to retry. */
  acquire(request: SlotRequest): SlotResult {
    const now = Date.now();
    const { server, perUser } = this.limits();
    const take = this.db.transaction((): SlotResult => {
      this.sweep(now);
      const all = this.count('1 = 1', []);
      if (all.n >= server) return this.denied('server', all, now);
      const mine = this.count('user_key = ?', [request.userKey]);
      if (mine.n >= perUser) return this.denied('user', mine, now);
      const id = this.insert(request, now);
      return { granted: true, release: () => this.release(id) };
    });
    const result = take.immediate();
    if (result.granted) this.beat();
    return result;
  }

  /** Slots in use across all processes (stale rows excluded). */
  inUse(): number {
    return this.count('heartbeat_at >= ?', [Date.now() - staleAfterMs]).n;
  }

  private count(where: string, params: unknown[]): CountRow {
    return this.db
      .prepare(
        `SELECT count(*) AS n, min(expected_end) AS soonest
         FROM transcode_slot WHERE ${where}`,
      )
      .get(...params) as CountRow;
  }

  private denied(scope: 'server' | 'user', row: CountRow, now: number): SlotResult {
    const wait = row.soonest === null ? 1 : (row.soonest - now) / 1000;
    return { granted: false, scope, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
  }

  private insert(request: SlotRequest, now: number): number {
    const info = this.db
      .prepare(
        `INSERT INTO transcode_slot
           (pid, user_key, profile, started_at, expected_end, heartbeat_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        process.pid,
        request.userKey,
        request.profile,
        now,
        now + request.expectedMs,
        now,
      );
    const id = Number(info.lastInsertRowid);
    this.held.add(id);
    return id;
  }

  /** Drops the rows of processes that stopped refreshing them. */
  private sweep(now: number): void {
    this.db
      .prepare('DELETE FROM transcode_slot WHERE heartbeat_at < ?')
      .run(now - staleAfterMs);
  }

  private release(id: number): void {
    if (!this.held.delete(id)) return;
    // A slot may outlive its app in tests (ffmpeg exits after close).
    if (this.db.open) this.db.prepare('DELETE FROM transcode_slot WHERE id = ?').run(id);
    if (this.held.size === 0 && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
  }

  /**
   * Keeps the held rows fresh while there are any. By id, not by pid: a dead
   * process's rows stay stale even if a new process reuses its pid.
   */
  private beat(): void {
    this.heartbeat ??= setInterval(() => {
      const ids = [...this.held];
      if (ids.length === 0 || !this.db.open) return;
      this.db
        .prepare(
          `UPDATE transcode_slot SET heartbeat_at = ?
           WHERE id IN (${ids.map(() => '?').join(',')})`,
        )
        .run(Date.now(), ...ids);
    }, heartbeatEveryMs).unref();
  }

  /** Releases every slot this object holds (process shutdown). */
  releaseAll(): void {
    for (const id of [...this.held]) this.release(id);
  }
}
