// How the player looks and reads, in real Chromium: axe-core finds no
// serious or critical violation on the main pages (light and dark), the
// phone layout holds at 360 px without sideways scrolling, the theme follows
// the OS, French replaces English, the app installs (manifest and service
// worker), and screenshots of desktop and phone views go to docs/screenshots/.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../helpers/paths.js';
import { albumNamed, type LibraryApp } from '../http/library-app.js';
import { launchChromium, screenshot, signedInContext, poll } from './chromium.js';
import { startPlayerLibrary } from './library.js';

const axeSource = fs.readFileSync(
  path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'),
  'utf8',
);

let app: LibraryApp;
let browser: Browser;
let albumHash: string;
let artistHash: string;

beforeAll(async () => {
  app = await startPlayerLibrary();
  browser = await launchChromium();
  const album = await albumNamed(app, 'Northern Lights');
  albumHash = `#/album/${encodeURIComponent(album.id)}`;
  const res = await app.account.fetch('/api/artists?limit=50');
  const artists = ((await res.json()) as { items: { id: string; name: string }[] }).items;
  artistHash = `#/artist/${encodeURIComponent(artists.find((a) => a.name === 'Aurora Lane')!.id)}`;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<Violation[]> {
  // Evaluated through the DevTools protocol, so the page's CSP allows it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (...a: unknown[]) => Promise<unknown> } }
    ).axe;
    const result = (await axe.run(document, { resultTypes: ['violations'] })) as {
      violations: Violation[];
    };
    return result.violations;
  });
  const serious = violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  // Rule, help and the first elements, readable in a failure message.
  return serious.map((v) => ({
    ...v,
    nodes: v.nodes.slice(0, 3).map((node) => ({ target: node.target })),
  }));
}

const mainPages: [string, string, string][] = [
  ['home', '#/', 'Recently added'],
  ['albums', '#/albums', 'Albums'],
  ['artists', '#/artists', 'Artists'],
  ['genres', '#/genres', 'Genres'],
  ['folders', '#/folders', 'Folders'],
  ['tracks', '#/tracks', 'Tracks'],
  ['search', '#/search?q=aurora', 'Albums'],
  ['playlists', '#/playlists', 'Playlists'],
  ['settings', '#/settings', 'Settings'],
];

async function open(page: Page, hash: string, ready: string): Promise<void> {
  await page.goto(`${app.url}/${hash}`);
  await page.locator('main').getByText(ready, { exact: true }).first().waitFor();
}

describe('accessibility (axe-core)', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await signedInContext(browser, app.url, app.account.cookie);
    page = await context.newPage();
  });
  afterAll(() => context.close());

  test('the login page', async () => {
    const anonymous = await browser.newContext();
    const login = await anonymous.newPage();
    await login.goto(app.url + '/');
    await login.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await seriousViolations(login)).toEqual([]);
    await anonymous.close();
  });

  test.each(mainPages)('%s', async (_name, hash, ready) => {
    await open(page, hash, ready);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('album and artist pages, the queue, lyrics and shortcut help', async () => {
    await open(page, artistHash, 'Aurora Lane');
    expect(await seriousViolations(page)).toEqual([]);
    await open(page, albumHash, 'Northern Lights');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Play: Dawn' }).click();
    await page.getByRole('button', { name: 'Queue', exact: true }).click();
    await page.getByRole('list', { name: 'Queue' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Lyrics' }).click();
    await page.getByRole('list', { name: 'Lyrics' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('?');
    await page.getByRole('dialog').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the dark theme', async () => {
    const dark = await signedInContext(browser, app.url, app.account.cookie);
    const darkPage = await dark.newPage();
    await darkPage.emulateMedia({ colorScheme: 'dark' });
    await open(darkPage, albumHash, 'Northern Lights');
    expect(await seriousViolations(darkPage)).toEqual([]);
    await dark.close();
  });
});

describe('layout and themes', () => {
  test('desktop views, light and dark', async () => {
    const context = await signedInContext(browser, app.url, app.account.cookie);
    const page = await context.newPage();
    await open(page, '#/', 'Recently added');
    await screenshot(page, 'desktop-home');
    await open(page, albumHash, 'Northern Lights');
    await page.getByRole('button', { name: 'Play: Dawn' }).click();
    await page.getByRole('button', { name: 'Queue', exact: true }).click();
    await page.getByRole('list', { name: 'Queue' }).waitFor();
    await screenshot(page, 'desktop-album-queue');

    // The theme follows the OS: the page background changes with it.
    const background = () =>
      page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).not.toBe(light);
    await page.getByRole('button', { name: 'Lyrics' }).click();
    await page.getByRole('list', { name: 'Lyrics' }).waitFor();
    await screenshot(page, 'desktop-album-lyrics-dark');
    await context.close();
  });

  test('a 360 px phone: no sideways scrolling, player bar in view', async () => {
    const context = await signedInContext(browser, app.url, app.account.cookie, {
      width: 360,
      height: 740,
    });
    const page = await context.newPage();
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    for (const [name, hash, ready] of mainPages) {
      await open(page, hash, ready);
      expect(await overflow(), name).toBeLessThanOrEqual(0);
    }
    await open(page, '#/', 'Recently added');
    await screenshot(page, 'phone-home');
    await open(page, albumHash, 'Northern Lights');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Play: Dawn' }).click();
    const bar = await page.getByRole('region', { name: 'Player' }).boundingBox();
    expect(bar!.y + bar!.height).toBeLessThanOrEqual(740);
    expect(bar!.width).toBeLessThanOrEqual(360);
    await screenshot(page, 'phone-album');
    await page.getByRole('button', { name: 'Queue', exact: true }).click();
    await page.getByRole('list', { name: 'Queue' }).waitFor();
    await screenshot(page, 'phone-queue');
    await context.close();
  });
});

describe('language and installation', () => {
  test('French replaces English, and the choice stays', async () => {
    const context = await signedInContext(browser, app.url, app.account.cookie);
    const page = await context.newPage();
    await open(page, '#/settings', 'Settings');
    await page.getByLabel('Language').selectOption('fr');
    const nav = page.getByRole('navigation', { name: 'Principal' });
    await poll(() => nav.innerText()).toMatch(/Accueil/);
    await page.reload();
    await poll(() => page.getByRole('link', { name: 'Artistes' }).count()).toBe(1);
    await context.close();
  });

  test('the manifest and the service worker make it installable', async () => {
    const context = await signedInContext(browser, app.url, app.account.cookie);
    const page = await context.newPage();
    await open(page, '#/', 'Recently added');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = (await (await page.request.get(app.url + href)).json()) as {
      name: string;
      start_url: string;
      display: string;
      icons: unknown[];
    };
    expect(manifest).toMatchObject({
      name: 'Hearth',
      start_url: '/',
      display: 'standalone',
    });
    expect(manifest.icons.length).toBeGreaterThan(0);
    const active = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active?.scriptURL ?? null;
    });
    expect(active).toBe(`${app.url}/sw.js`);
    await context.close();
  });
});
