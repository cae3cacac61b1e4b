// The Subsonic route table: every method of the spec, in the spec's groups.
// A built method names who may call it and its handler; a method Hearth does
// not build says why and answers "Not implemented" (code 0, HTTP 501), so
// every gap is visible here. /rest/<name> and /rest/<name>.view both reach it.
import * as annotation from './handlers/annotation.js';
import * as info from './handlers/external-info.js';
import * as browsing from './handlers/browsing.js';
import * as lists from './handlers/lists.js';
import * as media from './handlers/media.js';
import * as playlists from './handlers/playlists.js';
import * as queue from './handlers/queue.js';
import * as system from './handlers/system.js';
import { method, type SubsonicMethod } from './method.js';

export type { SubsonicMethod } from './method.js';

const podcasts = 'podcasts are not part of Hearth';
const sharing = 'public share links are not built yet';
const video = 'Hearth serves music only';
const accounts = 'accounts are managed in Hearth\u2019s settings, not over Subsonic';

export const subsonicMethods: SubsonicMethod[] = [
  // System
  method({ name: 'ping', access: 'user', handler: system.ping }),
  method({ name: 'getLicense', access: 'user', handler: system.getLicense }),
  method({
    name: 'getOpenSubsonicExtensions',
    access: 'public',
    handler: system.getOpenSubsonicExtensions,
  }),
  method({ name: 'tokenInfo', planned: 'API key details are shown in Hearth itself' }),

  // Browsing
  method({ name: 'getMusicFolders', access: 'user', handler: system.getMusicFolders }),
  method({ name: 'getIndexes', access: 'user', handler: browsing.getIndexes }),
  method({
    name: 'getMusicDirectory',
    access: 'user',
    handler: browsing.getMusicDirectory,
  }),
  method({ name: 'getGenres', access: 'user', handler: browsing.getGenres }),
  method({ name: 'getArtists', access: 'user', handler: browsing.getArtists }),
  method({ name: 'getArtist', access: 'user', handler: browsing.getArtist }),
  method({ name: 'getAlbum', access: 'user', handler: browsing.getAlbum }),
  method({ name: 'getSong', access: 'user', handler: browsing.getSong }),
  method({ name: 'getVideos', planned: video }),
  method({ name: 'getVideoInfo', planned: video }),
  method({ name: 'getArtistInfo', planned: 'folder-style info: use getArtistInfo2' }),
  method({ name: 'getArtistInfo2', access: 'user', handler: info.getArtistInfo2 }),
  method({ name: 'getAlbumInfo', planned: 'folder-style info: use getAlbumInfo2' }),
  method({ name: 'getAlbumInfo2', access: 'user', handler: info.getAlbumInfo2 }),
  method({ name: 'getSimilarSongs', planned: 'needs outside data (Jobs issue)' }),
  method({
    name: 'getSimilarSongs2',
    access: 'user',
    handler: info.getSimilarSongs2,
  }),
  method({ name: 'getTopSongs', access: 'user', handler: info.getTopSongs }),
  method({ name: 'getSonicSimilarTracks', planned: 'no audio analysis in Hearth' }),
  method({ name: 'findSonicPath', planned: 'no audio analysis in Hearth' }),

  // Lists
  method({ name: 'getAlbumList', access: 'user', handler: lists.getAlbumList }),
  method({ name: 'getAlbumList2', access: 'user', handler: lists.getAlbumList2 }),
  method({ name: 'getRandomSongs', access: 'user', handler: lists.getRandomSongs }),
  method({ name: 'getSongsByGenre', access: 'user', handler: lists.getSongsByGenre }),
  method({ name: 'getNowPlaying', access: 'user', handler: lists.getNowPlaying }),
  method({ name: 'getStarred', access: 'user', handler: lists.getStarred }),
  method({ name: 'getStarred2', access: 'user', handler: lists.getStarred2 }),

  // Searching
  method({ name: 'search', planned: 'the Subsonic 1.0 search: use search3' }),
  method({ name: 'search2', access: 'user', handler: lists.search2 }),
  method({ name: 'search3', access: 'user', handler: lists.search3 }),

  // Playlists
  method({ name: 'getPlaylists', access: 'user', handler: playlists.getPlaylists }),
  method({ name: 'getPlaylist', access: 'user', handler: playlists.getPlaylist }),
  method({ name: 'createPlaylist', access: 'user', handler: playlists.createPlaylist }),
  method({ name: 'updatePlaylist', access: 'user', handler: playlists.updatePlaylist }),
  method({ name: 'deletePlaylist', access: 'user', handler: playlists.deletePlaylist }),

  // Media retrieval
  method({ name: 'stream', access: 'user', handler: media.stream }),
  method({ name: 'download', access: 'user', handler: media.download }),
  method({ name: 'hls.m3u8', planned: 'HLS playlists are not built' }),
  method({ name: 'getCaptions', planned: video }),
  method({ name: 'getCoverArt', access: 'user', handler: media.getCoverArt }),
  method({ name: 'getLyrics', access: 'user', handler: media.getLyrics }),
  method({ name: 'getLyricsBySongId', access: 'user', handler: media.getLyricsBySongId }),
  method({ name: 'getAvatar', planned: 'Hearth has no user pictures' }),
  method({
    name: 'getTranscodeDecision',
    planned: 'transcode decisions are server-side',
  }),
  method({
    name: 'getTranscodeStream',
    planned: 'use stream with format and maxBitRate',
  }),

  // Media annotation
  method({ name: 'star', access: 'user', handler: annotation.star }),
  method({ name: 'unstar', access: 'user', handler: annotation.unstar }),
  method({ name: 'setRating', access: 'user', handler: annotation.setRating }),
  method({ name: 'scrobble', access: 'user', handler: annotation.scrobble }),
  method({ name: 'reportPlayback', planned: 'use scrobble' }),

  // Bookmarks and play queue
  method({ name: 'getBookmarks', planned: 'bookmarks are not built yet' }),
  method({ name: 'createBookmark', planned: 'bookmarks are not built yet' }),
  method({ name: 'deleteBookmark', planned: 'bookmarks are not built yet' }),
  method({ name: 'getPlayQueue', access: 'user', handler: queue.getPlayQueue }),
  method({ name: 'savePlayQueue', access: 'user', handler: queue.savePlayQueue }),
  method({ name: 'getPlayQueueByIndex', planned: 'use getPlayQueue' }),
  method({ name: 'savePlayQueueByIndex', planned: 'use savePlayQueue' }),

  // Sharing
  method({ name: 'getShares', planned: sharing }),
  method({ name: 'createShare', planned: sharing }),
  method({ name: 'updateShare', planned: sharing }),
  method({ name: 'deleteShare', planned: sharing }),

  // Podcasts, radio, jukebox, chat
  method({ name: 'getPodcasts', planned: podcasts }),
  method({ name: 'getNewestPodcasts', planned: podcasts }),
  method({ name: 'getPodcastEpisode', planned: podcasts }),
  method({ name: 'refreshPodcasts', planned: podcasts }),
  method({ name: 'createPodcastChannel', planned: podcasts }),
  method({ name: 'deletePodcastChannel', planned: podcasts }),
  method({ name: 'deletePodcastEpisode', planned: podcasts }),
  method({ name: 'downloadPodcastEpisode', planned: podcasts }),
  method({ name: 'getInternetRadioStations', planned: 'internet radio is not built' }),
  method({ name: 'createInternetRadioStation', planned: 'internet radio is not built' }),
  method({ name: 'updateInternetRadioStation', planned: 'internet radio is not built' }),
  method({ name: 'deleteInternetRadioStation', planned: 'internet radio is not built' }),
  method({
    name: 'jukeboxControl',
    planned: 'Hearth plays on clients, not on the server',
  }),
  method({ name: 'getChatMessages', planned: 'chat is not part of Hearth' }),
  method({ name: 'addChatMessage', planned: 'chat is not part of Hearth' }),

  // Users and scanning
  method({ name: 'getUser', access: 'user', handler: system.getUser }),
  method({ name: 'getUsers', planned: accounts }),
  method({ name: 'createUser', planned: accounts }),
  method({ name: 'updateUser', planned: accounts }),
  method({ name: 'deleteUser', planned: accounts }),
  method({ name: 'changePassword', planned: accounts }),
  method({ name: 'getScanStatus', access: 'user', handler: system.getScanStatus }),
  method({ name: 'startScan', access: 'admin', handler: system.startScan }),
];

/** The table by method name. */
export function methodTable(): Map<string, SubsonicMethod> {
  return new Map(subsonicMethods.map((m) => [m.name, m]));
}
