// Seeking in real Chromium. A first play of a transcode is a live stream
// (no Content-Length, Accept-Ranges: none) that the element cannot seek in
// past what it has buffered: the engine reloads it with timeOffset and keeps
// the offset, so the seek bar stays in track time. The original file still
// seeks by currentTime, and the next track still follows from the spare
// element. The 300 s tone changes pitch at 150 s (220 Hz, then 880 Hz), so
// the audio heard after the seek tells where it comes from.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { startTestApp, type SignedInTestApp } from '../helpers/app.js';
import { tempDir } from '../helpers/paths.js';
import { scanLibrary } from '../../server/library/scanner/index.js';
import { audioState, launchChromium, poll, signedInContext } from './chromium.js';

let app: SignedInTestApp;
let browser: Browser;
let page: Page;
let requests: string[] = [];

/** A tagged FLAC from an ffmpeg lavfi source. */
function flac(file: string, source: string, title: string, track: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tags = { title, artist: 'Seek Test', album: 'Far Away', track: String(track) };
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', source],
    ...Object.entries(tags).flatMap(([key, value]) => ['-metadata', `${key}=${value}`]),
    file,
  ]);
}

beforeAll(async () => {
  const musicDir = tempDir('hearth-seek-');
  const album = path.join(musicDir, 'Seek Test/Far Away');
  const pitch = 'if(lt(t\\,150)\\,220\\,880)';
  flac(
    path.join(album, '01 Long.flac'),
    `aevalsrc=0.5*sin(2*PI*${pitch}*t):s=44100:d=300`,
    'Long',
    1,
  );
  flac(path.join(album, '02 After.flac'), 'sine=f=660:d=3', 'After', 2);
  app = await startTestApp({ settings: { musicFolders: [musicDir] }, signIn: 'admin' });
  await scanLibrary({ db: app.db, folders: [musicDir], threads: 1 });
  browser = await launchChromium();
  const context = await signedInContext(browser, app.url, app.account.cookie);
  page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(app.url + '/#/albums');
  await page.getByRole('link', { name: /Far Away/ }).click();
  await page.waitForURL(/#\/album\//);
  await installPitchMeter();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

beforeEach(() => {
  requests = [];
});

/** Routes both elements through an analyser; window.pitch() reads its Hz. */
async function installPitchMeter(): Promise<void> {
  await page.evaluate(() => {
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 8192;
    analyser.connect(context.destination);
    for (const audio of Array.from(document.querySelectorAll('audio'))) {
      context.createMediaElementSource(audio).connect(analyser);
    }
    // Zero crossings over the analyser's window give the tone's frequency.
    const samples = new Float32Array(analyser.fftSize);
    (window as unknown as { pitch: () => number }).pitch = () => {
      analyser.getFloatTimeDomainData(samples);
      let crossings = 0;
      for (let i = 1; i < samples.length; i++) {
        if (samples[i - 1]! < 0 !== samples[i]! < 0) crossings++;
      }
      return (crossings / 2) * (context.sampleRate / samples.length);
    };
  });
}

const pitch = () =>
  page.evaluate(() => (window as unknown as { pitch: () => number }).pitch());

/** The seek slider's value: the position the listener sees, in seconds. */
const shown = () => page.getByRole('slider', { name: 'Seek' }).inputValue().then(Number);

/** The active element's track time: its currentTime plus the timeOffset asked. */
async function heard(): Promise<number> {
  const state = await audioState(page);
  const offset = Number(/timeOffset=(\d+)/.exec(state.src)?.[1] ?? 0);
  return offset + state.time;
}

async function setQuality(value: string): Promise<void> {
  const back = page.url();
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Quality').selectOption(value);
  await page.goto(back);
}

async function playLongAndSeek(to: number): Promise<number> {
  await page.getByRole('button', { name: 'Play: Long' }).click();
  await poll(async () => (await audioState(page)).time, {
    timeout: 15_000,
  }).toBeGreaterThan(0.2);
  await page.getByRole('slider', { name: 'Seek' }).fill(String(to));
  return Date.now();
}

test('the original file seeks by currentTime, with no timeOffset request', async () => {
  await playLongAndSeek(200);
  await poll(async () => (await audioState(page)).time).toBeGreaterThan(200.3);
  const state = await audioState(page);
  expect(state.src).toMatch(/\/stream$/);
  expect(state.paused).toBe(false);
  expect(requests.filter((url) => url.includes('timeOffset'))).toEqual([]);
  await poll(pitch).toBeGreaterThan(800);
});

test('a live transcode reloads from timeOffset and shows track time', async () => {
  await setQuality('mp3_192');
  requests = [];
  const seekedAt = await playLongAndSeek(200);

  // The server is asked for the transcode from 200 s, and it plays.
  await poll(() =>
    requests.filter((url) => /format=mp3_192&timeOffset=200$/.test(url)),
  ).not.toEqual([]);
  await poll(heard, { timeout: 15_000 }).toBeGreaterThan(200.1);
  const playingAfterMs = Date.now() - seekedAt;
  expect((await audioState(page)).paused).toBe(false);

  // The seek bar, the engine and the audio are all at 200 s and moving on.
  expect(await heard()).toBeGreaterThan(200);
  expect(await heard()).toBeLessThan(203);
  expect(Math.abs((await shown()) - Math.floor(await heard()))).toBeLessThanOrEqual(1);
  const before = await heard();
  await page.waitForTimeout(1500);
  expect(await heard()).toBeGreaterThan(before + 1);
  expect(await shown()).toBeGreaterThanOrEqual(201);
  expect(await page.locator('.seekline .time').last().innerText()).toBe('5:00');
  await poll(pitch).toBeGreaterThan(800);

  // The next track is still preloaded into the other element, for gapless.
  await poll(() =>
    page.evaluate(
      () => document.querySelector<HTMLAudioElement>('audio[data-active="false"]')?.src,
    ),
  ).toMatch(/stream\?format=mp3_192$/);

  // Pausing saves the queue at the track's position, not the element's.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const saved = await app.account.fetch('/api/queue');
  const { positionMs } = (await saved.json()) as { positionMs: number };
  expect(positionMs).toBeGreaterThan(201_000);
  expect(positionMs).toBeLessThan(210_000);
  console.log(`seek to 200 s of a live transcode: playing after ${playingAfterMs} ms`);
});

test('after such a seek the track ends into the preloaded next one', async () => {
  const element = () =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll('audio')).findIndex(
        (a) => a.dataset.active === 'true',
      ),
    );
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const playing = await element();
  await page.getByRole('slider', { name: 'Seek' }).fill('297');
  await poll(() => requests.some((url) => url.endsWith('timeOffset=297'))).toBe(true);

  // The other element takes over with the next track, from its start.
  await poll(element, { timeout: 15_000 }).toBe(1 - playing);
  await poll(async () => (await audioState(page)).time).toBeGreaterThan(0.3);
  const state = await audioState(page);
  expect(state.src).toMatch(/stream\?format=mp3_192$/);
  expect(state.paused).toBe(false);
  expect(await shown()).toBeLessThan(3);
});

test('a seek to the very end of a transcode plays its last second, then the next', async () => {
  // The server answers 416 to a timeOffset at the end; the engine asks for
  // the last second instead, which ends into the next track.
  const element = () =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll('audio')).findIndex(
        (a) => a.dataset.active === 'true',
      ),
    );
  await page.getByRole('button', { name: 'Play: Long' }).click();
  await poll(async () => (await audioState(page)).time, {
    timeout: 15_000,
  }).toBeGreaterThan(0.2);
  const playing = await element();
  requests = [];
  await page.getByRole('slider', { name: 'Seek' }).fill('300');
  await poll(() => requests.some((url) => url.endsWith('timeOffset=299'))).toBe(true);
  expect(requests.filter((url) => url.endsWith('timeOffset=300'))).toEqual([]);
  await poll(element, { timeout: 15_000 }).toBe(1 - playing);
  expect((await audioState(page)).src).toMatch(/stream\?format=mp3_192$/);
  await setQuality('auto');
});
