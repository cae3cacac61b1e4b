// The Last.fm web service (API 2.0, JSON): artist and album info, similar
// artists and top tracks (read with the API key alone), and the calls of a
// user's link and scrobbles, signed with the shared secret (api_sig: MD5 of
// the sorted name/value pairs followed by the secret). Nothing is called
// when lastfmApiKey is empty.
import { createHash } from 'node:crypto';
import type { Db } from '../db/index.js';
import type { Settings } from '../settings/schema.js';
import { callService } from './http.js';

export type LastfmSettings = Pick<
  Settings,
  'lastfmApiKey' | 'lastfmApiSecret' | 'lastfmBaseUrl' | 'lastfmAuthUrl'
>;

export interface LastfmImage {
  '#text': string;
  size: string;
}

export interface LastfmArtist {
  name: string;
  mbid?: string;
  url?: string;
  image?: LastfmImage[];
  bio?: { summary?: string; content?: string };
  similar?: { artist?: { name: string; url?: string }[] };
}

export interface LastfmAlbum {
  name: string;
  artist: string;
  mbid?: string;
  url?: string;
  image?: LastfmImage[];
  wiki?: { summary?: string; content?: string };
}

export interface LastfmSimilar {
  name: string;
  mbid?: string;
  match?: string | number;
  url?: string;
}

export interface LastfmTopTrack {
  name: string;
  playcount?: string | number;
  artist?: { name: string };
}

export interface Scrobble {
  artist: string;
  title: string;
  album: string | null;
  durationS: number | null;
  /** Epoch ms the play started. */
  playedAt: number;
}

/** Last.fm's error codes that mean "slow down" and "try again later". */
const rateCodes = new Set([29]);
const retryCodes = new Set([11, 16]);

function bodyError(body: unknown) {
  const err = body as { error?: number; message?: string } | null;
  if (typeof err?.error !== 'number') return null;
  const kind = rateCodes.has(err.error)
    ? 'rate'
    : retryCodes.has(err.error)
      ? 'retry'
      : 'reject';
  return { code: err.error, message: err.message ?? `error ${err.error}`, kind } as const;
}

/** api_sig for a signed call. */
export function signature(params: Record<string, string>, secret: string): string {
  const text = Object.keys(params)
    .filter((key) => key !== 'format' && key !== 'callback')
    .sort()
    .map((key) => `${key}${params[key]}`)
    .join('');
  return createHash('md5')
    .update(text + secret, 'utf8')
    .digest('hex');
}

export class Lastfm {
  constructor(
    private readonly db: Db,
    private readonly settings: LastfmSettings,
  ) {}

  /** False when no API key is set: then nothing is ever sent. */
  get enabled(): boolean {
    return this.settings.lastfmApiKey !== '';
  }

  /** Signed calls (links, scrobbles) need the secret too. */
  get canScrobble(): boolean {
    return this.enabled && this.settings.lastfmApiSecret !== '';
  }

  async artistInfo(artist: string): Promise<LastfmArtist> {
    const body = (await this.read('artist.getInfo', { artist, autocorrect: '1' })) as {
      artist: LastfmArtist;
    };
    return body.artist;
  }

  async albumInfo(artist: string, album: string): Promise<LastfmAlbum> {
    const body = (await this.read('album.getInfo', {
      artist,
      album,
      autocorrect: '1',
    })) as {
      album: LastfmAlbum;
    };
    return body.album;
  }

  async similarArtists(artist: string, limit = 20): Promise<LastfmSimilar[]> {
    const body = (await this.read('artist.getSimilar', {
      artist,
      limit: String(limit),
    })) as {
      similarartists?: { artist?: LastfmSimilar[] };
    };
    return body.similarartists?.artist ?? [];
  }

  async topTracks(artist: string, limit = 50): Promise<LastfmTopTrack[]> {
    const body = (await this.read('artist.getTopTracks', {
      artist,
      limit: String(limit),
    })) as {
      toptracks?: { track?: LastfmTopTrack[] };
    };
    return body.toptracks?.track ?? [];
  }

  /** The page a user opens to allow Hearth; Last.fm returns to `callback` with a token. */
  authUrl(callback: string): string {
    const url = new URL(this.settings.lastfmAuthUrl);
    url.searchParams.set('api_key', this.settings.lastfmApiKey);
    url.searchParams.set('cb', callback);
    return url.href;
  }

  /** Exchanges the token from the callback for a session key (auth.getSession). */
  async session(token: string): Promise<{ name: string; key: string }> {
    const body = (await this.signed('auth.getSession', { token }, 'GET')) as {
      session: { name: string; key: string };
    };
    return body.session;
  }

  /** track.scrobble for one play; `sk` is the user's session key. */
  async scrobble(
    sk: string,
    play: Scrobble,
  ): Promise<{ accepted: number; ignored: number }> {
    const params: Record<string, string> = {
      sk,
      artist: play.artist,
      track: play.title,
      timestamp: String(Math.floor(play.playedAt / 1000)),
    };
    if (play.album) params.album = play.album;
    if (play.durationS) params.duration = String(Math.round(play.durationS));
    const body = (await this.signed('track.scrobble', params, 'POST')) as {
      scrobbles?: { '@attr'?: { accepted?: number | string; ignored?: number | string } };
    };
    const attr = body.scrobbles?.['@attr'] ?? {};
    return { accepted: Number(attr.accepted ?? 0), ignored: Number(attr.ignored ?? 0) };
  }

  private read(method: string, params: Record<string, string>): Promise<unknown> {
    const url = new URL(this.settings.lastfmBaseUrl);
    const all = {
      ...params,
      method,
      api_key: this.settings.lastfmApiKey,
      format: 'json',
    };
    for (const [key, value] of Object.entries(all)) url.searchParams.set(key, value);
    return callService({ db: this.db, service: 'lastfm', url: url.href, bodyError });
  }

  private signed(method: string, params: Record<string, string>, verb: 'GET' | 'POST') {
    const all: Record<string, string> = {
      ...params,
      method,
      api_key: this.settings.lastfmApiKey,
    };
    all.api_sig = signature(all, this.settings.lastfmApiSecret);
    all.format = 'json';
    const form = new URLSearchParams(all);
    const base = this.settings.lastfmBaseUrl;
    return callService({
      db: this.db,
      service: 'lastfm',
      url: verb === 'GET' ? `${base}?${form}` : base,
      init: verb === 'POST' ? { method: 'POST', body: form } : undefined,
      bodyError,
    });
  }
}
