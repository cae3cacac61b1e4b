// The CPU and memory this process's ffmpeg processes use, sampled every two
// seconds for the 'transcodeCpu' and 'transcodeRss' gauges. Beside the 'transcodes' count it tells the
// capacity model what one transcoding listener really costs: a transcode
// that follows a player's pace wakes up for every small write, and each play
// pays ffmpeg's start-up, so it costs more than the calibration's
// flat-out run of the same profile. Their RSS tells it what each one adds to
// the machine's memory.
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
    reportGauge('transcodeRss', 0);
    return;
  }
  // An ffmpeg that exits between the listing and the sample is left out.
  const results = await Promise.allSettled(pids.map((pid) => pidusage(pid)));
  const samples = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const percent = samples.reduce((sum, s) => sum + s.cpu, 0);
  reportGauge('transcodeCpu', Math.round(percent * 10) / 10);
  reportGauge(
    'transcodeRss',
    samples.reduce((sum, s) => sum + s.memory, 0),
  );
}
