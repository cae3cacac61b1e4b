// Fills the Last.fm cache: every artist (info, similar artists, top
// tracks), then every album, in id order, only where the cache lacks the
// row or it expired. Off without lastfmApiKey: nothing leaves the house.
// Calls are paced (Last.fm asks for a few per second at most). When the
// service backs off or fails, the run fails with that reason and keeps its
// checkpoint, so the next run resumes where this one stopped.
import type { Db } from '../../db/index.js';
import { InfoFetcher } from '../../external/info.js';
import { unknownArtist } from '../../library/scanner/phase-2-group.js';
import type { Settings } from '../../settings/schema.js';
import type { Job, JobContext } from '../scheduler.js';

const hourMs = 3_600_000;

interface InfoCheckpoint {
  phase: 'artists' | 'albums';
  after: string;
}

export interface ExternalInfoJobOptions {
  db: Db;
  settings: Settings;
  /** Pause after each call to Last.fm. */
  paceMs?: number;
}

interface Item {
  id: string;
  artist: string;
  album: string | null;
}

/** The next artists or albums after the checkpoint; the unknown artist is never asked about. */
function itemsAfter(db: Db, point: InfoCheckpoint): Item[] {
  const sql =
    point.phase === 'artists'
      ? `SELECT id, name AS artist, NULL AS album FROM artist
         WHERE id > ? AND name != ? ORDER BY id LIMIT 200`
      : `SELECT id, artist_name AS artist, name AS album FROM album
         WHERE id > ? AND artist_name != ? ORDER BY id LIMIT 200`;
  return db.prepare(sql).all(point.after, unknownArtist) as Item[];
}

async function fillAll(options: ExternalInfoJobOptions, ctx: JobContext) {
  const fetcher = new InfoFetcher(options.db, options.settings);
  const saved = ctx.checkpoint as InfoCheckpoint | null;
  const point: InfoCheckpoint = { phase: 'artists', after: '', ...saved };
  let calls = 0;
  let items = 0;
  while (true) {
    const batch = itemsAfter(options.db, point);
    if (batch.length === 0 && point.phase === 'albums') break;
    if (batch.length === 0) Object.assign(point, { phase: 'albums', after: '' });
    for (const item of batch) {
      ctx.signal.throwIfAborted();
      const made = item.album
        ? await fetcher.album(item.artist, item.album)
        : await fetcher.artist(item.artist);
      calls += made;
      items++;
      point.after = item.id;
      ctx.save({ ...point });
      ctx.progress({ phase: point.phase, items, calls });
      if (made > 0 && options.paceMs) await sleep(options.paceMs * made);
    }
  }
  return { items, calls };
}

export function externalInfoJob(options: ExternalInfoJobOptions): Job {
  return {
    name: 'external-info',
    intervalMs: 24 * hourMs,
    runAtStart: true,
    after: ['scan'],
    async run(ctx) {
      if (options.settings.lastfmApiKey === '') return { skipped: 'no Last.fm API key' };
      return fillAll({ paceMs: 250, ...options }, ctx);
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
