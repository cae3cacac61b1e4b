// Last.fm and ListenBrainz against a local fake (fake-services.ts) that
// answers with their documented shapes. Nothing is sent without an API key;
// with one, the "external-info" job fills the cache and the Subsonic info
// methods answer from it; a 429 holds every call until its Retry-After and
// the job resumes from its checkpoint; a 5xx is retried; accounts link
// through the API (Last.fm's token flow, ListenBrainz's user token); and a
// play recorded during an outage stays queued and is delivered by the
// "scrobbles" job once the services are back.
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { blockedUntil } from '../../server/external/backoff.js';
import { ServiceBackoffError } from '../../server/external/http.js';
import { cachedArtistInfo } from '../../server/external/info.js';
import { Lastfm } from '../../server/external/lastfm.js';
import { ListenBrainz } from '../../server/external/listenbrainz.js';
import { externalInfoJob } from '../../server/worker/jobs/external-info.js';
import { scrobblesJob } from '../../server/worker/jobs/scrobbles.js';
import type { JobContext } from '../../server/worker/scheduler.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { startSubsonic, type SubsonicFixture } from '../subsonic/fixture.js';
import { FakeServices, listenbrainzToken, secret, sessionKey } from './fake-services.js';

const fake = new FakeServices();
const beth = 'Beth Hart & Joe Bonamassa';
let fx: SubsonicFixture;
let user: SignedIn;

beforeAll(async () => {
  await fake.start();
  fx = await startSubsonic();
  Object.assign(fx.app.settings, {
    lastfmApiKey: '',
    lastfmApiSecret: secret,
    lastfmBaseUrl: `${fake.url}/2.0/`,
    lastfmAuthUrl: `${fake.url}/api/auth/`,
    listenbrainzBaseUrl: fake.url,
  });
  user = await signIn(fx.app, fx.admin);
}, 60_000);

afterAll(async () => {
  await fx?.close();
  await fake.stop();
});

afterEach(() => {
  vi.useRealTimers();
});

function context(checkpoint: unknown = null) {
  const state = { checkpoint };
  const ctx: JobContext = {
    signal: new AbortController().signal,
    checkpoint,
    options: {},
    save: (saved) => (state.checkpoint = saved),
    progress: () => {},
  };
  return { ctx, state };
}

const infoJob = () =>
  externalInfoJob({ db: fx.app.db, settings: fx.app.settings, paceMs: 0 });

function artistId(name: string): string {
  const row = fx.app.db.prepare('SELECT id FROM artist WHERE name = ?').get(name) as {
    id: string;
  };
  return row.id;
}

function resetCache(): void {
  fx.app.db.exec('DELETE FROM external_info; DELETE FROM service_backoff;');
}

describe('without a Last.fm API key', () => {
  test('the info job sends nothing, and a play of an unlinked user is not queued', async () => {
    expect(await infoJob().run(context().ctx)).toEqual({ skipped: 'no Last.fm API key' });
    const track = fx.trackId('Dethklok/The Dethalbum/01 Dethklok.mp3');
    const res = await user.fetch('/api/plays', {
      method: 'POST',
      body: JSON.stringify({ trackId: track }),
    });
    expect(res.status).toBe(204);
    expect(fake.requests).toEqual([]);
  });
});

