// The capacity model as a table (test/capacity/table.ts): each row is a
// machine, a worker count and what has been measured, with the projection
// worked out by hand from the formula in server/capacity/model.ts.
import { describe, expect, it } from 'vitest';
import { assumptions, projectCapacity } from '../../server/capacity/model.js';
import { capacityTable as table, GiB, MiB } from './table.js';

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
      Array(7).fill('assumed'),
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
