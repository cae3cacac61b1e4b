// The gauges a worker reports for its running ffmpeg processes, sampled from
// a real ffmpeg: the capacity model takes the memory one transcode holds
// from them instead of its 30 MiB assumption.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTranscodeCpuGauge } from '../../server/transcode/cpu-gauge.js';
import { readGauges } from '../../server/worker/gauges.js';
import { tempDir } from '../helpers/paths.js';
import { heldTranscode, makeClip } from './helpers.js';

const clip = makeClip(path.join(tempDir(), 'clip.flac'), 60);
const MiB = 2 ** 20;

/** The transcodeRss gauge once it passes `check`, or as it is after 6 s. */
async function gaugeWhen(check: (value: number) => boolean): Promise<number> {
  const deadline = Date.now() + 6000;
  for (;;) {
    const value = readGauges().transcodeRss ?? -1;
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('transcode gauges', () => {
  it('report the RSS of running ffmpeg processes, and 0 once they end', async () => {
    const runs = [heldTranscode(clip, 'opus_128'), heldTranscode(clip, 'opus_128')];
    const stop = startTranscodeCpuGauge();
    try {
      const rss = await gaugeWhen((value) => value > 0);
      expect(rss).toBeGreaterThan(2 * 2 * MiB);
      expect(rss).toBeLessThan(2 * 300 * MiB);

      for (const run of runs) run.kill('test over');
      await Promise.all(runs.map((run) => run.done));
      expect(await gaugeWhen((value) => value === 0)).toBe(0);
    } finally {
      stop();
    }
  });
});
