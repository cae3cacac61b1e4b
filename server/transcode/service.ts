// The transcoder of one process: given a source file and a profile, it finds
// the finished transcode in the cache, joins one in progress, or takes a
// slot under the caps and starts ffmpeg. It knows nothing about HTTP; serve.ts
// turns what it opens into a response.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/index.js';
import { logger } from '../log.js';
import type { Settings } from '../settings/schema.js';
import { TranscodeCache } from './cache.js';
import { transcodeSpeed, recordPlay } from './calibration.js';
import { DirectTranscode } from './direct.js';
import type { FfmpegInfo } from './ffmpeg.js';
import { encodedSeconds, exitError, lastLines } from './outcome.js';
import type { SourceShape, TranscodeProfile } from './profiles.js';
import {
  startFfmpeg,
  type FfmpegExit,
  type FfmpegJob,
  type FfmpegRun,
} from './runner.js';
import { SharedTranscode, type Transcode } from './shared.js';
import { TranscodeSlots } from './slots.js';
import { watchRun } from './watchdog.js';

const log = logger('transcode');

/** The seed's speed (240 s of audio in 5 CPU s), until this machine measures its own. */
const assumedSpeed = 48;

/**
 * How long ffmpeg may take to show it is encoding before the request fails.
 * A file ffmpeg cannot read fails sooner: ffmpeg exits by itself, in about
 * 0.1 s. This only catches an ffmpeg that hangs, and leaves room for a
 * machine under load, where a healthy start can take a second or two.
 */
export const defaultStartDeadlineMs = 10_000;

export interface TranscoderOptions {
  db: Db;
  dataDir: string;
  ffmpeg: FfmpegInfo;
  /** Read on every request, so changed settings apply at once. */
  settings: () => Settings;
  startDeadlineMs?: number;
}

/** One transcode to open. */
export interface TranscodeRequest {
  /** The source's real path (already checked to lie inside the library). */
  file: string;
  trackId: string;
  /** Declared duration in seconds (for estimates; may exceed what decodes). */
  duration: number;
  shape: SourceShape;
  profile: TranscodeProfile;
  timeOffset: number;
  userKey: string;
}

export type Opened =
  | { kind: 'cached'; file: string }
  | { kind: 'stream'; transcode: Transcode; cache: 'miss' | 'shared' | 'off' }
  | { kind: 'over_cap'; scope: 'server' | 'user'; retryAfterSeconds: number };

export class Transcoder {
  readonly cache: TranscodeCache;
  readonly slots: TranscodeSlots;
  readonly startDeadlineMs: number;
  /** Whole-track transcodes in progress in this process, by cache key. */
  private readonly inflight = new Map<string, Promise<SharedTranscode>>();

  constructor(readonly options: TranscoderOptions) {
    const settings = options.settings();
    this.cache = new TranscodeCache(
      path.join(options.dataDir, 'transcode-cache'),
      settings.transcodeCacheMb * 1024 * 1024,
    );
    fs.mkdirSync(this.cache.dir, { recursive: true });
    this.slots = new TranscodeSlots(options.db, () => {
      const now = options.settings();
      return { server: now.transcodeMax, perUser: now.transcodeMaxPerUser };
    });
    this.startDeadlineMs = options.startDeadlineMs ?? defaultStartDeadlineMs;
  }

  get ffmpeg(): FfmpegInfo {
    return this.options.ffmpeg;
  }

  /** True when this server's ffmpeg can produce the profile. */
  canEncode(profile: TranscodeProfile): boolean {
    return this.ffmpeg.path !== null && this.ffmpeg.profiles.includes(profile.id);
  }

  /** Seconds of audio per CPU second for a profile: measured, or the seed's figure. */
  speed(profileId: string): number {
    return transcodeSpeed(this.options.db, profileId) ?? assumedSpeed;
  }

