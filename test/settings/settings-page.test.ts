// The settings page in real Chromium, served by a real supervisor with real
// worker processes: sign in, apply a new worker count and watch the worker
// pids change, type invalid limits and see them refused, move the slider and
// read the capacity model's table off the gauge, and apply during streams
// that keep flowing, byte for byte. Screenshots go to docs/screenshots/.
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiKey } from '../../server/auth/credentials.js';
import { projectCapacity, type Resource } from '../../server/capacity/model.js';
import { dbFile, openDb, type Db } from '../../server/db/index.js';
import { settingsSchema } from '../../server/settings/schema.js';
import { capacityTable, MiB } from '../capacity/table.js';
import { createAccount, signIn, type Account } from '../helpers/auth.js';
import { tempDir } from '../helpers/paths.js';
import { makeTone, scan } from '../library/helpers.js';
import {
  httpPids,
  processExists,
  sleep,
  startCluster,
  until,
  type Cluster,
} from '../supervisor/harness.js';
import {
  ensurePagesBuilt,
  launchChromium,
  screenshotDir,
  startPlay,
  startTestStream,
} from './page-harness.js';

let cluster: Cluster;
let db: Db;
let admin: Account;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  ensurePagesBuilt();
  // Two ten-minute tracks, for real plays that the live gauge counts.
  const music = tempDir('hearth-music-');
  for (const [i, hz] of [220, 330].entries()) {
    await makeTone(path.join(music, 'Tones', `0${i + 1} Tone ${hz}.flac`), {
      seconds: 600,
      hz,
      tags: {
        title: `Tone ${hz}`,
        artist: 'Test Tones',
        album: 'Tones',
        track: `${i + 1}`,
      },
    });
  }
  cluster = await startCluster({
    settings: { workers: 2, limitTimeCpu: 60, limitTimeReal: 120, musicFolders: [music] },
    // As started by `npm start -- --music DIR`.
    flags: { musicFolders: '--music' },
  });
  db = openDb(dbFile(cluster.dataDir));
  await scan(db, [music]);
  admin = await createAccount({ db }, 'admin');
  browser = await launchChromium();
  page = await browser.newPage();
  fs.mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  db?.close();
  await cluster?.stop();
});

const slider = () => page.locator('#field-workers');
const applyButton = () => page.getByRole('button', { name: 'Apply' });
const status = () => page.getByTestId('apply-status');
const sortedPids = () => [...httpPids(cluster.supervisor)].sort();

/** Opens /settings and waits for the form (the session cookie is kept). */
async function openSettings(): Promise<void> {
  await page.goto(`${cluster.url}/settings`);
  await page.getByRole('form', { name: 'Settings' }).waitFor();
  await page.getByTestId('projected-listeners').waitFor();
}

/** The gauge's projection as the page shows it. */
async function shownProjection() {
  const value = (id: string) => page.getByTestId(id).getAttribute('data-value');
  const limit = async (r: Resource) => Number(await value(`limit-${r}`));
  return {
    listeners: Number(await value('projected-listeners')),
    limitedBy: await value('limited-by'),
    projectedRamMiB: Number(await value('projected-ram')) / MiB,
    limits: {
      workers: await limit('workers'),
      cpu: await limit('cpu'),
      ram: await limit('ram'),
    },
  };
}

/** Sets the slider, applies, and waits for the page to report `expected`. */
async function applyWorkers(count: number, expected: string): Promise<void> {
  await slider().fill(String(count));
  await applyButton().click();
  await expect
    .poll(async () => (await status().count()) && (await status().innerText()))
    .toContain(expected);
  expect(await status().getAttribute('data-kind')).toBe('ok');
}

