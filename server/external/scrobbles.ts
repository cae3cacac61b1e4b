// Plays on their way to the user's scrobbling services. A play is queued
// in SQLite once per linked service, then delivered: at once by the
// process that recorded it, and by the "scrobbles" job for whatever is
// left (the service was down, rate-limited or backing off). A failed
// delivery waits longer each time; a play the service refuses outright
// (a revoked token) is dropped with a log line, as is one that fails for
// two weeks (Last.fm ignores older scrobbles anyway).
import type { Db } from '../db/index.js';
import { logger } from '../log.js';
import type { Settings } from '../settings/schema.js';
import { backoffBaseMs, backoffMaxMs, type ServiceName } from './backoff.js';
import { ServiceBackoffError, ServiceRejectedError } from './http.js';
import { Lastfm, type Scrobble } from './lastfm.js';
import { linksOf } from './links.js';
import { ListenBrainz } from './listenbrainz.js';

const log = logger('external');
const giveUpMs = 14 * 24 * 3_600_000;

export interface QueuedPlay extends Scrobble {
  trackId: string;
}

interface QueueRow {
  id: number;
  user_id: number;
  service: ServiceName;
  artist: string;
  title: string;
  album: string | null;
  duration_s: number | null;
  played_at: number;
  attempts: number;
}

export interface DeliveryResult {
  delivered: number;
  waiting: number;
  dropped: number;
}

/** Queues one play for each service the user has linked. Returns how many rows. */
export function queuePlay(db: Db, userId: number, play: QueuedPlay): number {
  const insert = db.prepare(
    `INSERT INTO scrobble_queue (user_id, service, track_id, artist, title, album,
       duration_s, played_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const links = linksOf(db, userId);
  for (const link of links)
    insert.run(
      userId,
      link.service,
      play.trackId,
      play.artist,
      play.title,
      play.album,
      play.durationS,
      play.playedAt,
      Date.now(),
    );
  return links.length;
}

/** The play as a track row knows it, for queuePlay. */
export function playOfTrack(
  db: Db,
  trackId: string,
  playedAt: number,
): QueuedPlay | null {
  const row = db
    .prepare(
      `SELECT t.artist_name AS artist, t.title, a.name AS album, t.duration AS durationS
       FROM track t LEFT JOIN album a ON a.id = t.album_id WHERE t.id = ?`,
    )
    .get(trackId) as Omit<QueuedPlay, 'trackId' | 'playedAt'> | undefined;
  return row ? { ...row, trackId, playedAt } : null;
}

export class ScrobbleDelivery {
  private readonly lastfm: Lastfm;
  private readonly listenbrainz: ListenBrainz;

  constructor(
    private readonly db: Db,
    settings: Settings,
  ) {
    this.lastfm = new Lastfm(db, settings);
    this.listenbrainz = new ListenBrainz(db, settings.listenbrainzBaseUrl);
  }

  /** Delivers every due play (of one user, when given), oldest first. */
  async deliverDue(options: { userId?: number; signal?: AbortSignal } = {}) {
    const result: DeliveryResult = { delivered: 0, waiting: 0, dropped: 0 };
    const held = new Set<ServiceName>();
    for (const row of this.due(options.userId)) {
      options.signal?.throwIfAborted();
      if (held.has(row.service)) {
        result.waiting++;
        continue;
      }
      const outcome = await this.deliver(row);
      result[outcome]++;
      if (outcome === 'waiting') held.add(row.service);
    }
    return result;
  }

  private due(userId?: number): QueueRow[] {
    return this.db
      .prepare(
        `SELECT id, user_id, service, artist, title, album, duration_s, played_at, attempts
         FROM scrobble_queue WHERE next_attempt_at <= ? AND (? IS NULL OR user_id = ?)
         ORDER BY played_at, id LIMIT 500`,
      )
      .all(Date.now(), userId ?? null, userId ?? null) as QueueRow[];
  }

  /** One play to one service; what became of it. */
  private async deliver(row: QueueRow): Promise<keyof DeliveryResult> {
    const link = linksOf(this.db, row.user_id).find((l) => l.service === row.service);
    if (!link) return this.drop(row, 'no longer linked');
    const play: Scrobble = {
      artist: row.artist,
      title: row.title,
      album: row.album,
      durationS: row.duration_s,
      playedAt: row.played_at,
    };
    try {
      if (row.service === 'lastfm') await this.lastfm.scrobble(link.token, play);
      else await this.listenbrainz.submit(link.token, play);
      this.db.prepare('DELETE FROM scrobble_queue WHERE id = ?').run(row.id);
      return 'delivered';
    } catch (err) {
      if (err instanceof ServiceRejectedError) return this.drop(row, err.message);
      return this.postpone(row, err);
    }
  }

  private postpone(row: QueueRow, err: unknown): 'waiting' | 'dropped' {
    if (Date.now() - row.played_at > giveUpMs) return this.drop(row, 'too old');
    const wait = Math.min(backoffMaxMs, backoffBaseMs * 2 ** row.attempts);
    const next =
      err instanceof ServiceBackoffError
        ? Math.max(err.until, Date.now())
        : Date.now() + wait;
    this.db
      .prepare(
        `UPDATE scrobble_queue SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?
         WHERE id = ?`,
      )
      .run(next, (err as Error).message, row.id);
    return 'waiting';
  }

  private drop(row: QueueRow, reason: string): 'dropped' {
    log.warn({ service: row.service, userId: row.user_id, reason }, 'scrobble dropped');
    this.db.prepare('DELETE FROM scrobble_queue WHERE id = ?').run(row.id);
    return 'dropped';
  }
}

/**
 * Queues one play of a track for the user's linked services and starts
 * delivering at once, without waiting: what fails stays queued for the
 * "scrobbles" job.
 */
export function scrobblePlay(
  deps: { db: Db; settings: Settings },
  play: { userId: number; trackId: string; at: number },
): void {
  const queued = playOfTrack(deps.db, play.trackId, play.at);
  if (!queued || queuePlay(deps.db, play.userId, queued) === 0) return;
  const delivery = new ScrobbleDelivery(deps.db, deps.settings);
  delivery.deliverDue({ userId: play.userId }).catch((err: unknown) => {
    log.warn({ err, userId: play.userId }, 'scrobble delivery failed: left queued');
  });
}
