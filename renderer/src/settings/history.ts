// The live chart's memory: one point per metrics sample, the last five
// minutes of them. Pure, so the chart's data can be reasoned about apart
// from the DOM.
import type { MetricsSnapshot } from './types.js';

export const historyWindowMs = 5 * 60 * 1000;

export interface HistoryPoint {
  at: number;
  cpuPercent: number;
  rssBytes: number;
  connections: number;
  streams: number;
}

/** `history` with `snapshot` added and points older than the window dropped. */
export function appendSample(
  history: HistoryPoint[],
  snapshot: MetricsSnapshot,
  windowMs = historyWindowMs,
): HistoryPoint[] {
  const point: HistoryPoint = {
    at: snapshot.at,
    cpuPercent: snapshot.totals.cpuPercent,
    rssBytes: snapshot.totals.rssBytes,
    connections: snapshot.totals.openConnections,
    streams: snapshot.totals.activeStreams,
  };
  const since = snapshot.at - windowMs;
  return [...history.filter((p) => p.at > since && p.at < snapshot.at), point];
}
