// Every built Subsonic endpoint through a real client (the subsonic-api
// package), in JSON and in XML: the XML answer must carry what the JSON
// answer carries, and every JSON answer of the suite must validate against
// the OpenSubsonic schema (checked in the last test of this file).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubsonicAPI } from 'subsonic-api';
import { startSubsonic, type SubsonicFixture } from './fixture.js';
import { subsonicMethods } from '../../server/subsonic/routes.js';
import { isBinary, validate } from './schema.js';
import { parseXml, sameAsJson, type XmlNode } from './xml.js';

let fx: SubsonicFixture;
let api: SubsonicAPI;

beforeAll(async () => {
  fx = await startSubsonic();
  api = fx.client('admin');
});
afterAll(() => fx.close());

type Params = Record<string, unknown>;
// Answers are walked as plain JSON; their types are what the schema test checks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

/** The XML answer of a method, through the same client. */
async function xml(method: string, params: Params = {}): Promise<XmlNode> {
  const res = await api.custom(`${method}.view`, { ...params, f: 'xml' });
  expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
  return parseXml(await res.text());
}

/** JSON through the client's typed call, then XML, compared. */
async function both(method: string, params: Params, json: () => Promise<unknown>) {
  const body = JSON.parse(JSON.stringify(await json())) as Body;
  expect(body.status, JSON.stringify(body)).toBe('ok');
  sameAsJson(body, await xml(method, params), method);
  return body;
}

const ids = (list: { id?: unknown }[] | undefined) =>
  (list ?? []).map((item) => String(item.id));

describe('system', () => {
  it('ping, getLicense and getOpenSubsonicExtensions', async () => {
    const ping = await both('ping', {}, () => api.ping());
    expect(ping).toMatchObject({ type: 'hearth', openSubsonic: true, version: '1.16.1' });
    const license = await both('getLicense', {}, () => api.getLicense());
    expect(license.license.valid).toBe(true);
    const ext = await both('getOpenSubsonicExtensions', {}, () =>
      api.getOpenSubsonicExtensions(),
    );
    const names = (ext.openSubsonicExtensions as { name: string }[]).map((e) => e.name);
    expect(names.sort()).toEqual(
      ['apiKeyAuthentication', 'formPost', 'songLyrics', 'transcodeOffset'].sort(),
    );
  });
});

describe('browsing by tags', () => {
  it('getMusicFolders names the folders, never their paths', async () => {
    const body = await both('getMusicFolders', {}, () => api.getMusicFolders());
    const names = body.musicFolders.musicFolder.map((f: { name: string }) => f.name);
    expect(names).toEqual(['Music', 'Other']);
  });

  it('getArtists, getArtist, getAlbum and getSong lead to the same tracks', async () => {
    const artists = await both('getArtists', {}, () => api.getArtists({}));
    const all = artists.artists.index.flatMap((i: Body) => i.artist) as Body[];
    const santana = all.find((a) => a.name === 'Santana')!;
    expect(santana.albumCount).toBe(1);

    const artist = await both('getArtist', { id: santana.id }, () =>
      api.getArtist({ id: santana.id }),
    );
    expect(artist.artist.album.map((a: Body) => a.name)).toEqual(['Shaman']);
    const albumId = artist.artist.album[0].id as string;

    const album = await both('getAlbum', { id: albumId }, () =>
      api.getAlbum({ id: albumId }),
    );
    expect(album.album.song.map((s: Body) => s.title)).toEqual(['Adouma']);
    const trackId = fx.trackId('Santana/Shaman/CD2/01 Shaman.flac');
    expect(album.album.song[0].id).toBe(trackId);

    const song = await both('getSong', { id: trackId }, () =>
      api.getSong({ id: trackId }),
    );
    expect(song.song).toMatchObject({
      id: trackId,
      albumId,
      isDir: false,
      suffix: 'flac',
      path: 'Santana/Shaman/CD2/01 Shaman.flac',
    });
  });

  it('getGenres counts tracks and albums', async () => {
    const body = await both('getGenres', {}, () => api.getGenres());
    const genres = body.genres.genre as Body[];
    expect(genres.map((g) => g.value).sort()).toEqual(['Electronic', 'Metal', 'Pop']);
    for (const genre of genres) expect(genre.songCount).toBeGreaterThan(0);
  });
});