describe('external info', () => {
  test('the job fills the cache; Subsonic answers from it', async () => {
    fx.app.settings.lastfmApiKey = 'fake-api-key';
    const result = (await infoJob().run(context().ctx)) as {
      items: number;
      calls: number;
    };
    expect(result.calls).toBeGreaterThan(0);
    expect(fake.count('lastfm:artist.getInfo')).toBeGreaterThan(0);
    expect(fake.requests.every((r) => r.params.api_key === 'fake-api-key')).toBe(true);

    const api = fx.client('admin');
    const info = await api.getArtistInfo2({ id: artistId(beth) });
    expect(info.artistInfo2.biography).toMatch(/^Beth Hart & Joe Bonamassa is an artist/);
    expect(info.artistInfo2.largeImageUrl).toMatch(/extralarge/);
    expect(info.artistInfo2.similarArtist?.map((a) => a.name)).toEqual(['Santana']);
    const similar = await api.getSimilarSongs2({ id: artistId(beth) });
    expect(similar.similarSongs2.song?.length).toBeGreaterThan(0);
    const album = (await api.getArtist({ id: artistId(beth) })).artist.album![0]!;
    const albumInfo = await api.getAlbumInfo2({ id: album.id });
    expect(albumInfo.albumInfo.notes).toBe(`About ${album.name}.`);

    // A second run within the TTL calls nothing.
    const before = fake.requests.length;
    expect(await infoJob().run(context().ctx)).toMatchObject({ calls: 0 });
    expect(fake.requests.length).toBe(before);
  });

  test('a 429 holds every call until Retry-After; the next run resumes from its checkpoint', async () => {
    resetCache();
    fake.script(
      'lastfm:artist.getInfo',
      { status: 200 },
      {
        status: 429,
        headers: { 'Retry-After': '2' },
        body: { error: 29, message: 'Rate Limit Exceeded' },
      },
    );
    // 1. Stopped by the 429 part way, with a checkpoint.
    const first = context();
    await expect(infoJob().run(first.ctx)).rejects.toBeInstanceOf(ServiceBackoffError);
    expect(first.state.checkpoint).toMatchObject({ phase: 'artists' });
    expect(blockedUntil(fx.app.db, 'lastfm')).toBeGreaterThan(Date.now() + 1000);

    // 2. During the wait, a run sends nothing at all.
    const sent = fake.requests.length;
    await expect(
      infoJob().run(context(first.state.checkpoint).ctx),
    ).rejects.toBeInstanceOf(ServiceBackoffError);
    expect(fake.requests.length).toBe(sent);

    // 3. After it, the run resumes after the checkpoint and completes.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const resumed = (await infoJob().run(context(first.state.checkpoint).ctx)) as {
      calls: number;
    };
    expect(resumed.calls).toBeGreaterThan(0);
    const after = (first.state.checkpoint as { after: string }).after;
    const asked = fake.requests
      .slice(sent)
      .filter((r) => r.key === 'lastfm:artist.getInfo');
    expect(asked.length).toBeGreaterThan(0);
    const askedIds = asked.map((r) => artistId(r.params.artist!));
    expect(
      askedIds.filter((id) => id <= after),
      after,
    ).toEqual([]);
  }, 20_000);

  test('ListenBrainz 429: X-RateLimit-Reset-In is honoured', async () => {
    fake.script('listenbrainz:/1/validate-token', {
      status: 429,
      headers: { 'X-RateLimit-Reset-In': '3', 'X-RateLimit-Remaining': '0' },
      body: { code: 429, error: 'Too many requests' },
    });
    const client = new ListenBrainz(fx.app.db, fake.url);
    await expect(client.validate(listenbrainzToken)).rejects.toBeInstanceOf(
      ServiceBackoffError,
    );
    const until = blockedUntil(fx.app.db, 'listenbrainz');
    expect(until - Date.now()).toBeGreaterThan(2000);
    expect(until - Date.now()).toBeLessThanOrEqual(3000);
    fx.app.db.exec('DELETE FROM service_backoff');
  });

  test('a 5xx is retried, and the retry answers', async () => {
    resetCache();
    fake.script('lastfm:artist.getInfo', {
      status: 503,
      body: { error: 16, message: 'busy' },
    });
    const before = fake.count('lastfm:artist.getInfo');
    const artist = await new Lastfm(fx.app.db, fx.app.settings).artistInfo('Santana');
    expect(artist.name).toBe('Santana');
    expect(fake.count('lastfm:artist.getInfo') - before).toBe(2);
    expect(blockedUntil(fx.app.db, 'lastfm')).toBe(0);
    expect(cachedArtistInfo(fx.app.db, 'Santana').artist).toBeNull(); // direct call: not cached
  });
});