describe('the settings page in Chromium', () => {
  test('a browser without an admin session gets the sign-in step first', async () => {
    await page.goto(`${cluster.url}/settings`);
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.waitFor();
    await page.screenshot({ path: path.join(screenshotDir, 'settings-sign-in.png') });

    // The page has the player's icon (no request for a missing /favicon.ico).
    const icon = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel=icon]');
      const res = link ? await fetch(link.href) : null;
      return {
        href: link?.getAttribute('href'),
        status: res?.status,
        type: res?.headers.get('content-type'),
      };
    });
    expect(icon).toEqual({ href: '/icon.svg', status: 200, type: 'image/svg+xml' });

    // A wrong password is refused on the page; the right one opens the form.
    // Its words are the player's: "Username".
    await page.getByLabel('Username', { exact: true }).fill(admin.username);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('form', { name: 'Settings' }).waitFor();

    // Each field carries the schema's help text.
    for (const name of [
      'limitTimeCpu',
      'limitMemorySoft',
      'workers',
      'scanIntervalHours',
      'watchMusicFolders',
      'artworkPrewarm',
      'lastfmBaseUrl',
      'externalInfoTtlHours',
    ]) {
      const help = settingsSchema.shape[name as 'workers'].description;
      expect(await page.locator(`#field-${name}-help`).innerText()).toBe(help);
    }
    expect(await slider().inputValue()).toBe('2');
    expect(await slider().getAttribute('min')).toBe('1');
    expect(await page.locator('#field-lastfmApiSecret').getAttribute('type')).toBe(
      'password',
    );

    // A setting this start took from a flag says so under its field.
    expect(await page.getByTestId('flag-musicFolders').innerText()).toBe(
      'Set by --music at this start: a change here is saved, but a start with --music sets it again.',
    );
    expect(await page.getByTestId('flag-workers').count()).toBe(0);
  });

  test('moving the slider projects the capacity model table, before Apply', async () => {
    // The server's machine facts are replaced by each table row's machine;
    // rows whose worker count the slider reaches (1 to 2x threads) are used.
    let row = capacityTable[0]!;
    await page.route('**/api/admin/capacity', (route) =>
      route.fulfill({
        json: {
          machine: { threads: row.threads, memoryBytes: row.memory },
          workers: 2,
          measured: row.measured ?? {},
        },
      }),
    );
    const rows = capacityTable.filter(
      (r) => r.workers >= 1 && r.workers <= 2 * r.threads,
    );
    expect(rows.length).toBeGreaterThanOrEqual(6);
    const pidsBefore = sortedPids();
    for (const next of rows) {
      row = next;
      await openSettings();
      expect(await slider().getAttribute('max')).toBe(String(2 * row.threads));
      await slider().fill(String(row.workers));
      await expect
        .poll(() => page.getByTestId('projected-listeners').getAttribute('data-value'))
        .toBe(String(row.listeners));
      const shown = await shownProjection();
      expect(shown.limitedBy, row.name).toBe(row.limitedBy);
      expect(shown.projectedRamMiB, row.name).toBeCloseTo(row.projectedRamMiB, 6);
      for (const r of ['workers', 'cpu', 'ram'] as const) {
        expect(shown.limits[r], `${row.name}: ${r}`).toBeCloseTo(row.limits[r], 6);
      }
      expect(await page.locator('h2', { hasText: 'Capacity with' }).innerText()).toBe(
        `Capacity with ${row.workers} workers`,
      );
    }
    await page.unroute('**/api/admin/capacity');

    // Nothing was applied: the server still runs the same two workers.
    expect(sortedPids()).toEqual(pidsBefore);
    expect(cluster.supervisor.settings().workers).toBe(2);
  });

  test('on this machine, each slider position shows the model for the measured inputs', async () => {
    // The context the page loaded, copied on its way in.
    let context: Parameters<typeof projectCapacity>[0] | null = null;
    await page.route('**/api/admin/capacity', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      context = {
        workers: 0,
        hardwareThreads: body.machine.threads,
        machineMemoryBytes: body.machine.memoryBytes,
        measured: body.measured,
      };
      await route.fulfill({ response, json: body });
    });
    await openSettings();
    await page.unroute('**/api/admin/capacity');
    expect(context).not.toBeNull();
    const machine = context!;

    // Worker RSS is measured from the running workers; the rest is assumed.
    const source = (name: string) =>
      page.getByTestId(`input-${name}`).getAttribute('data-source');
    expect(await source('workerRssBytes')).toBe('measured');
    expect(await source('mainRssBytes')).toBe('measured');
    expect(await source('usersPerWorker')).toBe('assumed');

    const seen: number[] = [];
    for (let workers = 1; workers <= 2 * machine.hardwareThreads; workers++) {
      await slider().fill(String(workers));
      const expected = projectCapacity({ ...machine, workers });
      await expect
        .poll(() => page.getByTestId('projected-listeners').getAttribute('data-value'))
        .toBe(String(expected.listeners));
      expect(await page.getByTestId('limited-by').getAttribute('data-value')).toBe(
        expected.limitedBy,
      );
      seen.push(expected.listeners);
    }
    console.log('projected listeners by worker count', seen);
    expect(new Set(seen).size).toBeGreaterThan(1);
    await page.screenshot({ path: path.join(screenshotDir, 'settings-window.png') });
    await page.screenshot({
      path: path.join(screenshotDir, 'settings-page-full.png'),
      fullPage: true,
    });
  });

  test('invalid limits are refused with a message on each field', async () => {
    await openSettings();
    const settingsFile = path.join(cluster.dataDir, 'settings.json');
    const readSaved = () =>
      fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : null;
    const saved = readSaved();
    await page.locator('#field-limitTimeCpu').fill('0');
    await page.locator('#field-limitTimeReal').fill('2 minutes');
    await page.locator('#field-limitMemorySoft').fill('900');
    await page.locator('#field-limitMemoryHard').fill('800');
    await page.locator('#field-limitRequest').fill('');
    await page.locator('#field-jobLimitTimeReal').fill('90000');

    const message = (name: string) => page.getByTestId(`error-${name}`).innerText();
    expect(await message('limitTimeCpu')).toBe('must be at least 1');
    expect(await message('limitTimeReal')).toBe('must be a whole number');
    expect(await message('limitMemoryHard')).toBe('must be greater than limitMemorySoft');
    expect(await message('limitRequest')).toBe('must be a whole number');
    expect(await message('jobLimitTimeReal')).toBe('must be at most 86400');
    await page.locator('[data-group="limits"]').screenshot({
      path: path.join(screenshotDir, 'settings-invalid-limits.png'),
    });

    // Apply refuses and says why; nothing reaches the server.
    await applyButton().click();
    await expect.poll(() => status().getAttribute('data-kind')).toBe('error');
    expect(await status().innerText()).toContain('limitTimeCpu');
    await sleep(300);
    expect(cluster.supervisor.settings()).toMatchObject({
      limitTimeCpu: 60,
      limitTimeReal: 120,
      limitMemorySoft: 512,
      limitRequest: 65536,
    });
    expect(readSaved()).toBe(saved);

    // The server's own check says the same, named per field, to the page.
    const refused = await page.evaluate(async () => {
      const res = await fetch('/api/admin/settings', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          limitTimeCpu: 0,
          limitMemorySoft: 900,
          limitMemoryHard: 800,
        }),
      });
      return { status: res.status, body: await res.json() };
    });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.fields).sort()).toEqual([
      'limitMemoryHard',
      'limitTimeCpu',
    ]);

    // When the server refuses what the page let through, its messages land
    // on the fields: the page's valid body is swapped on the way for one
    // with a bad time limit, and the real server's 400 goes back to it.
    await page.getByRole('button', { name: 'Revert' }).click();
    await page.route('**/api/admin/settings', async (route) => {
      if (route.request().method() !== 'PUT') return route.fallback();
      const response = await route.fetch({
        postData: JSON.stringify({ limitTimeReal: 0 }),
      });
      await route.fulfill({ response });
    });
    await page.locator('#field-limitTimeReal').fill('90');
    await applyButton().click();
    await expect.poll(() => page.getByTestId('error-limitTimeReal').count()).toBe(1);
    const serverMessage = await message('limitTimeReal');
    expect(serverMessage).toBe('Too small: expected number to be >=1');
    expect(await status().innerText()).toContain('Not applied');
    await page.unroute('**/api/admin/settings');
    expect(cluster.supervisor.settings().limitTimeReal).toBe(120);
    console.log('server message for limitTimeReal = 0:', serverMessage);

    // Fixing a field clears its message.
    await page.locator('#field-limitTimeCpu').fill('30');
    await expect.poll(() => page.getByTestId('error-limitTimeCpu').count()).toBe(0);
    await page.getByRole('button', { name: 'Revert' }).click();
    await expect.poll(() => page.locator('.field.invalid').count()).toBe(0);
  });

  test('applying a new worker count really changes the worker processes', async () => {
    await openSettings();
    const before = sortedPids();
    expect(before).toHaveLength(2);

    // 2 -> 3: both workers stay, one new process joins.
    await applyWorkers(3, 'Now 3 HTTP workers, starting http-3');
    const three = await until(() => {
      const now = sortedPids();
      return now.length === 3 ? now : null;
    }, 20_000);
    expect(three).toEqual(expect.arrayContaining(before));
    const added = three.find((pid) => !before.includes(pid))!;
    expect(processExists(added)).toBe(true);
    expect(cluster.supervisor.settings().workers).toBe(3);
    // The live gauge lists the new process by its pid.
    await expect
      .poll(
        () => page.locator(`[data-testid=process-bars] g[data-pid="${added}"]`).count(),
        {
          timeout: 10_000,
        },
      )
      .toBe(1);

    // 3 -> 1: two processes drain and exit, even with this page's metrics
    // stream open on one of them.
    await applyWorkers(1, 'Now 1 HTTP worker, draining');
    const one = await until(() => {
      const now = sortedPids();
      return now.length === 1 ? now : null;
    }, 20_000);
    const gone = three.filter((pid) => !one.includes(pid));
    expect(gone).toHaveLength(2);
    await until(() => gone.every((pid) => !processExists(pid)), 20_000);
    console.log('worker pids', { before, three, one, gone });

    // The page keeps receiving samples, now from the remaining worker.
    await expect
      .poll(
        () => page.locator('[data-testid=process-bars] g[data-slot^="http"]').count(),
        {
          timeout: 15_000,
        },
      )
      .toBe(1);
  });

  test('apply during streams: the streams keep flowing and arrive intact', async () => {
    // The page stays open from the test before, so its history has points.
    const before = sortedPids();

    // Four streams of 2.4 MB at 300 kB/s: about 8 s each.
    const size = 2_400_000;
    const streams = await Promise.all(
      [11, 12, 13, 14].map((seed) =>
        startTestStream(cluster.url, { bytes: size, rate: 300_000, seed }),
      ),
    );
    await sleep(1500);

    // Two workers instead of one, and a new limitTimeReal, which replaces
    // every HTTP worker: the ones carrying the streams drain.
    await slider().fill('2');
    await page.locator('#field-limitTimeReal').fill('100');
    const appliedAt = Date.now();
    await applyButton().click();
    await expect
      .poll(async () => (await status().count()) && (await status().innerText()))
      .toContain('replaced one at a time');
    const replaced = await until(() => {
      const now = sortedPids();
      return now.length === 2 && now.every((pid) => !before.includes(pid)) ? now : null;
    }, 30_000);

    // The gauge under load, while the streams still run.
    await expect
      .poll(async () => Number(await page.getByTestId('live-connections').innerText()), {
        timeout: 10_000,
      })
      .toBeGreaterThanOrEqual(4);
    await page.screenshot({
      path: path.join(screenshotDir, 'settings-window-apply.png'),
    });

    // Every stream ends complete and correct, with no long pause.
    await Promise.all(streams.map((s) => s.done));
    for (const s of streams) {
      expect(s.status).toBe(200);
      expect(s.bytes).toBe(size);
      expect(s.wrong).toBe(0);
      expect(s.longestGapMs).toBeLessThan(1500);
      expect(before).toContain(s.pid);
      expect(replaced).not.toContain(s.pid);
      // Bytes kept arriving after Apply, from the draining worker.
      expect(s.arrivals.filter((a) => a.at > appliedAt + 1000).length).toBeGreaterThan(
        10,
      );
    }
    console.log(
      'streams',
      streams.map((s) => ({ pid: s.pid, bytes: s.bytes, longestGapMs: s.longestGapMs })),
      { before, replaced },
    );
    expect(cluster.supervisor.settings()).toMatchObject({
      workers: 2,
      limitTimeReal: 100,
    });
  });

  test('the live gauge counts real plays (player and Subsonic): streams, transcodes, CPU', async () => {
    const tracks = db.prepare('SELECT id FROM track ORDER BY title').all() as {
      id: string;
    }[];
    expect(tracks).toHaveLength(2);
    const { cookie } = await signIn({ url: cluster.url, db }, admin);

    // Three listeners with full buffers: two play the first track, one the
    // second, each transcoded to MP3; one of the two is a Subsonic app.
    const { key } = createApiKey(db, admin.user.id, 'gauge test');
    const paths = [
      ...[0, 1].map((i) => `/api/tracks/${tracks[i]!.id}/stream?format=mp3_192`),
      `/rest/stream?id=${tracks[0]!.id}&format=mp3&apiKey=${key}&c=test&v=1.16.1`,
    ];
    const shown = async (id: string) =>
      Number(await page.getByTestId(`live-${id}`).innerText());
    const plays = await Promise.all(paths.map((p) => startPlay(cluster.url, p, cookie)));
    try {
      expect(plays.map((p) => p.status)).toEqual([200, 200, 200]);
      expect(plays.map((p) => p.type)).toEqual(Array(3).fill('audio/mpeg'));
      await expect.poll(() => shown('streams'), { timeout: 15_000 }).toBe(3);
      await expect
        .poll(() => shown('transcodes'), { timeout: 15_000 })
        .toBeGreaterThanOrEqual(1);
      await sleep(3000);
      await page.locator('aside').screenshot({
        path: path.join(screenshotDir, 'settings-gauge-load.png'),
      });
      await page.screenshot({
        path: path.join(screenshotDir, 'settings-window-load.png'),
      });
      console.log('live under load', {
        streams: await shown('streams'),
        transcodes: await shown('transcodes'),
        cpu: await page.getByTestId('live-cpu').innerText(),
        bytes: plays.map((p) => p.bytes),
      });
      expect(plays.every((p) => p.bytes > 0)).toBe(true);
    } finally {
      for (const play of plays) play.stop();
    }

    // The listeners leave: the counts go back to zero.
    await expect.poll(() => shown('streams'), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => shown('transcodes'), { timeout: 15_000 }).toBe(0);
  });
});