  /** Finds, joins or starts the transcode a request needs. */
  async open(request: TranscodeRequest): Promise<Opened> {
    if (request.timeOffset > 0 || !this.cache.enabled) return this.openDirect(request);
    const stat = await fs.promises.stat(request.file);
    const key = TranscodeCache.key(
      { path: request.file, size: stat.size, mtimeMs: stat.mtimeMs },
      request.profile.id,
    );
    const cached = await this.cache.find(key, request.profile.suffix);
    if (cached) return { kind: 'cached', file: cached };

    // No await between the look-up and the registration: one ffmpeg per key.
    const running = this.inflight.get(key);
    if (running) return { kind: 'stream', transcode: await running, cache: 'shared' };
    const slot = this.takeSlot(request, true);
    if (!slot.granted) return { kind: 'over_cap', ...slot };
    const starting = SharedTranscode.open(this.cache.partFile(key), () =>
      this.start(request, slot.release, true),
    );
    this.inflight.set(key, starting);
    starting.then(
      (shared) => this.whenSettled(shared, key),
      () => {
        this.inflight.delete(key);
        slot.release();
      },
    );
    return { kind: 'stream', transcode: await starting, cache: 'miss' };
  }

  /** A seek, or the cache is off: one ffmpeg piped to one client. */
  private openDirect(request: TranscodeRequest): Opened {
    const slot = this.takeSlot(request, false);
    if (!slot.granted) return { kind: 'over_cap', ...slot };
    const run = this.start(request, slot.release, false);
    const cache = 'off';
    return {
      kind: 'stream',
      transcode: new DirectTranscode(run, request.timeOffset),
      cache,
    };
  }

  private takeSlot(request: TranscodeRequest, freeRunning: boolean) {
    // Free-running ffmpeg ends at transcode speed; a piped one at the client's pace.
    const remaining = Math.max(1, request.duration - request.timeOffset);
    const seconds = freeRunning
      ? (2 * remaining) / this.speed(request.profile.id)
      : remaining;
    return this.slots.acquire({
      userKey: request.userKey,
      profile: request.profile.id,
      expectedMs: Math.ceil(seconds * 1000) + 1000,
    });
  }

  /** Starts ffmpeg under the watchdog; the slot is released when it exits. */
  private start(request: TranscodeRequest, release: () => void, freeRunning: boolean) {
    const settings = this.options.settings();
    const job: FfmpegJob = {
      ffmpegPath: this.ffmpeg.path!,
      input: request.file,
      profile: request.profile,
      source: request.shape,
      timeOffset: request.timeOffset,
      cpuCeilingSeconds: this.ffmpeg.cpuLimit ? this.cpuCeiling(request) : undefined,
    };
    const run = startFfmpeg(job);
    watchRun(run, {
      cpuMs: settings.limitTimeCpu * 1000,
      stallMs: freeRunning ? settings.limitTimeReal * 1000 : undefined,
    });
    run.once('exit', (exit: FfmpegExit) => {
      release();
      this.afterExit(request, run, exit);
    });
    return run;
  }

  /** The kernel CPU limit: ten times the expected cost, never below the watchdog's. */
  private cpuCeiling(request: TranscodeRequest): number {
    const audio = Math.max(request.duration, 600);
    const limit = this.options.settings().limitTimeCpu;
    return Math.ceil(limit + (10 * audio) / this.speed(request.profile.id));
  }

  /** Logs a failure with ffmpeg's reason; adds a clean run to the real-play speeds. */
  private afterExit(request: TranscodeRequest, run: FfmpegRun, exit: FfmpegExit) {
    const fields = {
      trackId: request.trackId,
      profile: request.profile.id,
      pid: run.pid,
    };
    const error = exitError(exit, request.timeOffset);
    if (error && exit.killedFor !== 'client gone') {
      const reason = exit.killedFor ?? lastLines(exit.stderr);
      log.warn(
        { ...fields, code: exit.code, signal: exit.signal, reason },
        'transcode failed',
      );
      return;
    }
    const audio = encodedSeconds(exit.stderr);
    if (!error && audio && exit.cpuSeconds) {
      recordPlay(this.options.db, request.profile.id, audio, exit.cpuSeconds);
    }
  }

  /**
   * A finished shared transcode goes into the cache; a failed one is dropped.
   * Requests keep joining it until the cached file is in place.
   */
  private whenSettled(shared: SharedTranscode, key: string): void {
    void shared.settled.then(async () => {
      if (!shared.failure) {
        const suffix = shared.run.job.profile.suffix;
        await this.cache.commit(shared.part, key, suffix).catch((err: unknown) => {
          log.warn({ err }, 'transcode cache commit failed');
        });
      }
      this.inflight.delete(key);
      shared.unhold();
    });
  }
}