describe('scrobbling', () => {
  test('a user links Last.fm (token flow) and ListenBrainz (user token); tokens stay here', async () => {
    const start = await user.fetch('/api/me/scrobbling/lastfm', { method: 'POST' });
    const { authUrl } = (await start.json()) as { authUrl: string };
    const url = new URL(authUrl);
    expect(url.searchParams.get('api_key')).toBe('fake-api-key');
    expect(url.searchParams.get('cb')).toBe(
      `${fx.app.url}/api/me/scrobbling/lastfm/callback`,
    );

    const back = await user.fetch(
      '/api/me/scrobbling/lastfm/callback?token=granted-token',
    );
    expect(back.status).toBe(200);
    const bad = await user.fetch('/api/me/scrobbling/listenbrainz', {
      method: 'PUT',
      body: JSON.stringify({ token: 'wrong' }),
    });
    expect(bad.status).toBe(400);
    const linked = await user.fetch('/api/me/scrobbling/listenbrainz', {
      method: 'PUT',
      body: JSON.stringify({ token: listenbrainzToken }),
    });
    const text = await linked.text();
    expect(JSON.parse(text)).toMatchObject({
      services: [
        { service: 'lastfm', linked: true, account: 'lastfm-listener' },
        { service: 'listenbrainz', linked: true, account: 'lb-listener' },
      ],
    });
    expect(text).not.toContain(sessionKey);
    expect(text).not.toContain(listenbrainzToken);
  });

  test('a play during an outage stays queued and is delivered by the job afterwards', async () => {
    fx.app.db.exec('DELETE FROM service_backoff');
    fake.setDown('lastfm:track.scrobble');
    fake.setDown('listenbrainz:/1/submit-listens');
    const playedAt = Date.now() - 60_000;

    // 1. The play: counted at once, its delivery fails after its retries.
    const track = fx.trackId('Beth Hart/Sinner\u2019s Prayer/01 Prayer.flac');
    const res = await user.fetch('/api/plays', {
      method: 'POST',
      body: JSON.stringify({ trackId: track, at: playedAt }),
    });
    expect(res.status).toBe(204);
    const queue = () =>
      fx.app.db
        .prepare('SELECT service, attempts FROM scrobble_queue ORDER BY service')
        .all();
    await vi.waitFor(
      () =>
        expect(queue()).toEqual([
          { service: 'lastfm', attempts: 1 },
          { service: 'listenbrainz', attempts: 1 },
        ]),
      { timeout: 10_000, interval: 200 },
    );
    expect(fake.count('lastfm:track.scrobble')).toBe(3); // the try and two retries

    // 2. Services back, but the backoff holds: the job sends nothing yet.
    fake.setUp('lastfm:track.scrobble');
    fake.setUp('listenbrainz:/1/submit-listens');
    const job = scrobblesJob(fx.app.db, fx.app.settings);
    expect(await job.run(context().ctx)).toMatchObject({ delivered: 0 });
    expect(fake.count('lastfm:track.scrobble')).toBe(3);

    // 3. An hour later the job delivers both, in the documented shapes.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3_600_000);
    expect(await job.run(context().ctx)).toMatchObject({ delivered: 2, waiting: 0 });
    expect(queue()).toEqual([]);
    const scrobble = fake.requests
      .filter((r) => r.key === 'lastfm:track.scrobble')
      .pop()!;
    expect(scrobble.params).toMatchObject({
      sk: sessionKey,
      artist: beth,
      timestamp: String(Math.floor(playedAt / 1000)),
    });
    const listen = fake.requests
      .filter((r) => r.key === 'listenbrainz:/1/submit-listens')
      .pop()!;
    expect(listen.body).toMatchObject({
      listen_type: 'single',
      payload: [
        {
          listened_at: Math.floor(playedAt / 1000),
          track_metadata: { artist_name: beth, track_name: "Sinner's Prayer" },
        },
      ],
    });
  }, 30_000);

  test('unlinking drops the link', async () => {
    const res = await user.fetch('/api/me/scrobbling/listenbrainz', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      services: [{ linked: true }, { service: 'listenbrainz', linked: false }],
    });
  });
});
