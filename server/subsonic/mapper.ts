// The Subsonic mapper: the one place where Hearth's tracks, albums, artists
// and folders become the protocol's songs, children, directories, indexes and
// ID3 entries. Handlers pass domain objects in and get payloads out; every
// protocol word for an item lives in this file.
import type { User } from '../auth/users.js';
import { contentTypeFor } from '../stream/raw.js';
import type { Annotation } from '../userdata/annotations.js';
import type { NowPlaying } from '../userdata/now-playing.js';
import type { PlayQueue } from '../userdata/play-queue.js';
import type { Playlist } from '../userdata/playlists.js';
import type { Album } from './catalog/albums.js';
import type { Artist } from './catalog/artists.js';
import type { Folder } from './catalog/folders.js';
import type { Genre } from './catalog/genres.js';
import type { Track } from './catalog/tracks.js';
import type { Payload } from './render.js';

type Item = Record<string, unknown>;

/** Articles ignored when indexing artists by letter. */
export const ignoredArticles = 'The El La Los Las Le Les Os As O A';

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? undefined : new Date(ms).toISOString();

/** The annotation fields every item may carry. */
function annotated(a: Annotation): Item {
  return {
    starred: iso(a.starredAt),
    userRating: a.rating > 0 ? a.rating : undefined,
  };
}

const ref = (artist: { id: string; name: string }) => ({
  id: artist.id,
  name: artist.name,
});

/** Drops the null fields of a ReplayGain record; undefined when none is left. */
function replayGain(gain: Track['replayGain']): Item | undefined {
  const fields = Object.entries(gain).filter(([, value]) => value !== null);
  return fields.length ? Object.fromEntries(fields) : undefined;
}

/** A track as a song entry (the protocol's Child). */
export function trackEntry(track: Track): Item {
  const composers = track.contributors.filter((c) => c.role === 'composer');
  return {
    id: track.id,
    parent: track.folderId,
    isDir: false,
    title: track.title,
    album: track.albumName,
    artist: track.artistName,
    track: track.trackNo ?? undefined,
    year: track.year ?? undefined,
    genre: track.genres[0],
    coverArt: track.coverId ?? undefined,
    size: track.size,
    contentType: contentTypeFor(track.suffix),
    suffix: track.suffix,
    duration: Math.round(track.duration),
    bitRate: track.bitrate ?? undefined,
    bitDepth: track.bitsPerSample ?? undefined,
    samplingRate: track.sampleRate ?? undefined,
    channelCount: track.channels ?? undefined,
    path: track.relativePath,
    isVideo: false,
    ...annotated(track.annotation),
    playCount: track.annotation.playCount,
    played: iso(track.annotation.playedAt),
    discNumber: track.discNo ?? undefined,
    created: iso(track.createdAt),
    albumId: track.albumId,
    artistId: track.artists[0]?.id ?? track.albumArtistId,
    type: 'music',
    mediaType: 'song',
    comment: track.comment ?? undefined,
    sortName: track.sortTitle,
    musicBrainzId: track.mbTrackId ?? undefined,
    genres: track.genres.map((name) => ({ name })),
    artists: track.artists.map(ref),
    displayArtist: track.artistName,
    albumArtists: track.albumArtists.map(ref),
    displayAlbumArtist: track.albumArtistName,
    contributors: track.contributors.map((c) => ({
      role: c.role,
      artist: ref(c.artist),
    })),
    displayComposer: composers.map((c) => c.artist.name).join(', ') || undefined,
    moods: [],
    replayGain: replayGain(track.replayGain),
  };
}

/** An album as a folder-style entry (a Child with isDir), for the non-ID3 lists. */
export function albumFolderEntry(album: Album): Item {
  return {
    id: album.id,
    parent: album.artistId,
    isDir: true,
    title: album.name,
    album: album.name,
    artist: album.artistName,
    year: album.year ?? undefined,
    genre: album.genres[0],
    coverArt: album.coverId ?? undefined,
    duration: Math.round(album.duration),
    ...annotated(album.annotation),
    playCount: album.annotation.playCount,
    played: iso(album.annotation.playedAt),
    created: iso(album.createdAt),
    albumId: album.id,
    artistId: album.artistId,
    mediaType: 'album',
  };
}

/** A real folder as a folder entry (a Child with isDir). */
export function folderEntry(folder: Folder): Item {
  return {
    id: folder.id,
    parent: folder.parentId ?? undefined,
    isDir: true,
    title: folder.name,
    coverArt: folder.hasImage ? folder.id : undefined,
  };
}

