// What this machine has measured for the capacity model, gathered from the
// live metrics and the transcode calibration. The settings window fetches it
// once and projects capacity in the page as the worker slider moves.
import os from 'node:os';
import type { MetricsSnapshot } from '../supervisor/protocol.js';
import { hardwareThreads } from '../settings/schema.js';
import type { CapacityMeasurements } from './model.js';

/** The machine and its measurements, as GET /api/admin/capacity answers. */
export interface CapacityContext {
  machine: { threads: number; memoryBytes: number };
  /** The HTTP worker count the server runs with now. */
  workers: number;
  measured: CapacityMeasurements;
}

/**
 * Measurements from a metrics snapshot: the mean RSS of ready HTTP workers,
 * the supervisor's own RSS and, once people have listened, what serving one
 * listener costs in CPU and what one running ffmpeg holds in memory. Pure; absent figures stay absent so the model
 * falls back to its assumptions.
 */
export function measurementsFrom(
  snapshot: MetricsSnapshot | null,
  transcodeSpeed?: number,
): CapacityMeasurements {
  const measured: CapacityMeasurements = {};
  const workers = (snapshot?.processes ?? []).filter(
    (p) => p.role === 'http' && p.state === 'ready' && p.rssBytes > 0,
  );
  if (workers.length > 0) {
    measured.workerRssBytes =
      workers.reduce((sum, p) => sum + p.rssBytes, 0) / workers.length;
  }
  const main = snapshot?.processes.find((p) => p.role === 'supervisor' && p.rssBytes > 0);
  if (main) measured.mainRssBytes = main.rssBytes;
  if (transcodeSpeed !== undefined) measured.transcodeSpeed = transcodeSpeed;
  const serving = snapshot?.serving;
  // Transcodes of real listeners, at their pace, beat a flat-out calibration.
  if (serving?.transcodeSpeed) measured.transcodeSpeed = serving.transcodeSpeed;
  if (serving?.transcodeRssBytes) measured.transcodeRssBytes = serving.transcodeRssBytes;
  if (serving) {
    measured.transcodeShare = Math.min(1, serving.transcodeShare);
    measured.servingCpuPerListener = serving.cpuPerListener;
    measured.workerCpuPerListener = serving.workerCpuPerListener;
    measured.dispatcherCpuPerListener = serving.dispatcherCpuPerListener;
  }
  return measured;
}

/** This machine's threads and memory. */
export function machineFacts(): CapacityContext['machine'] {
  return { threads: hardwareThreads(), memoryBytes: os.totalmem() };
}
