// Cancelling a job through the admin API, on the real job worker with the
// test-only step job (30 steps of 100 ms, a checkpoint after each): the run
// stops as "cancelled", is not retried before its schedule, and the next run
// resumes at the checkpoint. The scan's ETA comes from its pace so far.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dbFile, openDb, type Db } from '../../server/db/index.js';
import type { ScanStatus } from '../../server/http/deps.js';
import { scanEta } from '../../server/http/routes/library.js';
import type { JobStatus } from '../../server/supervisor/protocol.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { startCluster, until, type Cluster } from '../supervisor/harness.js';

let cluster: Cluster;
let db: Db;
let admin: SignedIn;

beforeAll(async () => {
  cluster = await startCluster({ settings: { workers: 1 } });
  await until(() => cluster.supervisor.pool.jobWorker(), 20_000);
  db = openDb(dbFile(cluster.dataDir), { migrate: false });
  admin = await signIn({ url: cluster.url, db }, 'admin');
}, 60_000);

afterAll(async () => {
  db?.close();
  await cluster?.stop();
});

const steps = (): JobStatus | undefined =>
  cluster.supervisor.jobStatus().find((job) => job.name === 'test-steps');

function savedStep(): number {
  const jobs = JSON.parse(
    fs.readFileSync(path.join(cluster.dataDir, 'jobs.json'), 'utf8'),
  );
  return (
    (jobs as Record<string, { checkpoint: { next: number } | null }>)['test-steps']
      ?.checkpoint?.next ?? 0
  );
}

const post = (route: string) => admin.fetch(route, { method: 'POST' });

describe('cancelling a job', () => {
  test('stops the run, keeps its checkpoint, and the next run resumes', async () => {
    // 1. Start the job and cancel it part way.
    expect((await post('/api/admin/jobs/test-steps/run')).status).toBe(202);
    await until(() => steps()?.state === 'running', 10_000, 20);
    await new Promise((resolve) => setTimeout(resolve, 800));
    const res = await post('/api/admin/jobs/test-steps/cancel');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ cancelled: true });

    // 2. Stopped as cancelled, part way, and not queued again for a retry.
    const stopped = await until(() => {
      const job = steps();
      return job?.state === 'idle' && job.lastRun?.status === 'stopped' ? job : null;
    }, 10_000);
    expect(stopped.lastRun).toMatchObject({ reason: 'cancelled' });
    const checkpoint = savedStep();
    expect(checkpoint).toBeGreaterThan(0);
    expect(checkpoint).toBeLessThan(30);
    expect(stopped.nextRunAt).toBeNull();

    // 3. Nothing left to cancel; a job that does not exist is a 404.
    expect(await (await post('/api/admin/jobs/test-steps/cancel')).json()).toEqual({
      cancelled: false,
    });
    expect((await post('/api/admin/jobs/no-such-job/cancel')).status).toBe(404);

    // 4. The next run resumes from the checkpoint and completes.
    await post('/api/admin/jobs/test-steps/run');
    const done = await until(() => {
      const job = steps();
      return job?.state === 'idle' && job.lastRun?.status === 'ok' ? job.lastRun : null;
    }, 15_000);
    expect(done.result).toMatchObject({ resumedFrom: checkpoint, totalSteps: 30 });
  });

  test('a plain user may not cancel', async () => {
    const user = await signIn({ url: cluster.url, db }, 'user');
    const res = await user.fetch('/api/admin/jobs/test-steps/cancel', { method: 'POST' });
    expect(res.status).toBe(403);
  });
});

describe('scan ETA', () => {
  const base: ScanStatus = {
    running: true,
    done: 0,
    total: 0,
    currentFolder: null,
    startedAt: 0,
    finishedAt: null,
    lastResult: null,
  };
  const cases: Array<[string, Partial<ScanStatus>, number, number | null]> = [
    ['not running', { running: false, done: 50, total: 100 }, 10_000, null],
    ['too few files to tell', { done: 5, total: 100 }, 10_000, null],
    ['under a second in', { done: 50, total: 100 }, 500, null],
    ['half done in 10 s: 10 s left', { done: 50, total: 100 }, 10_000, 10],
    ['a quarter in 3 s: 9 s left', { done: 250, total: 1000 }, 3000, 9],
    ['rounds up', { done: 30, total: 100 }, 1000, 3],
    ['done', { done: 100, total: 100 }, 5000, 0],
  ];
  test.each(cases)('%s', (_name, status, now, want) => {
    expect(scanEta({ ...base, ...status }, now)).toBe(want);
  });
});