/** An album in the ID3 shape, with its tracks when given. */
export function albumEntry(album: Album, tracks?: Track[]): Item {
  return {
    id: album.id,
    name: album.name,
    artist: album.artistName,
    artistId: album.artistId,
    coverArt: album.coverId ?? undefined,
    songCount: album.trackCount,
    duration: Math.round(album.duration),
    playCount: album.annotation.playCount,
    created: iso(album.createdAt),
    ...annotated(album.annotation),
    played: iso(album.annotation.playedAt),
    year: album.year ?? undefined,
    genre: album.genres[0],
    genres: album.genres.map((name) => ({ name })),
    artists: album.artists.map(ref),
    displayArtist: album.artistName,
    sortName: album.sortName,
    musicBrainzId: album.mbid ?? undefined,
    isCompilation: album.compilation,
    recordLabels: [],
    releaseTypes: [],
    moods: [],
    song: tracks?.map(trackEntry),
  };
}

/** An artist in the ID3 shape, with their albums when given. */
export function artistEntry(artist: Artist, albums?: Album[]): Item {
  return {
    id: artist.id,
    name: artist.name,
    coverArt: artist.coverId ?? undefined,
    albumCount: artist.albumCount,
    starred: iso(artist.annotation.starredAt),
    musicBrainzId: artist.mbid ?? undefined,
    sortName: artist.sortName,
    roles: [],
    album: albums?.map((album) => albumEntry(album)),
  };
}

/** An artist in the folder-style indexes' shape. */
function indexArtist(artist: Artist): Item {
  return { id: artist.id, name: artist.name, ...annotated(artist.annotation) };
}

/** The index letter of a name: its first letter without accents, else "#". */
export function indexLetter(sortName: string): string {
  const words = sortName.trim().split(/\s+/);
  const articles = ignoredArticles.toLowerCase().split(' ');
  const first =
    words.length > 1 && articles.includes(words[0]!.toLowerCase())
      ? words.slice(1).join(' ')
      : sortName.trim();
  const letter = first.normalize('NFD').replace(/\p{M}/gu, '').charAt(0).toUpperCase();
  return /^[A-Z]$/.test(letter) ? letter : '#';
}

/** Groups named things under their index letters, keeping their order. */
function byLetter<T>(
  items: T[],
  sortName: (item: T) => string,
  entry: (item: T) => Item,
) {
  const groups = new Map<string, Item[]>();
  for (const item of items) {
    const letter = indexLetter(sortName(item));
    groups.set(letter, [...(groups.get(letter) ?? []), entry(item)]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '#' ? 1 : b === '#' ? -1 : a.localeCompare(b)))
    .map(([name, artist]) => ({ name, artist }));
}

/** getIndexes: the top folders by letter, plus tracks lying in the music folders. */
export function folderIndexes(input: {
  folders: Folder[];
  tracks: Track[];
  lastModified: number;
}): Payload {
  const index = byLetter(
    input.folders,
    (f) => f.name,
    (f) => ({ id: f.id, name: f.name }),
  );
  return {
    indexes: {
      ignoredArticles,
      lastModified: input.lastModified,
      index,
      child: input.tracks.map(trackEntry),
    },
  };
}

/** getArtists: album artists by letter. */
export function artistIndexes(artists: Artist[]): Payload {
  return {
    artists: {
      ignoredArticles,
      index: byLetter(
        artists,
        (a) => a.sortName,
        (a) => artistEntry(a),
      ),
    },
  };
}

/** getMusicDirectory for a real folder: its subfolders, then its tracks. */
export function folderDirectory(
  folder: Folder,
  folders: Folder[],
  tracks: Track[],
): Payload {
  return {
    directory: {
      id: folder.id,
      parent: folder.parentId ?? undefined,
      name: folder.name,
      child: [...folders.map(folderEntry), ...tracks.map(trackEntry)],
    },
  };
}

/** getMusicDirectory for an album id: the album's tracks. */
export function albumDirectory(album: Album, tracks: Track[]): Payload {
  return {
    directory: {
      id: album.id,
      parent: album.artistId,
      name: album.name,
      ...annotated(album.annotation),
      playCount: album.annotation.playCount,
      child: tracks.map(trackEntry),
    },
  };
}

/** getMusicDirectory for an artist id: the albums they lead. */
export function artistDirectory(artist: Artist, albums: Album[]): Payload {
  return {
    directory: {
      id: artist.id,
      name: artist.name,
      ...annotated(artist.annotation),
      child: albums.map(albumFolderEntry),
    },
  };
}

export const albumPayload = (album: Album, tracks: Track[]): Payload => ({
  album: albumEntry(album, tracks),
});

export const artistPayload = (artist: Artist, albums: Album[]): Payload => ({
  artist: artistEntry(artist, albums),
});

export const trackPayload = (track: Track): Payload => ({ song: trackEntry(track) });

/** A list of tracks under the key an endpoint names (randomSongs, topSongs...). */
export function trackList(
  key: 'randomSongs' | 'songsByGenre' | 'topSongs' | 'similarSongs2',
  tracks: Track[],
): Payload {
  return { [key]: { song: tracks.map(trackEntry) } };
}

