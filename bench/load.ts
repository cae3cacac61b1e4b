// Runs load-client.ts in a child process and summarises what it measured.
import { fork } from 'node:child_process';
import type { LoadConfig, LoadResult } from './load-client.js';

export interface LoadSummary {
  requests: number;
  errors: number;
  non2xx: number;
  requestsPerSec: number;
  mbPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU the load client itself used per request, us. */
  clientCpuUsPerRequest: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length));
  return sorted[index]!;
}

const round = (value: number, places = 2) => Number(value.toFixed(places));

/** The load, from a separate process so its CPU is not the server's. */
export function loadFromChild(config: LoadConfig): Promise<LoadSummary> {
  const child = fork(new URL('./load-client.js', import.meta.url), [], {
    serialization: 'advanced',
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => {
      const result = message as LoadResult;
      resolve({
        requests: result.requests,
        errors: result.errors,
        non2xx: result.non2xx,
        requestsPerSec: round(result.requests / result.seconds, 0),
        mbPerSec: round(result.bytes / 1e6 / result.seconds, 1),
        p50Ms: round(percentile(result.latencies, 50)),
        p99Ms: round(percentile(result.latencies, 99)),
        clientCpuUsPerRequest: round(
          (result.cpuMs * 1000) / Math.max(1, result.requests),
          0,
        ),
      });
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load client exited with ${code}`));
    });
    child.send(config);
  });
}
