// Gapless playback, measured in the audio itself: two consecutive tracks
// (FLAC tones made by ffmpeg, sample-exact, no padding) play through the
// engine's two <audio> elements, both routed into one AudioContext whose
// ScriptProcessor records the longest run of silent samples between the
// first sound and half a second into the second track. The media events
// (ended of one element, playing of the other) are recorded too.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type SignedInTestApp } from '../helpers/app.js';
import { tempDir } from '../helpers/paths.js';
import { scanLibrary } from '../../server/library/scanner/index.js';
import { launchChromium, signedInContext, poll } from './chromium.js';

let app: SignedInTestApp;
let browser: Browser;
let page: Page;

/** A tagged FLAC sine tone. */
function tone(file: string, hz: number, seconds: number, track: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tags = { title: `Tone ${hz}`, artist: 'Test Tones', album: 'Two Tones' };
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi'],
    ...['-i', `sine=frequency=${hz}:sample_rate=44100:duration=${seconds}`],
    ...Object.entries({ ...tags, track: String(track) }).flatMap(([k, v]) => [
      '-metadata',
      `${k}=${v}`,
    ]),
    file,
  ]);
}

beforeAll(async () => {
  const musicDir = tempDir('hearth-gapless-');
  tone(path.join(musicDir, 'Test Tones/Two Tones/01 First.flac'), 440, 3, 1);
  tone(path.join(musicDir, 'Test Tones/Two Tones/02 Second.flac'), 660, 2, 2);
  app = await startTestApp({ settings: { musicFolders: [musicDir] }, signIn: 'admin' });
  await scanLibrary({ db: app.db, folders: [musicDir], threads: 1 });
  browser = await launchChromium();
  const context = await signedInContext(browser, app.url, app.account.cookie);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Installs the recorder in the page; results land on window.gapless. */
async function installRecorder(): Promise<void> {
  await page.evaluate(() => {
    const state = {
      started: false,
      longestSilenceMs: 0,
      run: 0,
      loudMs: 0,
      sampleRate: 0,
      soundAfterSecond: 0,
      events: [] as { type: string; at: number; src: string }[],
    };
    (window as unknown as { gapless: typeof state }).gapless = state;
    const context = new AudioContext();
    state.sampleRate = context.sampleRate;
    const processor = context.createScriptProcessor(1024, 2, 2);
    for (const element of Array.from(document.querySelectorAll('audio'))) {
      context.createMediaElementSource(element).connect(processor);
      for (const type of ['ended', 'playing']) {
        element.addEventListener(type, () =>
          state.events.push({ type, at: performance.now(), src: element.currentSrc }),
        );
      }
    }
    processor.connect(context.destination);
    // Silence runs count from the first sound; a run still open when the
    // recording stops is the end of the second track, not a gap.
    let longest = 0;
    processor.onaudioprocess = (event) => {
      const data = event.inputBuffer.getChannelData(0);
      for (let i = 0; i < data.length; i += 1) {
        const loud = Math.abs(data[i]!) > 1e-3;
        if (loud) {
          state.loudMs += 1000 / context.sampleRate;
          if (state.started) longest = Math.max(longest, state.run);
          state.started = true;
          state.run = 0;
        } else if (state.started) state.run += 1;
      }
      state.longestSilenceMs = (longest / context.sampleRate) * 1000;
    };
    void context.resume();
  });
}

interface Recorded {
  longestSilenceMs: number;
  loudMs: number;
  sampleRate: number;
  events: { type: string; at: number; src: string }[];
}

test('the change from one track to the next leaves no silence over 50 ms', async () => {
  await page.goto(app.url + '/#/albums');
  await page.getByRole('link', { name: /Two Tones/ }).click();
  await page.waitForURL(/#\/album\//);
  await installRecorder();
  await page.getByRole('button', { name: 'Play: Tone 440' }).click();

  // Wait for the second track to have played half a second.
  await poll(
    () =>
      page.evaluate(() => {
        const el = document.querySelector<HTMLAudioElement>('audio[data-active="true"]');
        return el?.currentSrc.includes('stream') && !el.paused && el.duration < 2.5
          ? el.currentTime
          : 0;
      }),
    { timeout: 20_000 },
  ).toBeGreaterThan(0.5);
  const recorded = await page.evaluate(
    () => (window as unknown as { gapless: Recorded }).gapless,
  );
  const ended = recorded.events.find((e) => e.type === 'ended');
  const next = recorded.events.find(
    (e) => e.type === 'playing' && ended && e.at >= ended.at,
  );
  const eventGap = next && ended ? next.at - ended.at : Infinity;
  console.log(
    `gapless: longest silence ${recorded.longestSilenceMs.toFixed(1)} ms ` +
      `(${recorded.sampleRate} Hz, ${Math.round(recorded.loudMs)} ms of sound); ended -> playing ${eventGap.toFixed(1)} ms`,
  );
  // The recorder heard all of the first track and the start of the second.
  expect(ended).toBeDefined();
  expect(recorded.loudMs).toBeGreaterThan(3400);
  expect(recorded.longestSilenceMs).toBeLessThan(50);
});
