// Pre-warms the artwork cache: every album's cover in each thumbnail size
// and format, album by album in id order. The checkpoint is the last album
// done, so a run stopped by a limit or a kill resumes after it; covers
// already cached cost a stat each. Broken pictures are recorded (see
// server/artwork/failures.ts) and counted, never fatal. It runs daily and
// after each scheduled or manual scan, not after the watcher's rescans: a
// walk over every album there would hold up the next rescan, and a new
// album's thumbnails are made on its first request anyway. At the end it
// trims the cache to artworkCacheMb.
import sharp from 'sharp';
import { artworkOf, warm, type WarmOutcome } from '../../artwork/thumbnails.js';
import type { Db } from '../../db/index.js';
import type { Settings } from '../../settings/schema.js';
import type { Job, JobContext } from '../scheduler.js';

const hourMs = 3_600_000;
const batchSize = 200;

interface ArtworkCheckpoint {
  /** The id of the last album whose thumbnails are done. */
  after: string;
}

export interface ArtworkJobOptions {
  db: Db;
  settings: Settings;
  dataDir: string;
}

function albumsAfter(db: Db, after: string): string[] {
  const rows = db
    .prepare('SELECT id FROM album WHERE id > ? ORDER BY id LIMIT ?')
    .all(after, batchSize) as { id: string }[];
  return rows.map((row) => row.id);
}

async function warmAll(options: ArtworkJobOptions, ctx: JobContext) {
  const art = artworkOf(options);
  const counts: Record<WarmOutcome, number> = { made: 0, cached: 0, broken: 0, none: 0 };
  const total = (
    options.db.prepare('SELECT count(*) AS n FROM album').get() as { n: number }
  ).n;
  let after = (ctx.checkpoint as ArtworkCheckpoint | null)?.after ?? '';
  let done = 0;
  for (let batch = albumsAfter(options.db, after); batch.length > 0;) {
    for (const albumId of batch) {
      ctx.signal.throwIfAborted();
      counts[await warm(art, { albumId })]++;
      after = albumId;
      ctx.save({ after } satisfies ArtworkCheckpoint);
      ctx.progress({ done: ++done, total, ...counts });
    }
    batch = albumsAfter(options.db, after);
  }
  return { albums: done, ...counts, ...art.store.trim() };
}

export function artworkJob(options: ArtworkJobOptions): Job {
  return {
    name: 'artwork',
    intervalMs: 24 * hourMs,
    runAtStart: options.settings.artworkPrewarm,
    after: ['scan'],
    async run(ctx) {
      if (!options.settings.artworkPrewarm || options.settings.artworkCacheMb === 0)
        return { skipped: 'artwork pre-warming is off' };
      // One libvips thread: the spare core belongs to the scan and to browsing.
      sharp.concurrency(1);
      const resumedFrom = (ctx.checkpoint as ArtworkCheckpoint | null)?.after ?? null;
      return { resumedFrom, ...(await warmAll(options, ctx)) };
    },
  };
}
