// The player in real Chromium over a real scanned library: signing in through
// the login page, every browse view, search as you type, playback (time
// advances, seek, synced lyrics), the queue operations and the shortcuts.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LibraryApp } from '../http/library-app.js';
import { audioState, launchChromium, poll } from './chromium.js';
import { startPlayerLibrary } from './library.js';

let app: LibraryApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  app = await startPlayerLibrary();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** The titles of the rows of the list with this name, in order. */
async function rowTitles(name: string): Promise<string[]> {
  const list = page.getByRole('list', { name, exact: true });
  return list.locator('.track .title').allInnerTexts();
}

/** The album names in the server's order for a sort. */
async function apiAlbumNames(sort: string): Promise<string[]> {
  const res = await app.account.fetch(`/api/albums?sort=${sort}&limit=500`);
  const body = (await res.json()) as { items: { name: string }[] };
  return body.items.map((album) => album.name);
}

describe('signing in', () => {
  test('a wrong password is refused, the right one opens Home', async () => {
    await page.goto(app.url + '/');
    await page.getByLabel('Username').fill(app.account.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => page.getByRole('alert').innerText()).toMatch(/Wrong/);

    await page.getByLabel('Password').fill(app.account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Home');
  });
});

describe('browsing', () => {
  test('Home shows the recently added and random shelves', async () => {
    const recent = page.getByRole('list', { name: 'Recently added' });
    await poll(() => recent.getByRole('link').count()).toBeGreaterThan(3);
    const random = page.getByRole('list', { name: 'Random' });
    await poll(() => random.getByRole('link').count()).toBeGreaterThan(3);
  });

  test('the album grid sorts by name and by year', async () => {
    await page.getByRole('link', { name: 'Albums', exact: true }).click();
    const grid = page.getByRole('list', { name: 'Albums' });
    await poll(() => grid.getByRole('link').count()).toBeGreaterThan(3);
    const names = () => grid.locator('.album-name').allInnerTexts();
    await poll(names).toEqual(await apiAlbumNames('name'));

    await page.getByLabel('Sort by').selectOption('year');
    await page.waitForURL(/sort=year/);
    const byYear = await apiAlbumNames('year');
    expect(byYear).not.toEqual(await apiAlbumNames('name'));
    await poll(names).toEqual(byYear);
    const cover = grid
      .getByRole('link', { name: /Northern Lights/ })
      .locator('img.cover');
    await poll(() =>
      cover.evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBeGreaterThan(0);
  });

  test('artists lead to an artist page with their albums', async () => {
    await page.getByRole('link', { name: 'Artists', exact: true }).click();
    await page.getByRole('link', { name: /Aurora Lane/ }).click();
    await page.waitForURL(/#\/artist\//);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Aurora Lane');
    const albums = page.getByRole('list', { name: 'Albums' });
    await poll(() => albums.locator('.album-name').allInnerTexts()).toContain(
      'Northern Lights',
    );
  });

  test('a genre opens the albums of that genre', async () => {
    await page.getByRole('link', { name: 'Genres', exact: true }).click();
    await page.getByRole('link', { name: /^Jazz/ }).click();
    await page.waitForURL(/genre=/);
    const grid = page.getByRole('list', { name: 'Albums' });
    await poll(() => grid.locator('.album-name').allInnerTexts()).toEqual(['Éclair']);
  });

  test('the folder tree goes down to the files and back up', async () => {
    await page.getByRole('link', { name: 'Folders', exact: true }).click();
    await page.getByRole('list', { name: 'Folders' }).getByRole('link').first().click();
    await page.getByRole('link', { name: /Aurora Lane/ }).click();
    await page.getByRole('link', { name: /Northern Lights/ }).click();
    await page.getByRole('link', { name: /CD1/ }).click();
    await poll(() => rowTitles('Tracks')).toEqual(['Dawn', 'Morning']);
    await page
      .getByRole('navigation', { name: 'Folders' })
      .getByText('Aurora Lane')
      .click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Aurora Lane');
  });

  test('the track list holds every track', async () => {
    await page.getByRole('link', { name: 'Tracks', exact: true }).click();
    await poll(() => rowTitles('Tracks')).toContain('Café Crème');
    expect((await rowTitles('Tracks')).length).toBeGreaterThan(6);
  });
});

describe('search as you type', () => {
  test('each keystroke narrows the results, accents ignored', async () => {
    const box = page.getByRole('searchbox', { name: 'Search' });
    await box.pressSequentially('cafe', { delay: 30 });
    await page.waitForURL(/#\/search\?q=cafe/);
    await poll(() => rowTitles('Tracks')).toEqual(['Café Crème']);
    await box.fill('aurora');
    await poll(() => page.getByRole('list', { name: 'Artists' }).innerText()).toMatch(
      /Aurora Lane/,
    );
    const albums = page.getByRole('list', { name: 'Albums' });
    expect(await albums.locator('.album-name').allInnerTexts()).toContain(
      'Northern Lights',
    );
  });
});

describe('playback', () => {
  test('an album lists its tracks in disc order, and one plays', async () => {
    await page.goto(app.url + '/#/albums');
    await page.getByRole('link', { name: /Northern Lights/ }).click();
    await page.waitForURL(/#\/album\//);
    await poll(() => rowTitles('Tracks')).toEqual(['Dawn', 'Morning', 'Dusk']);
    await page.getByRole('button', { name: 'Play: Dawn' }).click();
    await poll(async () => (await audioState(page)).time, {
      timeout: 15_000,
    }).toBeGreaterThan(0.5);
    const state = await audioState(page);
    expect(state.paused).toBe(false);
    expect(state.error).toBeNull();
    expect(state.src).toMatch(/\/api\/tracks\/[\w-]+\/stream$/);
  });

  test('the seek bar moves playback there, and it keeps going', async () => {
    await page.getByRole('slider', { name: 'Seek' }).fill('4');
    await poll(async () => (await audioState(page)).time, {
      timeout: 10_000,
    }).toBeGreaterThan(4.2);
    expect((await audioState(page)).time).toBeLessThan(7);
  });

  test('the synced lyrics highlight the line being sung', async () => {
    await page.getByRole('button', { name: 'Lyrics' }).click();
    const lyrics = page.getByRole('list', { name: 'Lyrics' });
    await poll(() => lyrics.locator('li').count()).toBe(4);
    await page.getByRole('slider', { name: 'Seek' }).fill('2');
    await poll(() => lyrics.locator('li[aria-current="true"]').innerText()).toBe(
      'The hills wake slowly',
    );
    await page.getByRole('slider', { name: 'Seek' }).fill('4');
    await poll(() => lyrics.locator('li[aria-current="true"]').innerText()).toBe(
      'Morning is coming',
    );
  });

  test('shortcuts: Space pauses, ? opens the help, N/P and the arrows', async () => {
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press(' ');
    await poll(async () => (await audioState(page)).paused).toBe(true);
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await poll(() => help.innerText()).toMatch(/Play or pause/);
    await page.keyboard.press('Escape');
    await poll(() => help.count()).toBe(0);

    // N and P move through the queue; the arrows change the volume.
    const now = page.locator('.player .now .title');
    await page.keyboard.press('n');
    await poll(() => now.innerText()).toBe('Morning');
    await page.keyboard.press('p');
    await poll(() => now.innerText()).toBe('Dawn');
    const volume = page.getByRole('slider', { name: 'Volume' });
    await page.keyboard.press('ArrowDown');
    await poll(() => volume.inputValue()).toBe('0.95');
    await page.keyboard.press('ArrowUp');
    await poll(() => volume.inputValue()).toBe('1');
  });
});

describe('the queue', () => {
  const queueTitles = () => rowTitles('Queue');

  test('play next, add, reorder by dragging, remove, clear', async () => {
    await page.getByRole('button', { name: 'Queue', exact: true }).click();
    await poll(queueTitles).toEqual(['Dawn', 'Morning', 'Dusk']);

    // Café Crème goes right after the current track; Sunburst to the end.
    await page.getByRole('searchbox', { name: 'Search' }).fill('cafe');
    await page.getByRole('button', { name: 'Play next: Café Crème' }).click();
    await page.getByRole('searchbox', { name: 'Search' }).fill('sunburst');
    await page.getByRole('button', { name: 'Add to queue: Sunburst' }).click();
    await poll(queueTitles).toEqual([
      'Dawn',
      'Café Crème',
      'Morning',
      'Dusk',
      'Sunburst',
    ]);

    // Drag Sunburst onto Morning, then move it back down with the arrow.
    const queue = page.getByRole('list', { name: 'Queue' });
    await queue
      .locator('.track-row', { hasText: 'Sunburst' })
      .dragTo(queue.locator('.track-row', { hasText: 'Morning' }));
    await poll(queueTitles).toEqual([
      'Dawn',
      'Café Crème',
      'Sunburst',
      'Morning',
      'Dusk',
    ]);
    await page.getByRole('button', { name: 'Move down: Sunburst' }).click();
    await poll(queueTitles).toEqual([
      'Dawn',
      'Café Crème',
      'Morning',
      'Sunburst',
      'Dusk',
    ]);

    await page.getByRole('button', { name: 'Remove: Café Crème' }).click();
    await poll(queueTitles).toEqual(['Dawn', 'Morning', 'Sunburst', 'Dusk']);
  });

  test('next, previous, shuffle and repeat', async () => {
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    const now = page.locator('.player .now .title');
    await poll(() => now.innerText()).toBe('Morning');
    await page.getByRole('button', { name: 'Previous', exact: true }).click();
    await poll(() => now.innerText()).toBe('Dawn');

    const shuffle = page.getByRole('button', { name: 'Shuffle' });
    await shuffle.click();
    expect(await shuffle.getAttribute('aria-pressed')).toBe('true');
    await shuffle.click();
    await page.getByRole('button', { name: 'Repeat off' }).click();
    await page.getByRole('button', { name: 'Repeat all' }).click();
    expect(await page.getByRole('button', { name: 'Repeat one' }).count()).toBe(1);
  });

  test('clear empties it', async () => {
    await page.getByRole('button', { name: 'Clear' }).click();
    await poll(() => page.getByRole('complementary').innerText()).toMatch(
      /The queue is empty/,
    );
  });
});
