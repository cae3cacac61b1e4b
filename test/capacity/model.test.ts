// The capacity model as a table: each row is a machine, a worker count and
// what has been measured, with the projection worked out by hand from the
// formula in server/capacity/model.ts.
import { describe, expect, it } from 'vitest';
import {
  assumptions,
  projectCapacity,
  type CapacityMeasurements,
  type Resource,
} from '../../server/capacity/model.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

interface Row {
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

const table: Row[] = [
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
];

describe('projectCapacity', () => {
  it.each(table)('$name', (row) => {
    const result = projectCapacity({
      workers: row.workers,
      hardwareThreads: row.threads,
      machineMemoryBytes: row.memory,
      measured: row.measured,
    });
    expect(result.listeners).toBe(row.listeners);
    expect(result.limitedBy).toBe(row.limitedBy);
    for (const resource of ['workers', 'cpu', 'ram'] as const) {
      expect(result.limits[resource]).toBeCloseTo(row.limits[resource], 6);
    }
    expect(result.ram.projectedBytes / MiB).toBeCloseTo(row.projectedRamMiB, 6);
    expect(result.ram.budgetBytes).toBe(row.memory / 2);
    expect(result.ram.machineBytes).toBe(row.memory);
  });

  it('marks every input assumed until something is measured', () => {
    const { inputs } = projectCapacity({
      workers: 2,
      hardwareThreads: 2,
      machineMemoryBytes: 8 * GiB,
    });
    expect(Object.values(inputs).map((input) => input.source)).toEqual(
      Array(6).fill('assumed'),
    );
    expect(inputs.workerRssBytes.value).toBe(150 * MiB);
    expect(inputs.usersPerWorker.value).toBe(15);
    expect(inputs.transcodeSpeed.value).toBe(48);
    expect(inputs.transcodeShare.value).toBe(1);
    expect(inputs.mainRssBytes.value).toBe(assumptions.workerRssBytes);
  });

  it('marks measured inputs and derives users per worker from the request rate', () => {
    const { inputs } = projectCapacity({
      workers: 2,
      hardwareThreads: 2,
      machineMemoryBytes: 8 * GiB,
      measured: { workerRssBytes: 40 * MiB, requestRatePerWorker: 30 },
    });
    expect(inputs.workerRssBytes).toEqual({ value: 40 * MiB, source: 'measured' });
    // The supervisor's RSS is assumed to be a worker's: here the measured one.
    expect(inputs.mainRssBytes).toEqual({ value: 40 * MiB, source: 'assumed' });
    expect(inputs.usersPerWorker).toEqual({ value: 300, source: 'measured' });
    expect(inputs.transcodeSpeed.source).toBe('assumed');
  });

  it('ignores measurements that are not usable numbers', () => {
    const { inputs } = projectCapacity({
      workers: 1,
      hardwareThreads: 1,
      machineMemoryBytes: GiB,
      measured: { transcodeSpeed: Number.NaN, workerRssBytes: -1, transcodeShare: 3 },
    });
    expect(inputs.transcodeSpeed).toEqual({ value: 48, source: 'assumed' });
    expect(inputs.workerRssBytes.source).toBe('assumed');
    expect(inputs.transcodeShare).toEqual({ value: 1, source: 'measured' });
  });

  it('never projects fewer listeners for more workers while workers limit', () => {
    const at = (workers: number) =>
      projectCapacity({ workers, hardwareThreads: 8, machineMemoryBytes: 64 * GiB });
    for (let workers = 1; workers < 16; workers += 1) {
      expect(at(workers + 1).listeners).toBeGreaterThanOrEqual(at(workers).listeners);
    }
  });
});
