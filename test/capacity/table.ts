// The capacity model's table: each row is a machine, a worker count and what
// has been measured, with the projection worked out by hand from the formula
// in server/capacity/model.ts. The model's table test checks projectCapacity
// against it; the settings page test checks that the gauge shows the same.
import type { CapacityMeasurements, Resource } from '../../server/capacity/model.js';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

export interface CapacityRow {
  name: string;
  workers: number;
  threads: number;
  memory: number;
  measured?: CapacityMeasurements;
  listeners: number;
  limitedBy: Resource;
  /** Listeners per resource; Infinity where it bounds nothing. */
  limits: Record<Resource, number>;
  projectedRamMiB: number;
}

export const capacityTable: CapacityRow[] = [
  {
    // 30 by workers; 2 × 48 = 96 by CPU; (4096 − 150 − 3 × 150) / 30 by RAM.
    name: 'seed assumptions, 2 workers on a 2-thread 8 GiB machine',
    workers: 2,
    threads: 2,
    memory: 8 * GiB,
    listeners: 30,
    limitedBy: 'workers',
    limits: { workers: 30, cpu: 96, ram: (4096 - 600) / 30 },
    projectedRamMiB: 600 + 30 * 30,
  },
  {
    name: 'seed assumptions, 8 workers on an 8-thread 16 GiB machine',
    workers: 8,
    threads: 8,
    memory: 16 * GiB,
    listeners: 120,
    limitedBy: 'workers',
    limits: { workers: 120, cpu: 384, ram: (8192 - 1500) / 30 },
    projectedRamMiB: 1500 + 120 * 30,
  },
  {
    name: 'many workers on few threads: transcoding CPU runs out',
    workers: 16,
    threads: 4,
    memory: 32 * GiB,
    listeners: 192,
    limitedBy: 'cpu',
    limits: { workers: 240, cpu: 192, ram: (16384 - 2700) / 30 },
    projectedRamMiB: 2700 + 192 * 30,
  },
  {
    name: 'a 2 GiB machine: memory runs out after four listeners',
    workers: 4,
    threads: 4,
    memory: 2 * GiB,
    listeners: 4,
    limitedBy: 'ram',
    limits: { workers: 60, cpu: 192, ram: (1024 - 900) / 30 },
    projectedRamMiB: 900 + 4 * 30,
  },
  {
    name: 'the processes alone exceed the memory budget',
    workers: 4,
    threads: 4,
    memory: 1 * GiB,
    listeners: 0,
    limitedBy: 'ram',
    limits: { workers: 60, cpu: 192, ram: 0 },
    projectedRamMiB: 900,
  },
  {
    name: 'workers = 0 serves from the supervisor process alone',
    workers: 0,
    threads: 2,
    memory: 8 * GiB,
    listeners: 15,
    limitedBy: 'workers',
    limits: { workers: 15, cpu: 96, ram: (4096 - 150) / 30 },
    projectedRamMiB: 150 + 15 * 30,
  },
  {
    name: 'no transcodes: neither CPU nor RAM bounds listeners',
    workers: 4,
    threads: 2,
    memory: 8 * GiB,
    measured: { transcodeShare: 0 },
    listeners: 60,
    limitedBy: 'workers',
    limits: { workers: 60, cpu: Infinity, ram: Infinity },
    projectedRamMiB: 150 + 5 * 150,
  },
  {
    name: 'a tie between workers and CPU names workers',
    workers: 2,
    threads: 2,
    memory: 8 * GiB,
    measured: { transcodeSpeed: 15 },
    listeners: 30,
    limitedBy: 'workers',
    limits: { workers: 30, cpu: 30, ram: (4096 - 600) / 30 },
    projectedRamMiB: 600 + 30 * 30,
  },
  {
    // users per worker = 1500 req/s / 0.1 req/s per listener = 15000.
    name: 'everything measured: lean workers, fast ffmpeg, a quarter transcodes',
    workers: 2,
    threads: 2,
    memory: 24 * GiB,
    measured: {
      workerRssBytes: 50 * MiB,
      mainRssBytes: 80 * MiB,
      requestRatePerWorker: 1500,
      transcodeSpeed: 400,
      transcodeShare: 0.25,
      transcodeRssBytes: 20 * MiB,
    },
    listeners: 2411,
    limitedBy: 'ram',
    limits: { workers: 30_000, cpu: 3200, ram: (12288 - 230) / 5 },
    projectedRamMiB: 230 + 2411 * 5,
  },
  {
    // Measured by the household benchmark on this 2-thread machine (2 workers,
    // raw mix: 6.8 % of listening time transcoding; docs/performance.md).
    // Workers: 1 / 0.00079 per worker, capped by the dispatcher's 1 / 0.00027;
    // CPU: 2 / (0.068 / 43.9 + 0.00107); RAM: (12288 − 150 − 3 × 169) / 2.04.
    name: 'measured here: 2 workers, mostly raw plays',
    workers: 2,
    threads: 2,
    memory: 24 * GiB,
    measured: {
      workerRssBytes: 169 * MiB,
      mainRssBytes: 150 * MiB,
      servingCpuPerListener: 0.00107,
      workerCpuPerListener: 0.00079,
      dispatcherCpuPerListener: 0.00027,
      transcodeSpeed: 43.9,
      transcodeShare: 0.068,
    },
    listeners: 763,
    limitedBy: 'cpu',
    limits: {
      workers: Math.min(2 / 0.00079, 1 / 0.00027),
      cpu: 2 / (0.068 / 43.9 + 0.00107),
      ram: (12288 - 657) / 2.04,
    },
    projectedRamMiB: 657 + 763 * 2.04,
  },
  {
    // The same, transcode-heavy: 67.8 % of listening time transcoding at a
    // measured 35.2 s of audio per CPU second.
    name: 'measured here: 2 workers, mostly transcoded plays',
    workers: 2,
    threads: 2,
    memory: 24 * GiB,
    measured: {
      workerRssBytes: 129 * MiB,
      mainRssBytes: 150 * MiB,
      servingCpuPerListener: 0.00252,
      workerCpuPerListener: 0.00215,
      dispatcherCpuPerListener: 0.00037,
      transcodeSpeed: 35.2,
      transcodeShare: 0.678,
    },
    listeners: 91,
    limitedBy: 'cpu',
    limits: {
      workers: 2 / 0.00215,
      cpu: 2 / (0.678 / 35.2 + 0.00252),
      ram: (12288 - 537) / 20.34,
    },
    projectedRamMiB: 537 + 91 * 20.34,
  },
];
