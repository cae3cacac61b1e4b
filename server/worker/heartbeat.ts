// The worker's pulse. A few times a second it tells the supervisor it is alive
// and how it is doing. When the event loop is blocked the pulse stops, which
// is exactly what the watchdog needs to see.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Heartbeat } from '../supervisor/protocol.js';
import { readGauges } from './gauges.js';

/** The parts of a heartbeat that only the worker's role knows. */
export type HeartbeatCounters = Pick<
  Heartbeat,
  'openConnections' | 'activeRequests' | 'requestsServed' | 'inflight'
>;

export interface HeartbeatOptions {
  intervalMs: number;
  counters: () => HeartbeatCounters;
  send: (beat: Heartbeat) => void;
}

export interface HeartbeatHandle {
  /** Sends a heartbeat now (a counter crossed a limit). */
  beat(): void;
  stop(): void;
}

export function startHeartbeat(options: HeartbeatOptions): HeartbeatHandle {
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();

  const beat = () => {
    const cpu = process.cpuUsage();
    options.send({
      at: Date.now(),
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssBytes: process.memoryUsage.rss(),
      lagMs: Math.round(lag.max / 1e5) / 10,
      gauges: readGauges(),
      ...options.counters(),
    });
    lag.reset();
  };
  const timer = setInterval(beat, options.intervalMs);
  beat();
  return {
    beat,
    stop: () => {
      clearInterval(timer);
      lag.disable();
    },
  };
}
