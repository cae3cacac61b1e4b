// Measures this machine's transcode speed for each profile (seconds of audio
// per CPU second) so the capacity model stops assuming the seed's figure. It
// runs once at start and again only when ffmpeg changes: calibration results
// are kept per ffmpeg version in the database (transcode_speed).
import type { Db } from '../../db/index.js';
import type { Settings } from '../../settings/schema.js';
import { ensureCalibration, readSpeeds } from '../../transcode/calibration.js';
import { ffmpegFromPath } from '../../transcode/ffmpeg.js';
import type { Job } from '../scheduler.js';

export function calibrationJob(db: Db, settings: Settings): Job {
  return {
    name: 'calibration',
    intervalMs: 0,
    runAtStart: true,
    async run() {
      // The main process resolved ffmpeg; without one there is nothing to measure.
      if (!settings.ffmpegPath) return { skipped: 'no ffmpeg' };
      const ffmpeg = await ffmpegFromPath(settings.ffmpegPath);
      await ensureCalibration(db, ffmpeg);
      const speeds = readSpeeds(db).filter((s) => s.calibrated !== null);
      return {
        ffmpegVersion: ffmpeg.version,
        profiles: Object.fromEntries(
          speeds.map((s) => [s.profile, Math.round(s.calibrated ?? 0)]),
        ),
      };
    },
  };
}
