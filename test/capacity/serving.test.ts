// What one listener costs in CPU, learned from once-a-second snapshots
// (server/capacity/serving.ts), as tables of hand-made samples.
import { describe, expect, it } from 'vitest';
import { measurementsFrom } from '../../server/capacity/inputs.js';
import { ServingLoad } from '../../server/capacity/serving.js';
import type { MetricsSnapshot } from '../../server/supervisor/protocol.js';

/** One second of the server: CPU in % of a thread, and the gauge's counts. */
interface Second {
  dispatcher: number;
  workers: number[];
  ffmpeg?: number;
  /** RSS of all running ffmpeg, MiB. */
  ffmpegRss?: number;
  plays: number;
  transcodes?: number;
}

function snapshotAt(at: number, s: Second): MetricsSnapshot {
  const line = (
    role: string,
    cpuPercent: number,
    transcodeCpuPercent = 0,
    rssMiB = 0,
  ) => ({
    role,
    cpuPercent,
    transcodeCpuPercent,
    transcodeRssBytes: rssMiB * 2 ** 20,
  });
  return {
    at,
    processes: [
      line('supervisor', s.dispatcher),
      line('job', 50), // the job worker's CPU is never a listener's
      ...s.workers.map((cpu, i) =>
        i === 0 ? line('http', cpu, s.ffmpeg ?? 0, s.ffmpegRss ?? 0) : line('http', cpu),
      ),
    ],
    totals: { activeStreams: s.plays, activeTranscodes: s.transcodes ?? 0 },
  } as unknown as MetricsSnapshot;
}

/** Feeds `seconds` in order, one a second, and returns the load. */
function feed(seconds: Second[]): ServingLoad {
  const load = new ServingLoad();
  seconds.forEach((s, i) => load.add(snapshotAt(1000 * (i + 1), s)));
  return load;
}

const repeat = (n: number, s: Second) => Array<Second>(n).fill(s);
const idle: Second = { dispatcher: 1, workers: [1, 1], plays: 0 };

describe('ServingLoad', () => {
  const cases: Array<{ name: string; seconds: Second[]; want: unknown }> = [
    {
      name: 'nothing until 120 listener-seconds were seen',
      seconds: [...repeat(10, idle), ...repeat(11, { ...idle, plays: 10 })],
      want: null,
    },
    {
      // (4 % − 1 %) / 100 listeners and (2 × 11 % − 2 %) / 100 listeners.
      name: 'CPU above the idle baseline, per listener, by process',
      seconds: [
        ...repeat(10, idle),
        ...repeat(60, { dispatcher: 4, workers: [11, 11], plays: 100 }),
      ],
      want: {
        cpuPerListener: 0.0023,
        workerCpuPerListener: 0.002,
        dispatcherCpuPerListener: 0.0003,
        transcodeSpeed: null,
        listenerSeconds: 6000,
      },
    },
    {
      // A busy second among the idle ones (a sign-in) does not raise the baseline.
      name: 'the quietest idle second is the baseline',
      seconds: [
        ...repeat(5, idle),
        { dispatcher: 40, workers: [90, 90], plays: 0 },
        ...repeat(5, idle),
        ...repeat(60, { dispatcher: 1, workers: [6, 1], plays: 50 }),
      ],
      want: { workerCpuPerListener: 0.001, dispatcherCpuPerListener: 0 },
    },
    {
      // 20 transcodes using 50 % of a thread: 20 / 0.5 = 40 s of audio per CPU s.
      name: 'transcode speed from the ffmpeg CPU of running transcodes',
      seconds: [
        ...repeat(3, idle),
        ...repeat(30, { ...idle, ffmpeg: 50, plays: 20, transcodes: 20 }),
      ],
      want: { transcodeSpeed: 40 },
    },
    {
      // 10 transcodes holding 540 MiB together: 54 MiB each.
      name: 'memory of one running ffmpeg from the RSS of all of them',
      seconds: [
        ...repeat(3, idle),
        ...repeat(30, { ...idle, ffmpeg: 25, ffmpegRss: 540, plays: 20, transcodes: 10 }),
      ],
      want: { transcodeRssBytes: 54 * 2 ** 20, transcodeShare: 0.5 },
    },
    {
      name: 'no ffmpeg memory figure before 120 transcode-seconds',
      seconds: [
        ...repeat(3, idle),
        ...repeat(11, { ...idle, ffmpegRss: 540, plays: 20, transcodes: 10 }),
      ],
      want: { transcodeRssBytes: null },
    },
  ];

  it.each(cases)('$name', ({ seconds, want }) => {
    const cost = feed(seconds).cost();
    if (want === null) expect(cost).toBeNull();
    else
      for (const [key, value] of Object.entries(want as Record<string, number | null>)) {
        if (value === null) expect(cost?.[key as 'transcodeSpeed'], key).toBeNull();
        else expect(cost?.[key as 'cpuPerListener'], key).toBeCloseTo(value, 6);
      }
  });

  it('forgets listening older than five minutes', () => {
    const heavy = { dispatcher: 21, workers: [1, 1], plays: 100 };
    const light = { dispatcher: 6, workers: [1, 1], plays: 100 };
    const load = feed([...repeat(3, idle), ...repeat(300, heavy), ...repeat(300, light)]);
    expect(load.cost()?.dispatcherCpuPerListener).toBeCloseTo(0.0005, 6);
  });

  it('hands its figures to the capacity model as measurements', () => {
    const load = feed([
      ...repeat(3, idle),
      ...repeat(30, {
        dispatcher: 3,
        workers: [5, 5],
        ffmpeg: 50,
        ffmpegRss: 1000,
        plays: 20,
        transcodes: 20,
      }),
    ]);
    const snapshot = {
      processes: [],
      serving: load.cost(),
    } as unknown as MetricsSnapshot;
    expect(measurementsFrom(snapshot, 100)).toEqual({
      transcodeSpeed: 40, // real listening wins over the calibration's 100
      transcodeShare: 1, // a transcode ran for every listener all along
      transcodeRssBytes: 50 * 2 ** 20,
      servingCpuPerListener: expect.closeTo(0.005, 6),
      workerCpuPerListener: expect.closeTo(0.004, 6),
      dispatcherCpuPerListener: expect.closeTo(0.001, 6),
    });
  });
});