describe('browsing by folder', () => {
  /** Audio files on disk below a music folder, as relative paths. */
  function filesOnDisk(root: string, rel = ''): string[] {
    return fs.readdirSync(path.join(root, rel), { withFileTypes: true }).flatMap((e) => {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) return filesOnDisk(root, child);
      return e.name.endsWith('.jpg') ? [] : [child];
    });
  }

  it('getIndexes and getMusicDirectory walk the real folders down to every track', async () => {
    const indexes = await both('getIndexes', {}, () => api.getIndexes({}));
    const found: string[] = (indexes.indexes.child ?? []).map((c: Body) => c.path);
    expect(found).toEqual(['Loose Track.mp3']);

    // Walk every folder the index lists, depth first, checking names and parents.
    const walk = async (id: string, where: string, parent?: string): Promise<void> => {
      const body = await both('getMusicDirectory', { id }, () =>
        api.getMusicDirectory({ id }),
      );
      const dir = body.directory;
      expect(dir.name).toBe(where.split('/').pop());
      if (parent) expect(dir.parent).toBe(parent);
      for (const child of dir.child ?? []) {
        if (child.isDir) await walk(child.id, `${where}/${child.title}`, id);
        else {
          expect(child.path).toBe(`${where}/${child.path.split('/').pop()}`);
          found.push(child.path);
        }
      }
    };
    for (const index of indexes.indexes.index) {
      for (const top of index.artist) await walk(top.id, top.name);
    }
    const onDisk = [...filesOnDisk(fx.folders[0]), ...filesOnDisk(fx.folders[1])];
    expect(found.sort()).toEqual(onDisk.sort());
  });

  it('getIndexes of one music folder, and a user who sees only one', async () => {
    const other = await api.getIndexes({ musicFolderId: 2 });
    const names = other.indexes.index!.flatMap((i) => i.artist!.map((a) => a.name));
    expect(names.sort()).toEqual(['Elsewhere', 'Pendulum']);
    const restricted = fx.client('user');
    const mine = await restricted.getIndexes({});
    const theirs = mine.indexes.index!.flatMap((i) => i.artist!.map((a) => a.name));
    expect(theirs).not.toContain('Pendulum');
    expect((await restricted.getMusicFolders()).musicFolders.musicFolder).toHaveLength(1);
  });
});

