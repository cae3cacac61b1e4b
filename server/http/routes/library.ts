// Library totals, the scan (status and start), and genres.
import { seenBy } from '../../auth/visibility.js';
import { z } from 'zod';
import { listGenres } from '../queries/genres.js';
import { libraryStats } from '../queries/stats.js';
import path from 'node:path';
import { isInside } from '../../library/music-folders.js';
import type { ScanStatus } from '../deps.js';
import { route } from '../routes.js';
import { flag } from './input.js';

/**
 * The scan status as clients see it: the current folder relative to its
 * music folder ("Artist/Album"), never a full local path.
 */
export function publicScanStatus(
  status: ScanStatus,
  musicFolders: string[],
): ScanStatus & { etaSeconds: number | null } {
  const etaSeconds = scanEta(status);
  const folder = status.currentFolder;
  if (!folder) return { ...status, etaSeconds };
  const root = musicFolders.find((dir) => isInside(folder, dir));
  const shown = root
    ? path.relative(root, folder) || path.basename(root)
    : path.basename(folder);
  return { ...status, currentFolder: shown.split(path.sep).join('/'), etaSeconds };
}

/**
 * Seconds until a running scan ends, at its pace so far; null when it is not
 * running or has not handled enough files (or time) to tell.
 */
export function scanEta(status: ScanStatus, now = Date.now()): number | null {
  if (!status.running || status.startedAt === null) return null;
  const elapsed = (now - status.startedAt) / 1000;
  if (status.done < 10 || elapsed < 1 || status.total < status.done) return null;
  return Math.ceil(((status.total - status.done) * elapsed) / status.done);
}

const scanQuery = z.object({
  full: flag.optional().describe('1 re-reads every file, ignoring size and mtime'),
});

export const libraryRoutes = [
  route({
    method: 'GET',
    path: '/api/library/stats',
    access: 'user',
    summary: 'Counts and totals of the library, and the scan status.',
    response: 'LibraryStats',
    handler: (ctx, deps) => {
      const scan = publicScanStatus(deps.scan.status(), deps.settings.musicFolders);
      ctx.body = { ...libraryStats(deps.db), scan };
    },
  }),
  route({
    method: 'GET',
    path: '/api/scan',
    access: 'user',
    summary: 'Progress of the running scan, or the result of the last one.',
    response: 'ScanStatus',
    handler: (ctx, deps) => {
      ctx.body = publicScanStatus(deps.scan.status(), deps.settings.musicFolders);
    },
  }),
  route({
    method: 'POST',
    path: '/api/scan',
    access: 'admin',
    summary: 'Starts a scan unless one is running (202 either way).',
    input: { query: scanQuery },
    response: 'ScanStarted',
    handler: (ctx, deps) => {
      const { full } = scanQuery.parse(ctx.query);
      const { started } = deps.scan.start({ full: full ?? false });
      ctx.status = 202;
      const status = publicScanStatus(deps.scan.status(), deps.settings.musicFolders);
      ctx.body = { started, status };
    },
  }),
  route({
    method: 'GET',
    path: '/api/genres',
    access: 'user',
    summary: 'Every genre with tracks, by name, with track and album counts.',
    response: 'GenreList',
    handler: (ctx, deps) => {
      ctx.body = { genres: listGenres(deps.db, seenBy(ctx)) };
    },
  }),
];
