// A transcode for one listener, piped straight to the response: used for a
// seek (a time offset makes output no one else can reuse) and when the cache
// is off. ffmpeg's pipe is read only as fast as the client takes bytes, so a
// slow client pauses ffmpeg; when the client goes, ffmpeg is killed.
import { Readable } from 'node:stream';
import { TranscodeFailedError } from './errors.js';
import { exitError } from './outcome.js';
import type { FfmpegRun } from './runner.js';
import { probeBytes, type Transcode } from './shared.js';

export class DirectTranscode implements Transcode {
  /** Output read during the start probe, handed to the reader first. */
  private head: Buffer[] = [];
  private headBytes = 0;
  private ended = false;

  constructor(
    readonly run: FfmpegRun,
    private readonly timeOffset: number,
  ) {}

  whenReady(deadlineMs: number): Promise<Error | null> {
    const out = this.run.stdout;
    return new Promise((resolve) => {
      const finish = (error: Error | null) => {
        clearTimeout(timer);
        out.off('data', onData).off('end', onEnd);
        out.pause();
        resolve(error);
      };
      const onData = (chunk: Buffer) => {
        this.head.push(chunk);
        this.headBytes += chunk.length;
        if (this.headBytes >= probeBytes) finish(null);
      };
      // The whole output fit in the probe: its exit says if it is any good.
      const onEnd = () => {
        this.ended = true;
        void this.run.done.then((exit) => finish(exitError(exit, this.timeOffset)));
      };
      const timer = setTimeout(() => {
        if (this.headBytes > 0) return finish(null);
        this.run.kill('no output before the start deadline');
        finish(new TranscodeFailedError('no output before the start deadline'));
      }, deadlineMs);
      out.on('data', onData).once('end', onEnd);
    });
  }

  reader(): Readable {
    const { run, head } = this;
    const ended = this.ended;
    async function* body() {
      try {
        yield* head;
        if (!ended) yield* run.stdout;
        const exit = await run.done;
        const error = exitError(exit, 1);
        if (error) throw error;
      } finally {
        run.kill('client gone');
      }
    }
    this.head = [];
    return Readable.from(body(), { objectMode: false });
  }
}
