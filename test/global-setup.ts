// Once around the whole suite: every process the tests start carries a run
// marker in its environment, and at the end no ffmpeg with that marker may
// be left. An orphan ffmpeg (a transcode nobody killed) fails the run.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

const marker = 'HEARTH_TEST_RUN';

/** Pids of ffmpeg processes started under this run. */
function ffmpegOfThisRun(run: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const name = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (!name.startsWith('ffmpeg')) continue;
      const env = fs.readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0');
      if (env.includes(`${marker}=${run}`)) found.push(Number(entry));
    } catch {
      // Gone while we looked, or not ours to read.
    }
  }
  return found;
}

export function setup(): () => Promise<void> {
  const run = randomBytes(8).toString('hex');
  process.env[marker] = run;
  return async () => {
    // A kill sent at the very end of the last test may take a moment.
    const deadline = Date.now() + 3000;
    let left = ffmpegOfThisRun(run);
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = ffmpegOfThisRun(run);
    }
    if (left.length > 0) {
      // vitest reports a teardown error without failing the run; this does.
      process.exitCode = 1;
      throw new Error(
        `${left.length} ffmpeg process(es) outlived the suite: ${left.join(' ')}`,
      );
    }
    console.log('no ffmpeg process outlived the suite');
  };
}
