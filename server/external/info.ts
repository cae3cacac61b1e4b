// Artist and album info from Last.fm, through the cache: fetch() asks
// Last.fm only for what is missing or expired, and only when an API key is
// set; the Subsonic handlers read the cache alone (cached()), so no request
// ever waits on the internet. Last.fm's "not found" (error 6) is cached as
// null; every other failure is thrown to the job that called.
import type { Db } from '../db/index.js';
import type { Settings } from '../settings/schema.js';
import { ServiceRejectedError } from './http.js';
import { infoKey, readInfo, writeInfo, type InfoKind } from './info-cache.js';
import {
  Lastfm,
  type LastfmAlbum,
  type LastfmArtist,
  type LastfmSimilar,
  type LastfmTopTrack,
} from './lastfm.js';

const notFoundCode = 6;

export interface ArtistInfo {
  artist: LastfmArtist | null;
  similar: LastfmSimilar[];
  top: LastfmTopTrack[];
}

/** Only what is cached: for the request path. */
export function cachedArtistInfo(db: Db, name: string): ArtistInfo {
  const key = infoKey(name);
  return {
    artist: readInfo<LastfmArtist>(db, 'artist', key)?.body ?? null,
    similar: readInfo<LastfmSimilar[]>(db, 'similar', key)?.body ?? [],
    top: readInfo<LastfmTopTrack[]>(db, 'top', key)?.body ?? [],
  };
}

export function cachedAlbumInfo(
  db: Db,
  artist: string,
  album: string,
): LastfmAlbum | null {
  return readInfo<LastfmAlbum>(db, 'album', infoKey(artist, album))?.body ?? null;
}

export class InfoFetcher {
  readonly lastfm: Lastfm;

  constructor(
    private readonly db: Db,
    private readonly settings: Settings,
  ) {
    this.lastfm = new Lastfm(db, settings);
  }

  /** Fetches an artist's info, similar artists and top tracks where the cache lacks them. */
  async artist(name: string): Promise<number> {
    const key = infoKey(name);
    let calls = 0;
    const steps: [InfoKind, () => Promise<unknown>][] = [
      ['artist', () => this.lastfm.artistInfo(name)],
      ['similar', () => this.lastfm.similarArtists(name)],
      ['top', () => this.lastfm.topTracks(name)],
    ];
    for (const [kind, fetch] of steps) calls += await this.fill(kind, key, fetch);
    return calls;
  }

  async album(artist: string, album: string): Promise<number> {
    return this.fill('album', infoKey(artist, album), () =>
      this.lastfm.albumInfo(artist, album),
    );
  }

  /** One cache row, fetched when missing or expired. Returns 1 when it called out. */
  private async fill(kind: InfoKind, key: string, fetch: () => Promise<unknown>) {
    if (readInfo(this.db, kind, key)?.fresh) return 0;
    let body: unknown;
    try {
      body = await fetch();
    } catch (err) {
      if (!(err instanceof ServiceRejectedError && err.code === notFoundCode)) throw err;
      body = null;
    }
    const ttlMs = this.settings.externalInfoTtlHours * 3_600_000;
    writeInfo(this.db, { kind, key, body, ttlMs });
    return 1;
  }
}
