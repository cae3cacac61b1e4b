// Shared pieces of the browser tests: Debian's Chromium through
// playwright-core with the flags of design.md §7, a context signed in with
// an account's session cookie, the state of the playing <audio> element, and
// the pages built if a lone run finds none.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { repoRoot } from '../helpers/paths.js';

export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Playback starts from code in the tests, without a real user gesture.
  '--autoplay-policy=no-user-gesture-required',
];

/** Builds the pages when dist/renderer is missing (npm test builds first). */
export function ensurePagesBuilt(): void {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html'))) {
    execFileSync('npm', ['run', 'build:renderer'], { cwd: repoRoot, stdio: 'pipe' });
  }
}

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  ensurePagesBuilt();
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...chromiumFlags, ...extraArgs],
  });
}

/** A new context carrying a session cookie (`hearth_session=...`). */
export async function signedInContext(
  browser: Browser,
  url: string,
  cookie: string,
  viewport = { width: 1280, height: 800 },
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  const at = cookie.indexOf('=');
  await context.addCookies([
    { name: cookie.slice(0, at), value: cookie.slice(at + 1), url },
  ]);
  return context;
}

/** The playing element's state: the engine marks it data-active="true". */
export function audioState(page: Page) {
  return page.evaluate(() => {
    const audio = document.querySelector<HTMLAudioElement>('audio[data-active="true"]');
    return {
      time: audio?.currentTime ?? -1,
      paused: audio?.paused ?? true,
      src: audio?.currentSrc ?? '',
      error: audio?.error?.code ?? null,
    };
  });
}

/** Saves a screenshot into docs/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.join(repoRoot, 'docs', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  // Covers load after the page has its text: wait (a little) for the ones in
  // view, so the picture shows them rather than empty tiles.
  await page
    .waitForFunction(
      () =>
        Array.from(document.images).every((img) => {
          const box = img.getBoundingClientRect();
          const inView = box.bottom > 0 && box.top < innerHeight && box.width > 0;
          return !inView || img.complete;
        }),
      null,
      { timeout: 5000 },
    )
    .catch(() => undefined);
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/**
 * expect.poll with a 10 s timeout instead of 1 s: the machine is shared, and
 * a page under load may take a few seconds to answer.
 */
export function poll<T>(
  check: () => T | Promise<T>,
  options: { timeout?: number; message?: string } = {},
) {
  return expect.poll(check, { timeout: 10_000, ...options });
}
