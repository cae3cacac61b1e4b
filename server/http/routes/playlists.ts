// Playlists of the player: list, create, read, change (rename, add, remove,
// reorder), delete, and M3U export and import. Only the owner changes a
// playlist; others may read it when it is public.
import type { Context } from 'koa';
import { z } from 'zod';
import { readText } from '../../auth/body.js';
import { requireCaller } from '../../auth/guard.js';
import type { Db } from '../../db/index.js';
import {
  canEditPlaylist,
  canSeePlaylist,
  createPlaylist,
  deletePlaylist,
  getPlaylist,
  playlistTrackIds,
  updatePlaylist,
  type Playlist,
} from '../../userdata/playlists.js';
import type { AppDeps } from '../deps.js';
import {
  ForbiddenError,
  HearthError,
  InvalidInputError,
  NotFoundError,
} from '../errors.js';
import {
  formatM3u,
  looksLikeM3u,
  m3uTracks,
  parseM3u,
  resolveEntry,
} from '../queries/player/m3u.js';
import {
  playlistDetail,
  playlistSummaries,
  unknownTrackIds,
} from '../queries/player/playlists.js';
import { route } from '../routes.js';
import { id } from './input.js';
import { readBigJson } from './player-body.js';
import { maxEntries } from './queue.js';

const params = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31)
    .describe('playlist id'),
});
const name = z.string().trim().min(1).max(200).describe('playlist name');
const trackIds = z.array(id).max(maxEntries);

const createBody = z.object({
  name,
  comment: z.string().max(2000).default(''),
  public: z.boolean().default(false),
  trackIds: trackIds.default([]),
});

const changeBody = z.object({
  name: name.optional(),
  comment: z.string().max(2000).optional(),
  public: z.boolean().optional(),
  trackIds: trackIds.optional().describe('the whole new list (reorder)'),
  removePositions: z.array(z.number().int().min(0)).max(maxEntries).optional(),
  append: trackIds.optional().describe('added at the end, after removals'),
});

const importQuery = z.object({
  name: name.optional().describe('default: #PLAYLIST in the file, else "Imported"'),
});

const bodyLimit = 2 * 1024 * 1024;

/** Types an M3U body may be sent as (browsers send a file's text as text/plain). */
const m3uTypes = [
  'text/plain',
  'audio/x-mpegurl',
  'audio/mpegurl',
  'application/x-mpegurl',
  'application/vnd.apple.mpegurl',
  'application/octet-stream',
];

function requireKnown(db: Db, ids: readonly string[] = []): void {
  const [unknown] = unknownTrackIds(db, ids);
  if (unknown) throw new InvalidInputError('unknown track id', { trackIds: unknown });
}

/** The playlist the caller may see (404 otherwise), and may change when `edit`. */
function playlistFor(ctx: Context, deps: AppDeps, edit: boolean): Playlist {
  const { user } = requireCaller(ctx);
  const playlist = getPlaylist(deps.db, params.parse(ctx.params).id);
  if (!playlist || !canSeePlaylist(playlist, user.id)) {
    throw new NotFoundError('playlist');
  }
  if (edit && !canEditPlaylist(playlist, user.id)) {
    throw new ForbiddenError('only the owner changes a playlist');
  }
  return playlist;
}

function detail(ctx: Context, deps: AppDeps, playlistId: number) {
  return playlistDetail(deps.db, playlistId, requireCaller(ctx).user.id);
}

