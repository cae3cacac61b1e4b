// The file watcher end to end: a real supervisor with its job worker watching
// a temporary music folder, the HTTP API read by a signed-in user. A file
// copied in shows up within 10 s, a deleted one goes, and a renamed folder's
// tracks are found under the new path (the same track ids: a move, not a
// delete and an add). A music folder moved away and back is noticed both
// ways, logged, rescanned on its return and watched again.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dbFile, openDb, type Db } from '../../server/db/index.js';
import { ids } from '../../server/library/ids.js';
import type { JobStatus } from '../../server/supervisor/protocol.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { corpusDir, tempDir } from '../helpers/paths.js';
import { startCluster, until, type Cluster } from '../supervisor/harness.js';

const appearsWithinMs = 10_000;
const songs = ['04 Long Drive.flac', "02-Yeahs-It's Blitz! 2.mp3"];

interface FolderDetail {
  tracks: Array<{ id: string; title: string }>;
  folders: Array<{ id: string; name: string }>;
}

let cluster: Cluster;
let db: Db;
let user: SignedIn;
const music = tempDir('hearth-watch-');
// The worker processes log here (they take the environment at spawn).
const logFile = path.join(tempDir('hearth-watch-log-'), 'hearth.log');

beforeAll(async () => {
  process.env.HEARTH_LOG_FILE = logFile;
  cluster = await startCluster({
    settings: { workers: 1, musicFolders: [music], watchMusicFolders: true },
  });
  db = openDb(dbFile(cluster.dataDir), { migrate: false });
  user = await signIn({ url: cluster.url, db }, 'user');
  // Changes count only once the job worker's watcher has finished its first
  // crawl; it says so in the "rescan" job's status. (A fixed pause here was
  // too short on a loaded machine: the copies went unseen.)
  await until(() => watcherState() === 'watching', 30_000, 100);
}, 60_000);

function watcherState(): unknown {
  return rescanInfo()?.watching;
}

function rescanInfo(): Record<string, unknown> | null | undefined {
  return cluster.supervisor.jobStatus().find((job) => job.name === 'rescan')?.info;
}

/** The job worker's log lines with this message. */
function logged(msg: string): Record<string, unknown>[] {
  return fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes(`"msg":"${msg}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

afterAll(async () => {
  db?.close();
  await cluster?.stop();
});

/** The folder as the API shows it, or null when it is unknown (404). */
async function folder(dir: string): Promise<FolderDetail | null> {
  const res = await user.fetch(`/api/folders/${ids.folder(dir)}`);
  if (res.status === 404) return null;
  expect(res.status).toBe(200);
  return (await res.json()) as FolderDetail;
}

async function trackCount(dir: string): Promise<number> {
  return (await folder(dir))?.tracks.length ?? 0;
}

async function timed(check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  await until(check, appearsWithinMs, 200);
  return Date.now() - started;
}

describe('file watcher', () => {
  const album = path.join(music, 'Album');

  test('a file copied into a watched folder appears in the API within 10 s', async () => {
    fs.mkdirSync(album);
    fs.copyFileSync(path.join(corpusDir, songs[0]!), path.join(album, songs[0]!));
    const took = await timed(async () => (await trackCount(album)) === 1);
    expect(took).toBeLessThan(appearsWithinMs);

    // A second file into the now-known folder.
    fs.copyFileSync(path.join(corpusDir, songs[1]!), path.join(album, songs[1]!));
    await timed(async () => (await trackCount(album)) === 2);
  });

  test('a deleted file is gone from the API', async () => {
    fs.rmSync(path.join(album, songs[1]!));
    await timed(async () => (await trackCount(album)) === 1);
  });

  test("a renamed folder's tracks are found under the new path", async () => {
    const before = (await folder(album))!.tracks.map((t) => t.id);
    const renamed = path.join(music, 'Album (2024 remaster)');
    fs.renameSync(album, renamed);
    await timed(async () => (await trackCount(renamed)) === 1);
    await timed(async () => (await folder(album)) === null);
    // The same track: moved, so plays and stars keep pointing at it.
    expect((await folder(renamed))!.tracks.map((t) => t.id)).toEqual(before);
  });

  test('a music folder moved away and back is watched again, and rescanned', async () => {
    const away = `${music}.gone`;
    fs.renameSync(music, away);
    await until(() => rescanInfo()?.missingFolders === 1, 15_000, 100);
    expect(logged('music folder gone: watching for it to come back')).toEqual([
      expect.objectContaining({ level: 40, path: music }),
    ]);

    // A file added while it was away is found once it is back.
    const whileAway = path.join(music, 'While Away');
    fs.mkdirSync(path.join(away, 'While Away'));
    fs.copyFileSync(
      path.join(corpusDir, songs[1]!),
      path.join(away, 'While Away', 'a.mp3'),
    );
    fs.renameSync(away, music);
    await until(() => rescanInfo()?.missingFolders === 0, 15_000, 100);
    expect(logged('music folder back: watching it again')).toEqual([
      expect.objectContaining({ level: 30, path: music }),
    ]);
    await timed(async () => (await trackCount(whileAway)) === 1);

    // And a file copied in now shows up as before.
    const later = path.join(music, 'Later');
    fs.mkdirSync(later);
    fs.copyFileSync(path.join(corpusDir, songs[0]!), path.join(later, songs[0]!));
    const took = await timed(async () => (await trackCount(later)) === 1);
    expect(took).toBeLessThan(appearsWithinMs);
  }, 60_000);

  test('the rescans ran as the "rescan" job, with a result', async () => {
    const res = await user.fetch('/api/admin/jobs');
    expect(res.status).toBe(403); // a user may not read jobs
    const admin = await signIn({ url: cluster.url, db }, 'admin');
    const { jobs } = (await (await admin.fetch('/api/admin/jobs')).json()) as {
      jobs: JobStatus[];
    };
    const rescan = jobs.find((job) => job.name === 'rescan');
    expect(rescan?.lastRun).toMatchObject({ status: 'ok' });
    expect(rescan?.lastRun?.result).toMatchObject({ aborted: false });
    expect(rescan?.lastRun?.durationMs).toBeGreaterThanOrEqual(0);
    expect(rescan?.info).toMatchObject({
      watching: 'watching',
      pendingFolders: 0,
      missingFolders: 0,
    });

    // Every job with its last run, duration, result and next run.
    const names = jobs.map((job) => job.name);
    expect(names).toEqual(
      expect.arrayContaining(['scan', 'artwork', 'external-info', 'scrobbles']),
    );
    const scrobbles = jobs.find((job) => job.name === 'scrobbles');
    expect(scrobbles?.lastRun).toMatchObject({ status: 'ok', result: { delivered: 0 } });
    expect(scrobbles?.nextRunAt).toBeGreaterThan(Date.now());
    const info = jobs.find((job) => job.name === 'external-info');
    expect(info?.lastRun?.result).toEqual({ skipped: 'no Last.fm API key' });
  });
});
