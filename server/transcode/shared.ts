// A whole-track transcode that any number of listeners share. ffmpeg writes
// into the cache's part file as fast as the disk takes it; each listener is a
// stream that reads the file from its own position and waits at the write
// head for more. A late listener starts from byte 0 like the first one. When
// the last listener leaves before the end, ffmpeg is killed and the part file
// dropped; when ffmpeg finishes, the file moves into the cache.
//
// Memory stays bounded: ffmpeg's pipe is paused while a chunk is written, and
// a listener only reads what its socket has room for.
import { EventEmitter } from 'node:events';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TranscodeFailedError } from './errors.js';
import { exitError } from './outcome.js';
import type { FfmpegExit, FfmpegRun } from './runner.js';

/** Bytes that show ffmpeg is really encoding, not just writing a header. */
export const probeBytes = 4096;
const readChunk = 64 * 1024;
/** Output ffmpeg may run ahead of the disk before its pipe is paused. */
const sinkBuffer = 256 * 1024;

type State = 'running' | 'finished' | 'failed';

/** The part of a transcode both kinds (shared, direct) offer the response. */
export interface Transcode {
  /** Resolves once the stream can start (null) or has failed (the error). */
  whenReady(deadlineMs: number): Promise<Error | null>;
  /** A new stream of the output for one response. */
  reader(): Readable;
  readonly run: FfmpegRun;
}

export class SharedTranscode extends EventEmitter implements Transcode {
  /** Bytes on disk that listeners may read. */
  written = 0;
  state: State = 'running';
  failure: Error | null = null;
  exit: FfmpegExit | null = null;
  private readers = 0;
  /** The owner (the transcoder) holds the file open until it has cached it. */
  private held = true;
  private closed = false;
  /** Settles once ffmpeg is done and every byte is on disk. */
  readonly settled: Promise<void>;

  private constructor(
    readonly run: FfmpegRun,
    readonly part: string,
    private readonly file: FileHandle,
  ) {
    super();
    this.setMaxListeners(0);
    this.settled = this.follow();
  }

  /** Opens the part file, then starts ffmpeg through `start`. */
  static async open(part: string, start: () => FfmpegRun): Promise<SharedTranscode> {
    await fs.mkdir(path.dirname(part), { recursive: true });
    const file = await fs.open(part, 'w+');
    return new SharedTranscode(start(), part, file);
  }

  /** Copies ffmpeg's output to the file and records how it ended. */
  private async follow(): Promise<void> {
    // ffmpeg writes one small packet at a time; while a write is in flight
    // the next packets queue up and go to disk together (writev), so the
    // copy keeps pace with ffmpeg instead of one disk round trip per packet.
    const sink = new Writable({
      highWaterMark: sinkBuffer,
      writev: (chunks, done) => {
        const buffers = chunks.map((c) => c.chunk as Buffer);
        const length = buffers.reduce((sum, b) => sum + b.length, 0);
        this.file.writev(buffers, this.written).then(() => {
          this.written += length;
          this.emit('progress');
          done();
        }, done);
      },
    });
    const copied = pipeline(this.run.stdout, sink).catch((err: unknown) => {
      this.run.kill('cache write failed');
      return err;
    });
    const [exit, copyError] = await Promise.all([this.run.done, copied]);
    this.exit = exit;
    const error =
      exitError(exit, 0) ?? (copyError ? new TranscodeFailedError(copyError) : null);
    this.settle(error);
  }

  private settle(error: Error | null): void {
    this.state = error ? 'failed' : 'finished';
    this.failure = error;
    this.emit('progress');
    this.emit('settled', error);
    this.closeIfUnused();
  }

  /** The owner is done with it: no new reader will join. */
  unhold(): void {
    this.held = false;
    this.closeIfUnused();
  }

  private closeIfUnused(): void {
    if (this.readers === 0 && !this.held && this.state !== 'running') void this.close();
  }

  whenReady(deadlineMs: number): Promise<Error | null> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        if (this.state === 'failed') resolve(this.failure);
        else if (this.state === 'finished' || this.written >= probeBytes) resolve(null);
        else return false;
        return true;
      };
      if (check()) return;
      const onProgress = () => check() && stop();
      const timer = setTimeout(() => {
        stop();
        if (this.written > 0) return resolve(null);
        this.run.kill('no output before the start deadline');
        resolve(new TranscodeFailedError('no output before the start deadline'));
      }, deadlineMs);
      const stop = () => {
        clearTimeout(timer);
        this.off('progress', onProgress);
      };
      this.on('progress', onProgress);
    });
  }

  reader(): Readable {
    this.readers += 1;
    let position = 0;
    const advance = (n: number) => (position += n);
    const pull = (out: Readable) => void this.pull(out, position, advance);
    const release = () => this.release();
    return new Readable({
      read() {
        pull(this);
      },
      destroy(err, callback) {
        release();
        callback(err);
      },
    });
  }

  /** Feeds one listener: from the file, or wait for more, or end. */
  private async pull(out: Readable, position: number, advance: (n: number) => void) {
    if (out.destroyed) return;
    if (position < this.written) {
      try {
        const length = Math.min(readChunk, this.written - position);
        const chunk = Buffer.allocUnsafe(length);
        const { bytesRead } = await this.file.read(chunk, 0, length, position);
        advance(bytesRead);
        out.push(chunk.subarray(0, bytesRead));
      } catch (err) {
        out.destroy(err as Error);
      }
    } else if (this.state === 'failed') {
      out.destroy(this.failure ?? new TranscodeFailedError());
    } else if (this.state === 'finished') {
      out.push(null);
    } else {
      this.once('progress', () => void this.pull(out, position, advance));
    }
  }

  /** One listener left; the last one leaving early stops ffmpeg. */
  private release(): void {
    this.readers -= 1;
    if (this.readers > 0) return;
    if (this.state === 'running') this.run.kill('client gone');
    else this.closeIfUnused();
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.file.close();
    if (this.state === 'failed') await fs.rm(this.part, { force: true });
  }
}
