// A local stand-in for Last.fm (API 2.0, JSON) and ListenBrainz (API v1),
// answering with the shapes their documentation gives: artist.getInfo,
// album.getInfo, artist.getSimilar, artist.getTopTracks, auth.getSession and
// track.scrobble (signed calls checked against api_sig), validate-token and
// submit-listens. Tests script failures per method (status, headers, body)
// and read every request it received.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  /** 'lastfm:<method>' or 'listenbrainz:<path>'. */
  key: string;
  params: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  at: number;
}

export interface Scripted {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export const secret = 'fake-shared-secret';
export const sessionKey = 'fake-session-key';
export const listenbrainzToken = 'lb-user-token';

function signatureOf(params: Record<string, string>): string {
  const text = Object.keys(params)
    .filter((k) => !['format', 'callback', 'api_sig'].includes(k))
    .sort()
    .map((k) => k + params[k])
    .join('');
  return createHash('md5')
    .update(text + secret)
    .digest('hex');
}

const image = (name: string) =>
  ['small', 'medium', 'large', 'extralarge'].map((size) => ({
    '#text': `https://img.example/${encodeURIComponent(name)}-${size}.png`,
    size,
  }));

/** The documented success bodies, per Last.fm method. */
function lastfmAnswer(method: string, p: Record<string, string>): unknown {
  switch (method) {
    case 'artist.getInfo':
      return {
        artist: {
          name: p.artist,
          mbid: '',
          url: `https://www.last.fm/music/${encodeURIComponent(p.artist!)}`,
          image: image(p.artist!),
          streamable: '0',
          stats: { listeners: '1000', playcount: '5000' },
          similar: {
            artist: [{ name: 'Santana', url: 'https://www.last.fm/music/Santana' }],
          },
          tags: { tag: [{ name: 'blues', url: 'https://www.last.fm/tag/blues' }] },
          bio: {
            published: '01 Jan 2010, 00:00',
            summary: `${p.artist} is an artist. <a href="https://www.last.fm">Read more</a>`,
            content: `${p.artist} is an artist, at length.`,
          },
        },
      };
    case 'album.getInfo':
      return {
        album: {
          name: p.album,
          artist: p.artist,
          mbid: '',
          url: 'https://www.last.fm/music/x/y',
          image: image(p.album!),
          tracks: { track: [] },
          wiki: {
            published: '01 Jan 2010',
            summary: `About ${p.album}.`,
            content: '...',
          },
        },
      };
    case 'artist.getSimilar':
      return {
        similarartists: {
          artist: [
            {
              name: 'Santana',
              mbid: '',
              match: '0.9',
              url: 'https://www.last.fm/music/Santana',
            },
            { name: 'Nobody In This House', mbid: '', match: '0.5', url: '' },
          ],
          '@attr': { artist: p.artist },
        },
      };
    case 'artist.getTopTracks':
      return {
        toptracks: {
          track: [
            {
              name: 'Sinner\u2019s Prayer',
              playcount: '900',
              listeners: '400',
              mbid: '',
              url: '',
              artist: { name: p.artist, mbid: '', url: '' },
              '@attr': { rank: '1' },
            },
          ],
          '@attr': {
            artist: p.artist,
            page: '1',
            perPage: '50',
            totalPages: '1',
            total: '1',
          },
        },
      };
    case 'auth.getSession':
      return { session: { name: 'lastfm-listener', key: sessionKey, subscriber: 0 } };
    case 'track.scrobble':
      return {
        scrobbles: {
          scrobble: {
            track: { corrected: '0', '#text': p.track },
            artist: { corrected: '0', '#text': p.artist },
            album: { corrected: '0', '#text': p.album ?? '' },
            timestamp: p.timestamp,
            ignoredMessage: { code: '0', '#text': '' },
          },
          '@attr': { accepted: 1, ignored: 0 },
        },
      };
    default:
      return {
        error: 3,
        message: 'Invalid Method - No method with that name in this package',
      };
  }
}

function lastfmReply(method: string, params: Record<string, string>): Scripted {
  const signed = ['auth.getSession', 'track.scrobble'].includes(method);
  if (signed && params.api_sig !== signatureOf(params))
    return {
      status: 403,
      body: { error: 13, message: 'Invalid method signature supplied' },
    };
  if (method === 'track.scrobble' && params.sk !== sessionKey)
    return { status: 403, body: { error: 9, message: 'Invalid session key' } };
  return { status: 200, body: lastfmAnswer(method, params) };
}

function listenbrainzReply(path: string, req: FakeRequest): Scripted {
  const token = String(req.headers.authorization ?? '').replace(/^Token /, '');
  if (path === '/1/validate-token') {
    const valid = token === listenbrainzToken;
    return {
      status: 200,
      body: valid
        ? { code: 200, message: 'Token valid.', valid: true, user_name: 'lb-listener' }
        : { code: 200, message: 'Token invalid.', valid: false },
    };
  }
  if (path === '/1/submit-listens') {
    if (token !== listenbrainzToken)
      return { status: 401, body: { code: 401, error: 'Invalid authorization token.' } };
    return { status: 200, body: { status: 'ok' } };
  }
  return { status: 404, body: { code: 404, error: 'Not found' } };
}

export class FakeServices {
  readonly requests: FakeRequest[] = [];
  private readonly scripts = new Map<string, Scripted[]>();
  private readonly down = new Set<string>();
  private server!: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The next answers for `key`, once each, before the normal ones. */
  script(key: string, ...answers: Scripted[]): void {
    this.scripts.set(key, [...(this.scripts.get(key) ?? []), ...answers]);
  }

  /** `key` answers 503 until setUp(key). */
  setDown(key: string): void {
    this.down.add(key);
  }

  setUp(key: string): void {
    this.down.delete(key);
  }

  count(key: string): number {
    return this.requests.filter((r) => r.key === key).length;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? '/', this.url);
    const isLastfm = url.pathname.startsWith('/2.0');
    const params = Object.fromEntries(
      new URLSearchParams(isLastfm && req.method === 'POST' ? text : url.search),
    );
    const key = isLastfm ? `lastfm:${params.method}` : `listenbrainz:${url.pathname}`;
    const body = !isLastfm && text ? (JSON.parse(text) as unknown) : null;
    const request = { key, params, headers: req.headers, body, at: Date.now() };
    this.requests.push(request);
    const reply =
      this.scripts.get(key)?.shift() ??
      (this.down.has(key)
        ? { status: 503, body: { error: 16, message: 'down' } }
        : null) ??
      (isLastfm
        ? lastfmReply(params.method ?? '', params)
        : listenbrainzReply(url.pathname, request));
    res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body ?? {}));
  }
}
