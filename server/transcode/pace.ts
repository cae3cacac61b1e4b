// Pacing for a transcode piped to one listener (a seek, or the cache off).
// Backpressure alone does not slow ffmpeg down: the kernel's socket buffers
// take megabytes, minutes of audio, before a paused player pushes back, so
// every listener would cost a whole-track transcode at full speed up front.
// Like a media server's transcoder throttle, the stream may run a lead ahead
// of real time (more than a browser reads ahead, so players never notice),
// then goes no faster than playback; ffmpeg waits on its pipe meanwhile.
import { Transform, type TransformCallback } from 'node:stream';
import type { TranscodeProfile } from './profiles.js';

/** Seconds of audio a paced stream may run ahead of the wall clock. */
export const paceLeadSeconds = 45;
/** Container overhead over the codec's bitrate (Ogg pages, ADTS headers). */
const overhead = 1.1;

export interface PaceOptions {
  /** Bytes per second of audio. */
  bytesPerSecond: number;
  leadSeconds?: number;
}

/** A pass-through stream that keeps at most `leadSeconds` ahead of real time. */
export class Pace extends Transform {
  private readonly startedAt = performance.now();
  private passed = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: PaceOptions) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: string, done: TransformCallback): void {
    const { bytesPerSecond, leadSeconds = paceLeadSeconds } = this.options;
    const elapsed = (performance.now() - this.startedAt) / 1000;
    const allowed = bytesPerSecond * (elapsed + leadSeconds);
    this.passed += chunk.length;
    // Ahead of the lead: hold this chunk (and so ffmpeg) until playback catches up.
    const waitMs = ((this.passed - allowed) / bytesPerSecond) * 1000;
    if (waitMs <= 0) return done(null, chunk);
    this.timer = setTimeout(() => done(null, chunk), waitMs);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    if (this.timer) clearTimeout(this.timer);
    callback(err);
  }
}

/** The pace of a profile's output. */
export function paceFor(profile: TranscodeProfile, leadSeconds?: number): Pace {
  const bytesPerSecond = (profile.bitrate * 1000 * overhead) / 8;
  return new Pace({ bytesPerSecond, leadSeconds });
}
