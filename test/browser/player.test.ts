// The first player page in real Chromium (Debian's, through playwright-core),
// served by the app from the built dist/renderer over a real scanned library:
// open /, open an album, play a track, watch currentTime advance, then seek.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot, tempDir } from '../helpers/paths.js';
import { startLibraryApp, type LibraryApp } from '../http/library-app.js';

/** Launch flags from design.md §7. */
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let app: LibraryApp;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  // npm test builds first; a lone run of this file builds the pages if missing.
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html'))) {
    execFileSync('npm', ['run', 'build:renderer'], { cwd: repoRoot, stdio: 'pipe' });
  }
  app = await startLibraryApp();
  browser = await chromium.launchPersistentContext(tempDir('hearth-chromium-'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumFlags,
  });
  // Signed in over HTTP as the library app's admin: the session cookie goes
  // into the browser, as the login page would leave it.
  const cookie = app.account.cookie;
  const at = cookie.indexOf('=');
  await browser.addCookies([
    { name: cookie.slice(0, at), value: cookie.slice(at + 1), url: app.url },
  ]);
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** The audio element's state, read in the page. */
function audioState() {
  return page.evaluate(() => {
    const audio = document.querySelector('audio');
    return {
      time: audio?.currentTime ?? -1,
      paused: audio?.paused ?? true,
      src: audio?.currentSrc ?? '',
      error: audio?.error?.code ?? null,
    };
  });
}

describe('the player page in Chromium', () => {
  test('/ shows the album grid with covers', async () => {
    await page.goto(app.url + '/');
    const grid = page.getByRole('list', { name: 'Albums' });
    await expect.poll(() => grid.getByRole('link').count()).toBeGreaterThan(3);
    const card = grid.getByRole('link', { name: /Northern Lights/ });
    await expect.poll(() => card.count()).toBe(1);
    // Its cover image, from the album's folder image, has loaded.
    const cover = card.locator('img.cover');
    await expect
      .poll(() => cover.evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0);
  });

  test('opening an album lists its tracks in order', async () => {
    await page.getByRole('link', { name: /Northern Lights/ }).click();
    await page.waitForURL(/#\/album\//);
    const tracks = page.getByRole('list', { name: 'Tracks' }).getByRole('button');
    await expect.poll(() => tracks.allInnerTexts()).toHaveLength(3);
    const titles = await tracks.allInnerTexts();
    expect(
      titles.map((text) => text.split('\n').find((part) => /[A-Z]/.test(part))),
    ).toEqual(['Dawn', 'Morning', 'Dusk']);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Northern Lights',
    );
  });

  test('playing a track advances currentTime', async () => {
    await page.getByRole('button', { name: /Dawn/ }).click();
    await expect
      .poll(async () => (await audioState()).time, { timeout: 15_000 })
      .toBeGreaterThan(0.5);
    const state = await audioState();
    expect(state.paused).toBe(false);
    expect(state.error).toBeNull();
    expect(state.src).toMatch(/\/api\/tracks\/[\w-]+\/stream$/);
  });

  test('seeking with the slider moves playback there, and it keeps going', async () => {
    const slider = page.getByRole('slider', { name: 'Seek' });
    await slider.fill('5');
    await expect
      .poll(async () => (await audioState()).time, { timeout: 10_000 })
      .toBeGreaterThan(5.2);
    expect((await audioState()).time).toBeLessThan(8.01);
  });
});
