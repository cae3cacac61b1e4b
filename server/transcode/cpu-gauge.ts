// The CPU this process's ffmpeg processes use, sampled every two seconds for
// the 'transcodeCpu' gauge. Beside the 'transcodes' count it tells the
// capacity model what one transcoding listener really costs: a transcode
// that follows a player's pace wakes up for every small write, and each play
// pays ffmpeg's start-up, so it costs more than the calibration's
// flat-out run of the same profile.
import pidusage from 'pidusage';
import { reportGauge } from '../worker/gauges.js';
import { runningTranscodes } from './runner.js';

const everyMs = 2000;

/** Samples the running ffmpeg processes until the returned stop is called. */
export function startTranscodeCpuGauge(): () => void {
  const timer = setInterval(() => void sample(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

async function sample(): Promise<void> {
  const pids = runningTranscodes().flatMap((run) => (run.pid ? [run.pid] : []));
  if (pids.length === 0) {
    reportGauge('transcodeCpu', 0);
    return;
  }
  // An ffmpeg that exits between the listing and the sample is left out.
  const results = await Promise.allSettled(pids.map((pid) => pidusage(pid)));
  const percent = results.reduce(
    (sum, r) => sum + (r.status === 'fulfilled' ? r.value.cpu : 0),
    0,
  );
  reportGauge('transcodeCpu', Math.round(percent * 10) / 10);
}