/** getAlbumList (folder-style entries) and getAlbumList2 (ID3). */
export function albumList(albums: Album[], id3: boolean): Payload {
  return id3
    ? { albumList2: { album: albums.map((a) => albumEntry(a)) } }
    : { albumList: { album: albums.map(albumFolderEntry) } };
}

/** search2 / getStarred (folder style) and search3 / getStarred2 (ID3). */
export function found(
  key: 'searchResult2' | 'searchResult3' | 'starred' | 'starred2',
  items: { artists: Artist[]; albums: Album[]; tracks: Track[] },
): Payload {
  const id3 = key === 'searchResult3' || key === 'starred2';
  return {
    [key]: {
      artist: items.artists.map((a) => (id3 ? artistEntry(a) : indexArtist(a))),
      album: items.albums.map((a) => (id3 ? albumEntry(a) : albumFolderEntry(a))),
      song: items.tracks.map(trackEntry),
    },
  };
}

export function genres(list: Genre[]): Payload {
  return {
    genres: {
      genre: list.map((g) => ({
        value: g.name,
        songCount: g.trackCount,
        albumCount: g.albumCount,
      })),
    },
  };
}

export function musicFolders(folders: { id: number; name: string }[]): Payload {
  return { musicFolders: { musicFolder: folders } };
}

/** A playlist, with its tracks when given. */
export function playlistEntry(
  playlist: Playlist,
  tracks: Track[],
  options: { withTracks: boolean; readonly: boolean },
): Item {
  return {
    id: String(playlist.id),
    name: playlist.name,
    comment: playlist.comment || undefined,
    owner: playlist.ownerName,
    public: playlist.public,
    songCount: tracks.length,
    duration: Math.round(tracks.reduce((sum, t) => sum + t.duration, 0)),
    created: iso(playlist.createdAt),
    changed: iso(playlist.updatedAt),
    coverArt: tracks.find((t) => t.coverId)?.coverId ?? undefined,
    readonly: options.readonly,
    entry: options.withTracks ? tracks.map(trackEntry) : undefined,
  };
}

export const playlistPayload = (entry: Item): Payload => ({ playlist: entry });
export const playlistsPayload = (entries: Item[]): Payload => ({
  playlists: { playlist: entries },
});

/** getPlayQueue; a user with no saved queue gets an empty one. */
export function playQueue(
  username: string,
  queue: PlayQueue | null,
  tracks: Track[],
): Payload {
  return {
    playQueue: {
      current: queue?.currentTrackId ?? undefined,
      position: queue ? queue.positionMs : undefined,
      username,
      changed: iso(queue?.changedAt ?? 0),
      changedBy: queue?.changedBy ?? '',
      entry: tracks.map(trackEntry),
    },
  };
}

/** getNowPlaying: each report with its track. */
export function nowPlaying(
  entries: { report: NowPlaying; track: Track; playerId: number }[],
  now: number,
): Payload {
  return {
    nowPlaying: {
      entry: entries.map(({ report, track, playerId }) => ({
        ...trackEntry(track),
        username: report.username,
        minutesAgo: Math.max(0, Math.floor((now - report.startedAt) / 60_000)),
        playerId,
        playerName: report.player,
      })),
    },
  };
}

/** getUser: Hearth's roles in the protocol's flags. */
export function userPayload(user: User, folderIds: number[]): Payload {
  const admin = user.role === 'admin';
  return {
    user: {
      username: user.username,
      scrobblingEnabled: true,
      adminRole: admin,
      settingsRole: true,
      downloadRole: true,
      uploadRole: false,
      playlistRole: true,
      coverArtRole: admin,
      commentRole: false,
      podcastRole: false,
      streamRole: true,
      jukeboxRole: false,
      shareRole: false,
      videoConversionRole: false,
      folder: folderIds,
    },
  };
}

/** getLyrics: one text, possibly empty. */
export function plainLyrics(
  found: { artist: string; title: string; text: string } | null,
) {
  return {
    lyrics: found
      ? { artist: found.artist, title: found.title, value: found.text }
      : { value: '' },
  };
}

/** getLyricsBySongId: structured lyrics, timed when the source was synced. */
export function structuredLyrics(
  track: Track,
  lyrics: { synced: boolean; lines: { startMs?: number; text: string }[] } | null,
): Payload {
  const list = lyrics
    ? [
        {
          lang: 'xxx',
          synced: lyrics.synced,
          displayArtist: track.artistName,
          displayTitle: track.title,
          line: lyrics.lines.map((l) => ({ start: l.startMs, value: l.text })),
        },
      ]
    : [];
  return { lyricsList: { structuredLyrics: list } };
}