describe('lists', () => {
  const types = [
    'random',
    'newest',
    'highest',
    'frequent',
    'recent',
    'alphabeticalByName',
    'alphabeticalByArtist',
    'starred',
    'byYear',
    'byGenre',
  ] as const;

  it('getAlbumList and getAlbumList2 answer every type', async () => {
    // Give the rating, play and star lists something to show.
    const santana = fx.trackId('Santana/Shaman/CD2/01 Shaman.flac');
    const song = (await api.getSong({ id: santana })).song;
    await api.setRating({ id: song.albumId!, rating: 4 });
    await api.scrobble({ id: santana, submission: true });
    await api.star({ albumId: song.albumId! });

    for (const type of types) {
      const params: Params = { type, size: 50 };
      if (type === 'byYear') Object.assign(params, { fromYear: 2020, toYear: 1900 });
      if (type === 'byGenre') params.genre = 'metal';
      const v1 = JSON.parse(
        JSON.stringify(await api.getAlbumList(params as never)),
      ) as Body;
      const v2 = JSON.parse(
        JSON.stringify(await api.getAlbumList2(params as never)),
      ) as Body;
      const values = type !== 'random';
      sameAsJson(v1, await xml('getAlbumList', params), `getAlbumList ${type}`, values);
      sameAsJson(v2, await xml('getAlbumList2', params), `getAlbumList2 ${type}`, values);
      const list1 = v1.albumList.album as Body[];
      const list2 = v2.albumList2.album as Body[];
      expect(list1.length, type).toBe(list2.length);
      expect(list1.every((a) => a.isDir === true)).toBe(true);
      if (['highest', 'frequent', 'recent', 'starred'].includes(type)) {
        expect(ids(list2), type).toEqual([song.albumId]);
      }
      if (type === 'byGenre') expect(list2.map((a) => a.name)).toEqual(['The Dethalbum']);
      if (type === 'byYear') {
        const years = list2.map((a) => a.year as number);
        expect(years).toEqual([...years].sort((a, b) => b - a));
      }
      if (type === 'alphabeticalByName') {
        const names = list2.map((a) => (a.sortName as string).toLowerCase());
        expect(names).toEqual([...names].sort());
      }
    }
  });

  it('getRandomSongs and getSongsByGenre', async () => {
    const random = JSON.parse(
      JSON.stringify(await api.getRandomSongs({ size: 3 })),
    ) as Body;
    expect(random.randomSongs.song).toHaveLength(3);
    sameAsJson(random, await xml('getRandomSongs', { size: 3 }), 'random', false);

    const byGenre = await both('getSongsByGenre', { genre: 'Pop' }, () =>
      api.getSongsByGenre({ genre: 'Pop' }),
    );
    expect(byGenre.songsByGenre.song.length).toBeGreaterThan(0);
    for (const song of byGenre.songsByGenre.song) expect(song.genre).toBe('Pop');
  });

  it('scrobble without submission shows the track in getNowPlaying', async () => {
    const id = fx.trackId('Radio/Deep/Deeper/Recitation.ogg');
    await both('scrobble', { id, submission: false }, () =>
      api.scrobble({ id, submission: false }),
    );
    const body = await both('getNowPlaying', {}, () => api.getNowPlaying());
    const entry = body.nowPlaying.entry.find((e: Body) => e.id === id);
    expect(entry).toMatchObject({ username: fx.admin.username, minutesAgo: 0 });
    expect(entry.playerName).toBe('subsonic-api');
  });

  it('star, getStarred, getStarred2 and unstar', async () => {
    const track = fx.trackId('Dethklok/The Dethalbum/01 Dethklok.mp3');
    const artist = (await api.getSong({ id: track })).song.artistId!;
    await both('star', { id: track, artistId: artist }, () =>
      api.star({ id: track, artistId: artist }),
    );
    const v1 = await both('getStarred', {}, () => api.getStarred({}));
    const v2 = await both('getStarred2', {}, () => api.getStarred2({}));
    expect(ids(v1.starred.song)).toEqual([track]);
    expect(ids(v2.starred2.song)).toEqual([track]);
    expect(ids(v2.starred2.artist)).toEqual([artist]);
    expect(v2.starred2.song[0].starred).toMatch(/^\d{4}-/);

    await both('unstar', { id: track }, () => api.unstar({ id: track }));
    const after = await api.getStarred2({});
    expect(after.starred2.song ?? []).toHaveLength(0);
  });
});

describe('search', () => {
  it('search3 finds by accent- and case-insensitive prefixes', async () => {
    const body = await both('search3', { query: 'DETHK' }, () =>
      api.search3({ query: 'DETHK' }),
    );
    expect(body.searchResult3.artist.map((a: Body) => a.name)).toContain('Dethklok');
    expect(body.searchResult3.song.map((s: Body) => s.title)).toContain('Deththeme');
  });

  it('an empty query lists everything, paged, for sync clients', async () => {
    const params = { query: '', songCount: 500, albumCount: 500, artistCount: 500 };
    const body = await both('search3', params, () => api.search3(params));
    expect(body.searchResult3.song).toHaveLength(10);
    const page = await api.search3({ query: '""', songCount: 4, songOffset: 8 });
    expect(page.searchResult3.song).toHaveLength(2);
  });

  it('search2 answers in the folder-style shapes', async () => {
    const body = await both('search2', { query: 'beth' }, () =>
      api.search2({ query: 'beth' }),
    );
    expect(body.searchResult2.song).toHaveLength(2);
    expect(body.searchResult2.artist[0].name).toBe('Beth Hart & Joe Bonamassa');
    expect(body.searchResult2.album[0].isDir).toBe(true);
  });
});

