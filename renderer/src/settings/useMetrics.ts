// The live metrics for the gauge: the latest sample and the last five
// minutes of them, for as long as the page is signed in.
import { useEffect, useState } from 'preact/hooks';
import type { Backend } from './backend.js';
import { appendSample, type HistoryPoint } from './history.js';
import type { MetricsSnapshot } from './types.js';

export function useMetrics(backend: Backend, on: boolean) {
  const [snapshot, setSnapshot] = useState<MetricsSnapshot | null>(null);
  const [history, setHistory] = useState<HistoryPoint[]>([]);
  useEffect(() => {
    if (!on) return undefined;
    return backend.watchMetrics((next) => {
      setSnapshot(next);
      setHistory((points) => appendSample(points, next));
    });
  }, [backend, on]);
  return { snapshot, history };
}
