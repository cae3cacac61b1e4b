// Applying settings to a running supervisor with real workers: each change
// reaches exactly the processes that read it, and nothing else restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateSettings } from '../../server/settings/load.js';
import type { SettingsInput } from '../../server/settings/schema.js';
import { startCluster, until, type Cluster } from '../supervisor/harness.js';

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ settings: { workers: 2 } });
  // startCluster waits for the HTTP workers; the job worker may come later.
  await until(() => cluster.supervisor.pool.jobWorker(), 20_000);
});
afterAll(() => cluster.stop());

const httpPids = () =>
  cluster.supervisor.pool
    .httpSlots()
    .map((slot) => slot.current?.pid)
    .sort();
const jobPid = () => cluster.supervisor.pool.jobWorker()?.pid;

/** Applies a change on top of the settings in effect. */
function apply(change: SettingsInput) {
  const next = validateSettings({ ...cluster.supervisor.settings(), ...change });
  return cluster.supervisor.applySettings(next);
}

/** Waits until `check` holds and every HTTP slot has a ready worker. */
async function settle(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (check() && (await cluster.supervisor.whenReady(100))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the workers did not settle');
}

describe('applySettings on a running supervisor', () => {
  it('memory limits go to the watchdog alone: no process restarts', async () => {
    const before = { http: httpPids(), job: jobPid() };
    const change = apply({ limitMemorySoft: 300, limitMemoryHard: 700 });
    expect(change).toMatchObject({ watchdog: true, restartHttpWorkers: false });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect({ http: httpPids(), job: jobPid() }).toEqual(before);
    expect(cluster.supervisor.settings().limitMemorySoft).toBe(300);
  });

  it('limitTimeReal replaces every HTTP worker, one by one, and not the job worker', async () => {
    const before = { http: httpPids(), job: jobPid() };
    apply({ limitTimeReal: 7 });
    await settle(() => httpPids().every((pid) => pid && !before.http.includes(pid)));
    expect(jobPid()).toBe(before.job);
    expect(cluster.supervisor.settings().limitTimeReal).toBe(7);
  });

  it('the scan schedule replaces the job worker only', async () => {
    const before = { http: httpPids(), job: jobPid() };
    apply({ scanIntervalHours: 6 });
    await settle(() => jobPid() !== undefined && jobPid() !== before.job);
    expect(httpPids()).toEqual(before.http);
  });

  it('the worker count resizes, keeping the workers that stay', async () => {
    const before = httpPids();
    const change = apply({ workers: 3 });
    expect(change.workersChange?.workers).toBe(3);
    await settle(() => httpPids().length === 3);
    expect(httpPids()).toEqual(expect.arrayContaining(before));
  });

  it('a new port waits for a restart: the server keeps its address', async () => {
    const port = cluster.supervisor.port;
    const change = apply({ port: port + 1 });
    expect(change.needsRestart).toEqual(['port']);
    expect(cluster.supervisor.settings().port).toBe(0);
    expect(cluster.supervisor.port).toBe(port);
  });
});
