// This machine's transcode speed, per profile, in seconds of audio per CPU
// second: the figure the capacity model needs (design.md §3). Two sources,
// both kept in the transcode_speed table:
// - calibration: a generated clip (tones over pink noise, FLAC, 44.1 kHz
//   stereo) transcoded once per profile at start, again when ffmpeg changes;
// - real plays: the CPU time ffmpeg reports (-benchmark) for every finished
//   transcode, summed with the audio seconds it wrote.
// Speeds are quoted for a 4-minute track: ffmpeg's start-up CPU (loading its
// libraries, opening codecs) is paid once per play, so the clip is run twice,
// short and long, to separate start-up from per-second cost.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Db } from '../db/index.js';
import { logger } from '../log.js';
import type { FfmpegInfo } from './ffmpeg.js';
import { profiles, type TranscodeProfile } from './profiles.js';
import { startFfmpeg } from './runner.js';

const run = promisify(execFile);
const log = logger('transcode');

/** The track length speeds are quoted for (the seed's 4-minute track). */
export const typicalTrackSeconds = 240;
/** Real plays count once they cover this much audio for a profile. */
const enoughPlayedSeconds = 600;

export interface ProfileSpeed {
  profile: string;
  /** Seconds of audio per CPU second from the calibration clip, or null. */
  calibrated: number | null;
  calibratedAt: number | null;
  ffmpegVersion: string | null;
  /** Seconds of audio per CPU second over real plays, or null if too few. */
  played: number | null;
  playedAudioSeconds: number;
}

interface SpeedRow {
  profile: string;
  calibrated: number | null;
  calibrated_at: number | null;
  ffmpeg_version: string | null;
  played_audio_s: number;
  played_cpu_s: number;
}

/** Writes the test clip: tones over pink noise, like music to an encoder. */
async function makeClip(ffmpegPath: string, file: string, seconds: number) {
  const source =
    `sine=f=220:d=${seconds}[a];sine=f=331:d=${seconds}[b];` +
    `anoisesrc=c=pink:a=0.08:d=${seconds}[n];` +
    '[a][b][n]amix=inputs=3,aformat=channel_layouts=stereo[out]';
  await run(ffmpegPath, [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'],
    ...['-filter_complex', source, '-map', '[out]', '-ar', '44100', '-c:a', 'flac', file],
  ]);
}

/** CPU seconds ffmpeg spends transcoding a file with a profile. */
async function cpuSeconds(ffmpegPath: string, input: string, profile: TranscodeProfile) {
  const job = startFfmpeg({ ffmpegPath, input, profile });
  job.stdout.resume();
  const exit = await job.done;
  if (exit.code !== 0 || exit.cpuSeconds === null) {
    throw new Error(`calibration transcode failed (${profile.id}, exit ${exit.code})`);
  }
  return exit.cpuSeconds;
}

/**
 * Measures each profile this ffmpeg can produce; returns speeds (seconds of
 * audio per CPU second, for a typical track) by profile id.
 */
export async function calibrate(
  ffmpeg: FfmpegInfo,
  options: { clipSeconds?: number } = {},
): Promise<Record<string, number>> {
  if (!ffmpeg.path) throw new Error('no ffmpeg to calibrate');
  const seconds = options.clipSeconds ?? 30;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hearth-calibration-'));
  try {
    // 1. A long clip and a very short one with the same content.
    const long = path.join(dir, 'long.flac');
    const short = path.join(dir, 'short.flac');
    await makeClip(ffmpeg.path, long, seconds);
    await makeClip(ffmpeg.path, short, 0.5);

    // 2. Per profile: start-up cost from the short clip, per-second from the long.
    const speeds: Record<string, number> = {};
    for (const profile of profiles.filter((p) => ffmpeg.profiles.includes(p.id))) {
      const startup = await cpuSeconds(ffmpeg.path, short, profile);
      const total = await cpuSeconds(ffmpeg.path, long, profile);
      const perSecond = Math.max(total - startup, 0.001) / (seconds - 0.5);
      speeds[profile.id] =
        typicalTrackSeconds / (startup + typicalTrackSeconds * perSecond);
    }
    return speeds;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Stores calibration results, keeping what real plays recorded. */
export function saveCalibration(
  db: Db,
  ffmpegVersion: string,
  speeds: Record<string, number>,
) {
  const upsert = db.prepare(
    `INSERT INTO transcode_speed (profile, calibrated, calibrated_at, ffmpeg_version)
     VALUES (?, ?, ?, ?)
     ON CONFLICT (profile) DO UPDATE SET calibrated = excluded.calibrated,
       calibrated_at = excluded.calibrated_at, ffmpeg_version = excluded.ffmpeg_version`,
  );
  const now = Date.now();
  db.transaction(() => {
    for (const [id, speed] of Object.entries(speeds))
      upsert.run(id, speed, now, ffmpegVersion);
  })();
}

/** Adds one finished transcode to the real-play totals of its profile. */
export function recordPlay(db: Db, profile: string, audioSeconds: number, cpu: number) {
  if (!(audioSeconds > 0 && cpu > 0) || !db.open) return;
  db.prepare(
    `INSERT INTO transcode_speed (profile, played_audio_s, played_cpu_s) VALUES (?, ?, ?)
     ON CONFLICT (profile) DO UPDATE SET
       played_audio_s = played_audio_s + excluded.played_audio_s,
       played_cpu_s = played_cpu_s + excluded.played_cpu_s`,
  ).run(profile, audioSeconds, cpu);
}

/** Every profile's known speeds. */
export function readSpeeds(db: Db): ProfileSpeed[] {
  const rows = db.prepare('SELECT * FROM transcode_speed').all() as SpeedRow[];
  const byId = new Map(rows.map((row) => [row.profile, row]));
  return profiles.map(({ id }) => {
    const row = byId.get(id);
    const playedEnough = row && row.played_audio_s >= enoughPlayedSeconds;
    return {
      profile: id,
      calibrated: row?.calibrated ?? null,
      calibratedAt: row?.calibrated_at ?? null,
      ffmpegVersion: row?.ffmpeg_version ?? null,
      played: playedEnough ? row.played_audio_s / row.played_cpu_s : null,
      playedAudioSeconds: row?.played_audio_s ?? 0,
    };
  });
}

/**
 * The measured transcode speed for the capacity model (its `transcodeSpeed`
 * input): real plays when there are enough, else the calibration; for one
 * profile (the default profile, normally). Undefined when nothing is measured,
 * so the model falls back to its assumption.
 */
export function transcodeSpeed(db: Db, profileId: string): number | undefined {
  const speed = readSpeeds(db).find((s) => s.profile === profileId);
  return speed?.played ?? speed?.calibrated ?? undefined;
}

/**
 * Calibrates unless this ffmpeg version already has results. Meant to run in
 * the background at start; never throws (the failure is logged).
 */
export async function ensureCalibration(db: Db, ffmpeg: FfmpegInfo): Promise<void> {
  if (!ffmpeg.path || !ffmpeg.version) return;
  const done = readSpeeds(db).filter(
    (s) => s.ffmpegVersion === ffmpeg.version && s.calibrated !== null,
  );
  if (done.length >= ffmpeg.profiles.length) return;
  try {
    const started = Date.now();
    const speeds = await calibrate(ffmpeg);
    if (!db.open) return;
    saveCalibration(db, ffmpeg.version, speeds);
    log.info({ speeds, ms: Date.now() - started }, 'transcode calibration done');
  } catch (err) {
    log.warn({ err }, 'transcode calibration failed');
  }
}
