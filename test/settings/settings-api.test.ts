// The settings window's API in one process (no supervisor): the fields come
// from the schema, bad values are refused field by field, good ones are saved
// to settings.json, and the capacity and LAN answers describe this machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsUpdate, SettingsView } from '../../server/settings/admin.js';
import { settingsSchema } from '../../server/settings/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { tempDir } from '../helpers/paths.js';
import { adminClient, type AdminFetch } from './admin-client.js';

let app: TestApp;
let admin: AdminFetch;
beforeAll(async () => {
  app = await startTestApp({ settings: { workers: 2, host: '127.0.0.1' } });
  admin = (await adminClient(app)).fetch;
});
afterAll(() => app.close());

const put = (body: unknown) =>
  admin('/api/admin/settings', { method: 'PUT', body: JSON.stringify(body) });

const savedSettings = () =>
  JSON.parse(fs.readFileSync(path.join(app.dataDir, 'settings.json'), 'utf8')) as Record<
    string,
    unknown
  >;

describe('GET /api/admin/settings', () => {
  it('describes each editable setting from the schema', async () => {
    const res = await admin('/api/admin/settings');
    expect(res.status).toBe(200);
    const view = (await res.json()) as SettingsView;
    const workers = view.fields.find((f) => f.name === 'workers');
    expect(workers).toMatchObject({
      group: 'workers',
      type: 'integer',
      minimum: 0,
      maximum: 256,
      help: settingsSchema.shape.workers.description,
      appliedBy: ['workerCount'],
    });
    expect(view.fields.find((f) => f.name === 'limitMemorySoft')).toMatchObject({
      unit: 'MiB',
      default: 512,
      group: 'limits',
    });
    expect(view.fields.find((f) => f.name === 'transcodeProfile')?.options).toContain(
      'opus_128',
    );
    // Every setting is on the page but the test-only one.
    expect(view.fields.map((f) => f.name).sort()).toEqual(
      Object.keys(settingsSchema.shape)
        .filter((name) => name !== 'testRoutes')
        .sort(),
    );
    expect(view.fields.find((f) => f.name === 'lastfmApiSecret')).toMatchObject({
      group: 'external',
      secret: true,
    });
    expect(view.fields.find((f) => f.name === 'artworkCacheMb')?.unit).toBe('MiB');
    expect(view.values.workers).toBe(2);
    expect(view.pendingRestart).toEqual([]);
    expect(view.fromFlags).toEqual({});
  });

  it('names the settings this start took from flags, before and after a change', async () => {
    const [music, other] = [tempDir('hearth-music-'), tempDir('hearth-music-')];
    const flagged = await startTestApp({
      settings: { musicFolders: [music], port: 0 },
      flags: { musicFolders: '--music', port: '--port' },
    });
    try {
      const client = (await adminClient(flagged)).fetch;
      const view = (await (await client('/api/admin/settings')).json()) as SettingsView;
      expect(view.fromFlags).toEqual({ musicFolders: '--music', port: '--port' });
      const res = await client('/api/admin/settings', {
        method: 'PUT',
        body: JSON.stringify({ musicFolders: [other] }),
      });
      const update = (await res.json()) as SettingsUpdate;
      expect(update.view.fromFlags).toEqual({ musicFolders: '--music', port: '--port' });
    } finally {
      await flagged.close();
    }
  });
});