export const playlistRoutes = [
  route({
    method: 'GET',
    path: '/api/playlists',
    access: 'user',
    summary: "The caller's playlists and the public ones, by name.",
    response: 'PlaylistList',
    handler: (ctx, deps) => {
      const userId = requireCaller(ctx).user.id;
      ctx.body = { playlists: playlistSummaries(deps.db, userId) };
    },
  }),
  route({
    method: 'POST',
    path: '/api/playlists',
    access: 'user',
    summary: 'Creates a playlist, empty or with tracks (201).',
    input: { body: createBody },
    response: 'PlaylistDetail',
    handler: async (ctx, deps) => {
      const body = await readBigJson(ctx, createBody, bodyLimit);
      requireKnown(deps.db, body.trackIds);
      const ownerId = requireCaller(ctx).user.id;
      const created = createPlaylist(deps.db, { ...body, ownerId });
      ctx.status = 201;
      ctx.body = detail(ctx, deps, created);
    },
  }),
  route({
    method: 'POST',
    path: '/api/playlists/import',
    access: 'user',
    summary: 'Creates a playlist from an M3U or M3U8 body; lists what matched nothing.',
    input: { query: importQuery },
    response: 'PlaylistImport',
    handler: async (ctx, deps) => {
      // The body: M3U text, sent as text or as a playlist type (never JSON).
      const query = importQuery.parse(ctx.query);
      const text = await readText(ctx, bodyLimit);
      const type = ctx.request.type;
      if (type && !m3uTypes.includes(type)) {
        throw new HearthError(415, 'unsupported_media_type', 'send an M3U playlist');
      }

      // Entries and the tracks they name; a body that is no playlist makes none.
      const entries = parseM3u(text).slice(0, maxEntries);
      const resolved = entries.map((entry) => resolveEntry(deps.db, entry));
      if (!resolved.some(Boolean) && !looksLikeM3u(text, entries)) {
        throw new HearthError(400, 'invalid_playlist', 'not an M3U playlist');
      }
      const title = /^#PLAYLIST:(.+)$/m.exec(text)?.[1]?.trim();
      const created = createPlaylist(deps.db, {
        ownerId: requireCaller(ctx).user.id,
        name: query.name ?? (title || 'Imported'),
        trackIds: resolved.filter((found): found is string => found !== null),
      });
      ctx.status = 201;
      ctx.body = {
        playlist: detail(ctx, deps, created),
        unmatched: entries.filter((_, i) => resolved[i] === null).map((e) => e.location),
      };
    },
  }),
  route({
    method: 'GET',
    path: '/api/playlists/:id',
    access: 'user',
    summary: 'One playlist with its tracks in order.',
    input: { params },
    response: 'PlaylistDetail',
    handler: (ctx, deps) => {
      ctx.body = detail(ctx, deps, playlistFor(ctx, deps, false).id);
    },
  }),
  route({
    method: 'PATCH',
    path: '/api/playlists/:id',
    access: 'user',
    summary: 'Renames a playlist, or adds, removes and reorders its tracks.',
    input: { params, body: changeBody },
    response: 'PlaylistDetail',
    handler: async (ctx, deps) => {
      const playlist = playlistFor(ctx, deps, true);
      const body = await readBigJson(ctx, changeBody, bodyLimit);
      requireKnown(deps.db, [...(body.trackIds ?? []), ...(body.append ?? [])]);
      updatePlaylist(deps.db, playlist.id, body);
      ctx.body = detail(ctx, deps, playlist.id);
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/playlists/:id',
    access: 'user',
    summary: 'Deletes a playlist.',
    input: { params },
    response: 'no content (204)',
    handler: (ctx, deps) => {
      deletePlaylist(deps.db, playlistFor(ctx, deps, true).id);
      ctx.status = 204;
    },
  }),
  route({
    method: 'GET',
    path: '/api/playlists/:id/m3u',
    access: 'user',
    summary: 'The playlist as extended M3U (paths inside the music folders).',
    input: { params },
    response: 'M3U',
    handler: (ctx, deps) => {
      const playlist = playlistFor(ctx, deps, false);
      const ids = playlistTrackIds(deps.db, playlist.id);
      const text = formatM3u(playlist.name, m3uTracks(deps.db, ids));
      const file = `${playlist.name.replace(/[^\p{L}\p{N} ._-]+/gu, '_')}.m3u8`;
      ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURI(file)}`);
      ctx.type = 'audio/x-mpegurl; charset=utf-8';
      ctx.body = text;
    },
  }),
];
