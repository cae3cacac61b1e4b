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
    // 30 by workers; 2 × 0.75 / (1 / 48) = 72 by CPU; (4096 − 600) / 30 by RAM.
    name: 'seed assumptions, 2 workers on a 2-thread 8 GiB machine',
    workers: 2,
    threads: 2,
    memory: 8 * GiB,
    listeners: 30,
    limitedBy: 'workers',
    limits: { workers: 30, cpu: 72, ram: (4096 - 600) / 30 },
    projectedRamMiB: 600 + 30 * 30,
  },
  {
    name: 'seed assumptions, 8 workers on an 8-thread 16 GiB machine',
    workers: 8,
    threads: 8,
    memory: 16 * GiB,
    listeners: 120,
    limitedBy: 'workers',
    limits: { workers: 120, cpu: 288, ram: (8192 - 1500) / 30 },
    projectedRamMiB: 1500 + 120 * 30,
  },
  {
    name: 'many workers on few threads: transcoding CPU runs out',
    workers: 16,
    threads: 4,
    memory: 32 * GiB,
    listeners: 144,
    limitedBy: 'cpu',
    limits: { workers: 240, cpu: 144, ram: (16384 - 2700) / 30 },
    projectedRamMiB: 2700 + 144 * 30,
  },
  {
    name: 'a 2 GiB machine: memory runs out after four listeners',
    workers: 4,
    threads: 4,
    memory: 2 * GiB,
    listeners: 4,
    limitedBy: 'ram',
    limits: { workers: 60, cpu: 144, ram: (1024 - 900) / 30 },
    projectedRamMiB: 900 + 4 * 30,
  },
  {
    name: 'the processes alone exceed the memory budget',
    workers: 4,
    threads: 4,
    memory: 1 * GiB,
    listeners: 0,
    limitedBy: 'ram',
    limits: { workers: 60, cpu: 144, ram: 0 },
    projectedRamMiB: 900,
  },
  {
    name: 'workers = 0 serves from the supervisor process alone',
    workers: 0,
    threads: 2,
    memory: 8 * GiB,
    listeners: 15,
    limitedBy: 'workers',
    limits: { workers: 15, cpu: 72, ram: (4096 - 150) / 30 },
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
    // 2 threads × 0.75 / (1 / 20) = 30, as many as the workers carry.
    measured: { transcodeSpeed: 20 },
    listeners: 30,
    limitedBy: 'workers',
    limits: { workers: 30, cpu: 30, ram: (4096 - 600) / 30 },
    projectedRamMiB: 600 + 30 * 30,
  },
  {
    // users per worker = 1500 req/s / 0.1 req/s per listener = 15000;
    // CPU: 2 × 0.75 / (0.25 / 400) = 2400.
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
    listeners: 2400,
    limitedBy: 'cpu',
    limits: { workers: 30_000, cpu: 2400, ram: (12288 - 230) / 5 },
    projectedRamMiB: 230 + 2400 * 5,
  },
];