describe('PUT /api/admin/settings', () => {
  it('refuses bad values, naming each field, and saves nothing', async () => {
    const res = await put({
      limitTimeCpu: 0,
      limitMemorySoft: 900,
      limitMemoryHard: 800,
      workers: 'many',
      testRoutes: true,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; fields: Record<string, string> };
    expect(body.error).toBe('invalid_input');
    expect(Object.keys(body.fields).sort()).toEqual(
      ['limitMemoryHard', 'limitTimeCpu', 'testRoutes', 'workers'].sort(),
    );
    expect(body.fields.limitMemoryHard).toBe('must be greater than limitMemorySoft');
    expect(fs.existsSync(path.join(app.dataDir, 'settings.json'))).toBe(false);
  });

  it('reports the rule across fields together with bad fields', async () => {
    const res = await put({ workers: -1, limitMemorySoft: 2000, limitMemoryHard: 100 });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { fields: Record<string, string> };
    expect(body.fields).toEqual({
      workers: expect.stringMatching(/Too small/),
      limitMemoryHard: 'must be greater than limitMemorySoft',
    });
  });

  it('keeps one music folder given twice, and refuses one inside another', async () => {
    const music = tempDir('hearth-music-');
    const twice = await put({ musicFolders: [music, `${music}/`] });
    expect(twice.status).toBe(200);
    expect(((await twice.json()) as SettingsUpdate).view.values.musicFolders).toEqual([
      music,
    ]);
    expect(savedSettings().musicFolders).toEqual([music]);

    fs.mkdirSync(path.join(music, 'Jazz'));
    const nested = await put({ musicFolders: [music, path.join(music, 'Jazz')] });
    expect(nested.status).toBe(400);
    expect(((await nested.json()) as { fields: object }).fields).toEqual({
      musicFolders: `${music}/Jazz is inside ${music}, which is a music folder already`,
    });
    fs.rmSync(path.join(app.dataDir, 'settings.json'));
  });

  it('saves good values to settings.json, keeping what the file had', async () => {
    fs.writeFileSync(
      path.join(app.dataDir, 'settings.json'),
      JSON.stringify({ scanThreads: 1 }),
    );
    const music = tempDir('hearth-music-');
    const res = await put({ limitTimeReal: 30, musicFolders: [music] });
    expect(res.status).toBe(200);
    const update = (await res.json()) as SettingsUpdate;
    expect(update.change.changed).toEqual(['musicFolders', 'limitTimeReal']);
    // One process without a supervisor: saved, applied at the next start.
    expect(update.change.needsRestart).toEqual(['musicFolders', 'limitTimeReal']);
    expect(update.view.values.limitTimeReal).toBe(30);
    const saved = JSON.parse(
      fs.readFileSync(path.join(app.dataDir, 'settings.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(saved).toEqual({
      scanThreads: 1,
      limitTimeReal: 30,
      musicFolders: [music],
    });
  });
});

describe('PUT /api/admin/settings: what this computer would not take', () => {
  it.each([
    [{ host: '192.0.2.99' }, 'host', /^not an address of this computer/],
    [{ musicFolders: ['relative'] }, 'musicFolders', /^relative: expected an absolute/],
    [{ musicFolders: [] }, 'musicFolders', /^expected at least one music folder$/],
    [{ ffmpegPath: '/bin/sh' }, 'ffmpegPath', /^does not run as ffmpeg$/],
    [{ ffmpegPath: '/no/such/ffmpeg' }, 'ffmpegPath', /^no such file$/],
  ])('refuses %j with a message on the field', async (body, field, message) => {
    const res = await put(body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { fields: Record<string, string> };
    expect(Object.keys(answer.fields)).toEqual([field]);
    expect(answer.fields[field]).toMatch(message);
  });

  it('names every such problem in one answer, and saves nothing', async () => {
    fs.rmSync(path.join(app.dataDir, 'settings.json'), { force: true });
    const missing = path.join(tempDir('hearth-music-'), 'unplugged disk');
    const res = await put({
      host: '192.0.2.99',
      musicFolders: [missing],
      ffmpegPath: '/bin/sh',
      limitTimeCpu: 0,
    });
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { fields: Record<string, string> };
    expect(answer.fields).toEqual({
      host: expect.stringMatching(/^not an address of this computer/),
      musicFolders: `${missing}: music folder does not exist`,
      ffmpegPath: 'does not run as ffmpeg',
      limitTimeCpu: expect.stringMatching(/Too small/),
    });
    expect(fs.existsSync(path.join(app.dataDir, 'settings.json'))).toBe(false);
  });

  it('takes an address of this computer, a real ffmpeg and a folder that is there', async () => {
    const music = tempDir('hearth-music-');
    const res = await put({
      host: 'localhost',
      musicFolders: [music],
      ffmpegPath: '/usr/bin/ffmpeg',
    });
    expect(res.status).toBe(200);
    expect(savedSettings()).toMatchObject({
      host: 'localhost',
      musicFolders: [music],
      ffmpegPath: '/usr/bin/ffmpeg',
    });
    fs.rmSync(path.join(app.dataDir, 'settings.json'));
  });

  it('lets a folder that went missing stay while another setting changes', async () => {
    // The app runs with an unplugged folder: sending the list back is fine.
    const unplugged = path.join(tempDir('hearth-music-'), 'usb');
    const other = await startTestApp({ settings: { musicFolders: [unplugged] } });
    try {
      const client = (await adminClient(other)).fetch;
      const res = await client('/api/admin/settings', {
        method: 'PUT',
        body: JSON.stringify({ musicFolders: [unplugged], scanIntervalHours: 12 }),
      });
      expect(res.status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('GET /api/admin/capacity and /api/admin/lan', () => {
  it('gives the machine and what was measured', async () => {
    const res = await admin('/api/admin/capacity');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      machine: { threads: number; memoryBytes: number };
      workers: number;
      measured: Record<string, number>;
    };
    expect(body.machine).toEqual({
      threads: os.availableParallelism(),
      memoryBytes: os.totalmem(),
    });
    expect(body.workers).toBe(2);
    // This process alone: no HTTP worker to measure, no supervisor.
    expect(body.measured.workerRssBytes).toBeUndefined();
  });

  it('says the LAN cannot reach a loopback server, and why', async () => {
    const res = await admin('/api/admin/lan');
    const body = (await res.json()) as { reachable: boolean; note: string };
    expect(body.reachable).toBe(false);
    expect(body.note).toContain('0.0.0.0');
  });
});
