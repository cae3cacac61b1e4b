// What a listener keeps on the server, driven through the player in real
// Chromium: stars and ratings, a playlist's whole life (create, add, reorder,
// remove, rename, M3U export, delete, M3U import), and the queue resumed from
// a second browser context of the same user.
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signIn } from '../helpers/auth.js';
import { albumNamed, type LibraryApp } from '../http/library-app.js';
import { audioState, launchChromium, signedInContext, poll } from './chromium.js';
import { startPlayerLibrary } from './library.js';

let app: LibraryApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let albumUrl: string;

beforeAll(async () => {
  app = await startPlayerLibrary();
  browser = await launchChromium();
  context = await signedInContext(browser, app.url, app.account.cookie);
  page = await context.newPage();
  const album = await albumNamed(app, 'Northern Lights');
  albumUrl = `${app.url}/#/album/${encodeURIComponent(album.id)}`;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function apiJson<T>(path: string): Promise<T> {
  return (await (await app.account.fetch(path)).json()) as T;
}

const rowTitles = (p: Page, name: string) =>
  p.getByRole('list', { name, exact: true }).locator('.track .title').allInnerTexts();

describe('stars and ratings', () => {
  test('starring and rating a track and an album reach the server and stay', async () => {
    await page.goto(albumUrl);
    await page.getByRole('button', { name: 'Star: Dawn' }).click();
    await page.getByRole('group', { name: 'Rating: Dawn' }).getByLabel('Rate 4').click();
    await page.getByRole('button', { name: 'Star: Northern Lights' }).click();
    await page
      .getByRole('group', { name: 'Rating: Northern Lights' })
      .getByLabel('Rate 2')
      .click();

    // The server has them.
    const album = await albumNamed(app, 'Northern Lights');
    const detail = await apiJson<{ tracks: { id: string; title: string }[] }>(
      `/api/albums/${album.id}`,
    );
    const dawn = detail.tracks.find((track) => track.title === 'Dawn')!;
    type Marks = { annotations: Record<string, { starredAt: number; rating: number }> };
    await poll(
      async () =>
        (await apiJson<Marks>(`/api/annotations?kind=track&ids=${dawn.id}`)).annotations[
          dawn.id
        ]?.rating,
    ).toBe(4);
    const albumMarks = await apiJson<Marks>(
      `/api/annotations?kind=album&ids=${album.id}`,
    );
    expect(albumMarks.annotations[album.id]).toMatchObject({ rating: 2 });
    expect(albumMarks.annotations[album.id]!.starredAt).toBeGreaterThan(0);

    // A fresh page shows them, and the Starred view lists the track.
    await page.reload();
    const star = page.getByRole('button', { name: 'Star: Dawn' });
    await poll(() => star.getAttribute('aria-pressed')).toBe('true');
    const fourth = page.getByRole('group', { name: 'Rating: Dawn' }).getByLabel('Rate 4');
    expect(await fourth.getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('link', { name: 'Starred', exact: true }).click();
    await poll(() => rowTitles(page, 'Tracks')).toEqual(['Dawn']);

    // Unstarring clears it again.
    await page.getByRole('button', { name: 'Star: Dawn' }).click();
    await poll(
      async () =>
        (await apiJson<Marks>(`/api/annotations?kind=track&ids=${dawn.id}`)).annotations[
          dawn.id
        ]?.starredAt ?? null,
    ).toBeNull();
  });
});

describe('a playlist round trip', () => {
  let m3u = '';

  test('create, add tracks, reorder, remove, rename', async () => {
    await page.goto(app.url + '/#/playlists');
    await page.getByLabel('New playlist').fill('Road trip');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/#\/playlist\/\d+/);

    await page.goto(albumUrl);
    for (const title of ['Dawn', 'Morning', 'Dusk']) {
      await page
        .getByLabel(`Add to playlist: ${title}`)
        .selectOption({ label: 'Road trip' });
    }
    await page.getByRole('link', { name: 'Playlists', exact: true }).click();
    await page.getByRole('link', { name: /Road trip/ }).click();
    await poll(() => rowTitles(page, 'Tracks')).toEqual(['Dawn', 'Morning', 'Dusk']);

    await page.getByRole('button', { name: 'Move up: Dusk' }).click();
    await poll(() => rowTitles(page, 'Tracks')).toEqual(['Dawn', 'Dusk', 'Morning']);
    await page.getByRole('button', { name: 'Remove: Morning' }).click();
    await poll(() => rowTitles(page, 'Tracks')).toEqual(['Dawn', 'Dusk']);

    await page.getByRole('textbox', { name: 'Rename' }).fill('Night drive');
    await page.getByRole('button', { name: 'Rename' }).click();
    await poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Night drive',
    );
  });

  test('export as M3U, delete, and import the file back', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export M3U' }).click();
    m3u = fs.readFileSync((await (await download).path())!, 'utf8');
    expect(m3u).toMatch(/^#EXTM3U/);
    expect(m3u).toMatch(/#PLAYLIST:Night drive/);
    const dawnAt = m3u.indexOf('CD1/01 Dawn.flac');
    const duskAt = m3u.indexOf('CD2/01 Dusk.flac');
    expect(dawnAt).toBeGreaterThan(0);
    expect(duskAt).toBeGreaterThan(dawnAt);

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/#\/playlists$/);
    const lists = page.getByRole('list', { name: 'Playlists' });
    await poll(() => lists.innerText()).not.toMatch(/Night drive/);

    // The file comes back in, with one entry the library does not have.
    await page.getByLabel('Import M3U').setInputFiles({
      name: 'night.m3u',
      mimeType: 'audio/x-mpegurl',
      buffer: Buffer.from(m3u + 'Nobody/Nothing/01 Missing.flac\n'),
    });
    await poll(() => page.getByRole('alert').innerText()).toMatch(/01 Missing\.flac/);
    await lists.getByRole('link', { name: /Night drive/ }).click();
    await poll(() => rowTitles(page, 'Tracks')).toEqual(['Dawn', 'Dusk']);
  });
});

describe('resuming the queue on another device', () => {
  test('a second context of the same user gets the queue and the position', async () => {
    await page.goto(albumUrl);
    await page.getByRole('button', { name: 'Play: Morning' }).click();
    await poll(async () => (await audioState(page)).time, {
      timeout: 15_000,
    }).toBeGreaterThan(0.3);
    await page.getByRole('slider', { name: 'Seek' }).fill('3');
    await poll(async () => (await audioState(page)).time).toBeGreaterThan(3);
    // Pausing saves the queue and the position at once.
    await page.getByRole('button', { name: 'Pause' }).click();
    await poll(async () => (await audioState(page)).paused).toBe(true);
    const pausedAt = (await audioState(page)).time;
    await poll(
      async () => (await apiJson<{ positionMs: number }>('/api/queue')).positionMs,
    ).toBeGreaterThan(2900);

    // The other device: its own session, a fresh context.
    const other = await signIn(app, app.account);
    const second = await signedInContext(browser, app.url, other.cookie);
    const phone = await second.newPage();
    await phone.goto(app.url + '/');
    await phone.getByRole('button', { name: 'Queue', exact: true }).click();
    await poll(() => rowTitles(phone, 'Queue')).toEqual(['Dawn', 'Morning', 'Dusk']);
    expect(await phone.locator('.player .now .title').innerText()).toBe('Morning');
    const seekValue = () => phone.getByRole('slider', { name: 'Seek' }).inputValue();
    expect(Math.abs(Number(await seekValue()) - pausedAt)).toBeLessThanOrEqual(1);

    // Play goes on from there, not from the start.
    await phone.getByRole('button', { name: 'Play', exact: true }).click();
    await poll(async () => (await audioState(phone)).time, {
      timeout: 15_000,
    }).toBeGreaterThan(pausedAt + 0.3);
    expect((await audioState(phone)).time).toBeLessThan(pausedAt + 3);
    await second.close();
  });
});
