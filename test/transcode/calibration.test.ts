// Calibration end to end: a real supervisor whose job worker measures this
// machine's transcode speed with the real ffmpeg at start. Every profile gets
// a speed in the database, the "calibration" job reports them, and the
// capacity API hands the default profile's speed to the model as measured.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CapacityContext } from '../../server/capacity/inputs.js';
import { dbFile, openDb, type Db } from '../../server/db/index.js';
import type { JobStatus } from '../../server/supervisor/protocol.js';
import { ensureCalibration, readSpeeds } from '../../server/transcode/calibration.js';
import { ffmpegFromPath } from '../../server/transcode/ffmpeg.js';
import { profiles } from '../../server/transcode/profiles.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { startCluster, until, type Cluster } from '../supervisor/harness.js';

const ffmpeg = execFileSync('sh', ['-c', 'command -v ffmpeg'], {
  encoding: 'utf8',
}).trim();

let cluster: Cluster;
let db: Db;
let admin: SignedIn;

beforeAll(async () => {
  cluster = await startCluster({ settings: { workers: 1, ffmpegPath: ffmpeg } });
  db = openDb(dbFile(cluster.dataDir), { migrate: false });
  admin = await signIn({ url: cluster.url, db }, 'admin');
}, 60_000);

afterAll(async () => {
  db?.close();
  await cluster?.stop();
});

function calibrationJob(): JobStatus | undefined {
  return cluster.supervisor.jobStatus().find((job) => job.name === 'calibration');
}

describe('transcode calibration', () => {
  test('measures every profile at start and feeds the capacity model', async () => {
    await until(() => calibrationJob()?.lastRun?.status === 'ok', 45_000, 200);

    // 1. A speed per profile, in seconds of audio per CPU second. Real
    // encoders on any machine of this decade run far faster than real time,
    // and far slower than a million times.
    const speeds = readSpeeds(db);
    for (const profile of profiles) {
      const speed = speeds.find((s) => s.profile === profile.id)?.calibrated;
      expect(speed, profile.id).toBeGreaterThan(2);
      expect(speed, profile.id).toBeLessThan(1_000_000);
    }
    expect(calibrationJob()?.lastRun?.result).toMatchObject({
      profiles: { opus_128: expect.any(Number), mp3_192: expect.any(Number) },
    });

    // 2. The capacity API gives the default profile's speed as a measurement.
    const res = await admin.fetch('/api/admin/capacity');
    expect(res.status).toBe(200);
    const context = (await res.json()) as CapacityContext;
    const mp3 = speeds.find((s) => s.profile === 'mp3_192')?.calibrated;
    expect(context.measured.transcodeSpeed).toBeCloseTo(mp3 ?? -1, 6);
  });

  test('the same ffmpeg is not calibrated twice', async () => {
    // What the job does at every start: with results for this ffmpeg
    // version already stored, it measures nothing and changes nothing.
    const before = readSpeeds(db).map((s) => s.calibratedAt);
    expect(before.every((at) => at !== null)).toBe(true);
    await ensureCalibration(db, await ffmpegFromPath(ffmpeg));
    expect(readSpeeds(db).map((s) => s.calibratedAt)).toEqual(before);
  });
});
