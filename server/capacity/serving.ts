// What serving one listener costs this machine in CPU, measured from the
// supervisor's once-a-second samples while people actually listen. Transcodes
// are counted apart (ffmpeg runs in its own processes, measured by the
// calibration); this is the rest: the dispatcher piping bytes, the HTTP
// workers answering streams, covers and browsing.
//
// Each sample with streams open adds its CPU above the idle baseline (the
// CPU the same processes use with nobody listening: heartbeats, metrics) and
// its stream count, both times the sample's length. The cost is the ratio of
// the sums over the last five minutes of listening, in threads per listener,
// so it follows the household's current habits; it is reported once enough
// listening has been seen to mean something.
import type { MetricsSnapshot } from '../supervisor/protocol.js';

/** Listener-seconds of samples before a cost is reported. */
export const enoughListenerSeconds = 120;
/** Idle samples the baseline is the least of (five minutes). */
const idleSamples = 300;
/** Samples with listeners kept for the cost (one a second: five minutes). */
const windowSamples = 300;

interface ListeningSample {
  dispatcher: number;
  workers: number;
  listenerSeconds: number;
  /** Thread-seconds of ffmpeg, and transcode-seconds. */
  ffmpeg: number;
  transcodeSeconds: number;
  /** Byte-seconds of ffmpeg RSS. */
  ffmpegRss: number;
}

/** Threads one listener costs, where it is spent. */
export interface ServingCost {
  /** In all serving processes together (the dispatcher and every HTTP worker). */
  cpuPerListener: number;
  /** In the HTTP worker that serves the listener. */
  workerCpuPerListener: number;
  /** In the dispatcher (the supervisor's one thread). */
  dispatcherCpuPerListener: number;
  /**
   * Seconds of audio one CPU second transcodes for listeners playing at 1x:
   * the inverse of the threads one running transcode costs. Null until
   * enough transcoding was seen.
   */
  transcodeSpeed: number | null;
  /** Share of listening time with a transcode running. */
  transcodeShare: number;
  /** Mean RSS of one running ffmpeg, in bytes; null until enough transcoding was seen. */
  transcodeRssBytes: number | null;
  /** How much listening the figures come from. */
  listenerSeconds: number;
}

/** Threads used by the dispatcher and by the HTTP workers in one snapshot. */
function threadsOf(snapshot: MetricsSnapshot) {
  let dispatcher = 0;
  let workers = 0;
  let ffmpeg = 0;
  let ffmpegRss = 0;
  for (const p of snapshot.processes) {
    if (p.role === 'supervisor') dispatcher += p.cpuPercent / 100;
    else if (p.role === 'http') workers += p.cpuPercent / 100;
    ffmpeg += p.transcodeCpuPercent / 100;
    ffmpegRss += p.transcodeRssBytes ?? 0;
  }
  return { dispatcher, workers, ffmpeg, ffmpegRss };
}

export class ServingLoad {
  /** Recent samples with nobody listening. */
  private idle: Array<{ dispatcher: number; workers: number }> = [];
  private window: ListeningSample[] = [];
  private lastAt: number | null = null;

  /** Adds one snapshot; its length is the time since the previous one. */
  add(snapshot: MetricsSnapshot): void {
    const seconds = this.lastAt === null ? 0 : (snapshot.at - this.lastAt) / 1000;
    this.lastAt = snapshot.at;
    if (!(seconds > 0 && seconds < 10)) return;
    const used = threadsOf(snapshot);
    const streams = snapshot.totals.activeStreams;

    // 1. Nobody listening: the baseline the listeners' cost is counted above.
    // The least recent sample, not the mean: a sign-in or a page load while
    // nobody listens is not what the processes cost at rest.
    if (streams === 0) {
      this.idle.push({ dispatcher: used.dispatcher, workers: used.workers });
      if (this.idle.length > idleSamples) this.idle.shift();
      return;
    }

    // 2. Listening: CPU above the baseline, and the listeners it served.
    const idle = this.baseline();
    this.window.push({
      dispatcher: Math.max(0, used.dispatcher - idle.dispatcher) * seconds,
      workers: Math.max(0, used.workers - idle.workers) * seconds,
      listenerSeconds: streams * seconds,
      ffmpeg: used.ffmpeg * seconds,
      transcodeSeconds: snapshot.totals.activeTranscodes * seconds,
      ffmpegRss: used.ffmpegRss * seconds,
    });
    if (this.window.length > windowSamples) this.window.shift();
  }

  private baseline(): { dispatcher: number; workers: number } {
    if (this.idle.length === 0) return { dispatcher: 0, workers: 0 };
    return {
      dispatcher: Math.min(...this.idle.map((s) => s.dispatcher)),
      workers: Math.min(...this.idle.map((s) => s.workers)),
    };
  }

  /** The cost per listener, or null until enough listening was seen. */
  cost(): ServingCost | null {
    const sum = (pick: (s: ListeningSample) => number) =>
      this.window.reduce((total, s) => total + pick(s), 0);
    const dispatcher = sum((s) => s.dispatcher);
    const workers = sum((s) => s.workers);
    const listenerSeconds = sum((s) => s.listenerSeconds);
    const ffmpeg = sum((s) => s.ffmpeg);
    const transcodeSeconds = sum((s) => s.transcodeSeconds);
    const ffmpegRss = sum((s) => s.ffmpegRss);
    if (listenerSeconds < enoughListenerSeconds) return null;
    const enoughTranscoding = transcodeSeconds >= enoughListenerSeconds;
    return {
      cpuPerListener: (dispatcher + workers) / listenerSeconds,
      workerCpuPerListener: workers / listenerSeconds,
      dispatcherCpuPerListener: dispatcher / listenerSeconds,
      transcodeSpeed: enoughTranscoding && ffmpeg > 0 ? transcodeSeconds / ffmpeg : null,
      transcodeShare: transcodeSeconds / listenerSeconds,
      transcodeRssBytes:
        enoughTranscoding && ffmpegRss > 0 ? ffmpegRss / transcodeSeconds : null,
      listenerSeconds,
    };
  }
}