describe('lyrics', () => {
  it('getLyricsBySongId gives timed lines for synced lyrics', async () => {
    const id = fx.trackId('Lyrics/Dance In The Game.flac');
    const body = await both('getLyricsBySongId', { id }, () =>
      api.getLyricsBySongId({ id }),
    );
    const [lyrics] = body.lyricsList.structuredLyrics;
    expect(lyrics.synced).toBe(true);
    expect(lyrics.line.length).toBeGreaterThan(3);
    expect(typeof lyrics.line[1].start).toBe('number');
  });

  it('getLyrics finds by artist and title, as plain text', async () => {
    const params = { artist: 'zaq', title: 'dance in the game' };
    const body = await both('getLyrics', params, () => api.getLyrics(params));
    expect(body.lyrics.artist).toBe('ZAQ');
    expect(body.lyrics.value).not.toMatch(/\[\d\d:/);
    expect(body.lyrics.value.length).toBeGreaterThan(20);
  });
});

describe('playlists', () => {
  it('create, read, update, list and delete', async () => {
    const a = fx.trackId('Dethklok/The Dethalbum/01 Dethklok.mp3');
    const b = fx.trackId('Loose Track.mp3');
    const c = fx.trackId('Santana/Shaman/CD2/01 Shaman.flac');
    const created = await api.createPlaylist({ name: 'Road trip', songId: [a, b, a] });
    const id = created.playlist.id;
    expect(ids(created.playlist.entry)).toEqual([a, b, a]);

    // XML create, then both reads.
    const viaXml = await xml('createPlaylist', { name: 'Quiet', songId: [c] });
    expect(viaXml.status).toBe('ok');
    const one = await both('getPlaylist', { id }, () => api.getPlaylist({ id }));
    expect(one.playlist).toMatchObject({
      name: 'Road trip',
      songCount: 3,
      readonly: false,
    });

    // Remove the first entry and append one; both() sends it twice (JSON, XML).
    const update = {
      playlistId: id,
      name: 'Long road',
      songIndexToRemove: [0],
      songIdToAdd: [c],
    };
    await both('updatePlaylist', update, () => api.updatePlaylist(update));
    const updated = await api.getPlaylist({ id });
    expect(ids(updated.playlist.entry)).toEqual([a, c, c]);
    const list = await both('getPlaylists', {}, () => api.getPlaylists({}));
    expect(list.playlists.playlist.map((p: Body) => p.name)).toEqual([
      'Long road',
      'Quiet',
    ]);

    // One deleted by JSON, the other by XML.
    expect((await api.deletePlaylist({ id })).status).toBe('ok');
    const quiet = (await api.getPlaylists({})).playlists.playlist![0]!;
    expect((await xml('deletePlaylist', { id: quiet.id })).status).toBe('ok');
    expect((await api.getPlaylists({})).playlists.playlist ?? []).toEqual([]);
  });
});

describe('play queue', () => {
  it('savePlayQueue then getPlayQueue resumes at the position', async () => {
    const a = fx.trackId('Loose Track.mp3');
    const b = fx.trackId('Radio/Deep/Long Wave.wav');
    await both('savePlayQueue', { id: [a, b], current: b, position: 61_500 }, () =>
      api.savePlayQueue({ id: [a, b], current: b, position: 61_500 }),
    );
    const body = await both('getPlayQueue', {}, () => api.getPlayQueue());
    expect(body.playQueue).toMatchObject({
      current: b,
      position: 61_500,
      username: fx.admin.username,
      changedBy: 'subsonic-api',
    });
    expect(ids(body.playQueue.entry)).toEqual([a, b]);
  });
});

describe('annotation', () => {
  it('setRating shows as userRating; 0 removes it', async () => {
    const id = fx.trackId('Loose Track.mp3');
    await both('setRating', { id, rating: 5 }, () => api.setRating({ id, rating: 5 }));
    expect((await api.getSong({ id })).song.userRating).toBe(5);
    await api.setRating({ id, rating: 0 });
    expect((await api.getSong({ id })).song.userRating).toBeUndefined();
  });

  it('scrobble with submission counts the play', async () => {
    const id = fx.trackId('Beth Hart/Sinner\u2019s Prayer/01 Prayer.mp3');
    const before = (await api.getSong({ id })).song.playCount ?? 0;
    await api.scrobble({ id, submission: true });
    await xml('scrobble', { id });
    const song = (await api.getSong({ id })).song;
    expect(song.playCount).toBe(before + 2);
    expect(song.played).toBeDefined();
  });
});

describe('users, scanning and external info', () => {
  it('getUser shows the roles and visible folders', async () => {
    const body = await both('getUser', { username: fx.user.username }, () =>
      api.getUser({ username: fx.user.username }),
    );
    expect(body.user).toMatchObject({ adminRole: false, streamRole: true, folder: [1] });
  });

  it('getScanStatus counts tracks; startScan scans', async () => {
    const status = await both('getScanStatus', {}, () => api.getScanStatus());
    expect(status.scanStatus).toMatchObject({ scanning: false, count: 10 });
    const started = JSON.parse(JSON.stringify(await api.startScan({}))) as Body;
    expect(started.status).toBe('ok');
    sameAsJson(await api.getScanStatus(), await xml('getScanStatus'), 'scan', false);
    for (let i = 0; i < 100 && (await api.getScanStatus()).scanStatus.scanning; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await api.getScanStatus()).scanStatus).toMatchObject({
      scanning: false,
      count: 10,
    });
  });

  it('getArtistInfo2, getAlbumInfo2, getTopSongs and getSimilarSongs2', async () => {
    const track = fx.trackId('Beth Hart/Sinner\u2019s Prayer/01 Prayer.mp3');
    const song = (await api.getSong({ id: track })).song;
    const artistId = song.artistId!;
    const info = await both('getArtistInfo2', { id: artistId }, () =>
      api.getArtistInfo2({ id: artistId }),
    );
    expect(info.artistInfo2).toBeDefined();
    const album = await both('getAlbumInfo2', { id: song.albumId }, () =>
      api.getAlbumInfo2({ id: song.albumId! }),
    );
    expect(album.albumInfo.musicBrainzId).toMatch(/^[0-9a-f-]{36}$/);
    const top = await both('getTopSongs', { artist: song.artist }, () =>
      api.getTopSongs({ artist: song.artist! }),
    );
    // The mp3 was played in the annotation test above; it leads.
    expect(top.topSongs.song[0].id).toBe(track);
    const similar = await both('getSimilarSongs2', { id: artistId }, () =>
      api.getSimilarSongs2({ id: artistId }),
    );
    expect(similar.similarSongs2).toBeDefined();
  });
});

describe('formPost', () => {
  it('every call works as a form POST as well', async () => {
    const post = fx.client('admin', { post: true });
    expect((await post.ping()).status).toBe('ok');
    const id = fx.trackId('Loose Track.mp3');
    expect((await post.getSong({ id })).song.id).toBe(id);
    const created = await post.createPlaylist({ name: 'Posted', songId: [id, id] });
    expect(created.playlist.songCount).toBe(2);
    await post.deletePlaylist({ id: created.playlist.id });
  });
});

describe('schema', () => {
  it('every JSON answer received above validates against OpenSubsonic', () => {
    // Every built method with a JSON answer was called through the client.
    const built = subsonicMethods.filter((m) => !('planned' in m)).map((m) => m.name);
    const called = new Set(fx.received.map((r) => r.method));
    expect(built.filter((name) => !isBinary(name) && !called.has(name))).toEqual([]);
    const failures = fx.received
      .map(({ method, body }) => ({ method, ...validate(method, body) }))
      .filter((result) => !result.ok);
    expect(failures, JSON.stringify(failures.slice(0, 3), null, 2)).toEqual([]);
  });
});
