// Library totals, the scan (status and start), and genres.
import { z } from 'zod';
import { listGenres } from '../queries/genres.js';
import { libraryStats } from '../queries/stats.js';
import { route } from '../routes.js';
import { flag } from './input.js';

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
      ctx.body = { ...libraryStats(deps.db), scan: deps.scan.status() };
    },
  }),
  route({
    method: 'GET',
    path: '/api/scan',
    access: 'user',
    summary: 'Progress of the running scan, or the result of the last one.',
    response: 'ScanStatus',
    handler: (ctx, deps) => {
      ctx.body = deps.scan.status();
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
      ctx.body = { started, status: deps.scan.status() };
    },
  }),
  route({
    method: 'GET',
    path: '/api/genres',
    access: 'user',
    summary: 'Every genre with tracks, by name, with track and album counts.',
    response: 'GenreList',
    handler: (ctx, deps) => {
      ctx.body = { genres: listGenres(deps.db) };
    },
  }),
];
