// Playback choices, in real Chromium: ReplayGain by track or by album (the
// element's volume follows the tags), the automatic choice of the original
// file or a transcode and the listener's override, the Media Session
// metadata, and the scrobble: at half the track, or at 4 minutes for long
// ones (a 500 s track of silence is counted at 240 s, before its half).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type SignedInTestApp } from '../helpers/app.js';
import { tempDir } from '../helpers/paths.js';
import { scanLibrary } from '../../server/library/scanner/index.js';
import { audioState, launchChromium, poll, signedInContext } from './chromium.js';

let app: SignedInTestApp;
let browser: Browser;
let page: Page;

/** A FLAC made by ffmpeg from a lavfi source, with tags. */
function flac(file: string, source: string, tags: Record<string, string>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', source],
    ...Object.entries(tags).flatMap(([key, value]) => ['-metadata', `${key}=${value}`]),
    file,
  ]);
}

beforeAll(async () => {
  const musicDir = tempDir('hearth-playback-');
  const album = { artist: 'Gain Test', album: 'Loud and Long' };
  flac(path.join(musicDir, 'Gain Test/Loud and Long/01 Loud.flac'), 'sine=f=440:d=6', {
    ...album,
    title: 'Loud',
    track: '1',
    REPLAYGAIN_TRACK_GAIN: '-6.00 dB',
    REPLAYGAIN_TRACK_PEAK: '0.5',
    REPLAYGAIN_ALBUM_GAIN: '-12.00 dB',
    REPLAYGAIN_ALBUM_PEAK: '0.5',
  });
  flac(
    path.join(musicDir, 'Gain Test/Loud and Long/02 Long.flac'),
    'anullsrc=r=8000:cl=mono:d=500',
    { ...album, title: 'Long', track: '2' },
  );
  app = await startTestApp({ settings: { musicFolders: [musicDir] }, signIn: 'admin' });
  await scanLibrary({ db: app.db, folders: [musicDir], threads: 1 });
  browser = await launchChromium();
  const context = await signedInContext(browser, app.url, app.account.cookie);
  page = await context.newPage();
  await page.goto(app.url + '/#/albums');
  await page.getByRole('link', { name: /Loud and Long/ }).click();
  await page.waitForURL(/#\/album\//);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const activeVolume = () =>
  page.evaluate(
    () => document.querySelector<HTMLAudioElement>('audio[data-active="true"]')?.volume,
  );

async function setSetting(label: string, value: string): Promise<void> {
  const back = page.url();
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel(label).selectOption(value);
  await page.goto(back);
}

/** The caller's play count of the track with this title. */
async function playCount(title: string): Promise<number> {
  const res = await app.account.fetch(`/api/search?q=${encodeURIComponent(title)}`);
  const { tracks } = (await res.json()) as { tracks: { id: string; title: string }[] };
  const id = tracks.find((track) => track.title === title)!.id;
  const marks = await app.account.fetch(`/api/annotations?kind=track&ids=${id}`);
  const body = (await marks.json()) as {
    annotations: Record<string, { playCount: number }>;
  };
  return body.annotations[id]?.playCount ?? 0;
}

describe('ReplayGain', () => {
  test('track mode plays a -6 dB track at half volume', async () => {
    await page.getByRole('button', { name: 'Play: Loud' }).click();
    await poll(async () => (await audioState(page)).time).toBeGreaterThan(0.2);
    await poll(activeVolume).toBeCloseTo(0.501, 2);
  });

  test('album mode uses the album gain (-12 dB), off plays at full volume', async () => {
    await setSetting('ReplayGain', 'album');
    await poll(activeVolume).toBeCloseTo(0.251, 2);
    await setSetting('ReplayGain', 'off');
    await poll(activeVolume).toBe(1);
    await setSetting('ReplayGain', 'track');
  });
});

describe('original file or transcode', () => {
  test('automatic plays the FLAC as it is, since Chromium plays FLAC', async () => {
    expect((await audioState(page)).src).toMatch(/\/stream$/);
  });

  test('an override to MP3 192 streams a transcode, and it plays', async () => {
    await setSetting('Quality', 'mp3_192');
    await page.getByRole('button', { name: 'Play: Loud' }).click();
    await poll(async () => (await audioState(page)).src).toMatch(/format=mp3_192$/);
    await poll(async () => (await audioState(page)).time, {
      timeout: 15_000,
    }).toBeGreaterThan(0.5);
    expect((await audioState(page)).error).toBeNull();
    await setSetting('Quality', 'auto');
  });
});

describe('Media Session and scrobbles', () => {
  test('the lock screen metadata names the track, and half of it is a play', async () => {
    await page.getByRole('button', { name: 'Play: Loud' }).click();
    await poll(() => page.evaluate(() => navigator.mediaSession.metadata?.title)).toBe(
      'Loud',
    );
    const meta = await page.evaluate(() => ({
      artist: navigator.mediaSession.metadata?.artist,
      album: navigator.mediaSession.metadata?.album,
    }));
    expect(meta).toEqual({ artist: 'Gain Test', album: 'Loud and Long' });

    const before = await playCount('Loud');
    await page.getByRole('slider', { name: 'Seek' }).fill('2');
    await page.waitForTimeout(600);
    expect(await playCount('Loud')).toBe(before);
    await page.getByRole('slider', { name: 'Seek' }).fill('3');
    await poll(() => playCount('Loud')).toBe(before + 1);
  });

  test('a long track counts at 4 minutes, before its half', async () => {
    await page.getByRole('button', { name: 'Play: Long' }).click();
    await poll(async () => (await audioState(page)).time).toBeGreaterThan(0.2);
    await page.getByRole('slider', { name: 'Seek' }).fill('236');
    await page.waitForTimeout(800);
    expect(await playCount('Long')).toBe(0);
    await page.getByRole('slider', { name: 'Seek' }).fill('240');
    await poll(() => playCount('Long')).toBe(1);
    expect((await audioState(page)).time).toBeLessThan(250);
  });
});

describe('Home after listening', () => {
  test('the album played shows in most played and recently played', async () => {
    await page.getByRole('link', { name: 'Home', exact: true }).click();
    for (const shelf of ['Most played', 'Recently played']) {
      const list = page.getByRole('list', { name: shelf });
      await poll(() => list.locator('.album-name').allInnerTexts()).toEqual([
        'Loud and Long',
      ]);
    }
  });
});
