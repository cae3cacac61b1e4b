// jobLimitTimeReal and jobLimitTimeCpu on the real job worker, with the
// test-only step jobs (server/worker/jobs/test-jobs.ts: 30 steps, a checkpoint
// after each). A polite job past its wall-time limit is stopped inside the
// worker; one that spins past its CPU limit gets the worker killed. Either way
// the next run starts at the saved checkpoint and completes.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { JobRun } from '../../server/supervisor/protocol.js';
import { startCluster, until, type Cluster } from './harness.js';

const totalSteps = 30;

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

async function withJobLimits(settings: Record<string, unknown>): Promise<Cluster> {
  cluster = await startCluster({ settings: { workers: 1, ...settings } });
  await until(() => cluster!.supervisor.pool.jobWorker(), 20_000);
  return cluster;
}

/** The last run of `name` once it differs from `previous` (a new run has ended). */
function nextRun(
  c: Cluster,
  name: string,
  previous: JobRun | null,
  timeoutMs: number,
): Promise<JobRun> {
  return until(() => {
    const job = c.supervisor.jobStatus().find((j) => j.name === name);
    const run = job?.lastRun ?? null;
    const fresh = run && run.startedAt !== previous?.startedAt;
    return fresh && job?.state === 'idle' && run.reason !== 'killed' ? run : null;
  }, timeoutMs);
}

/** The checkpoint the job worker saved for `name` in the data folder. */
function savedStep(c: Cluster, name: string): number {
  const file = path.join(c.dataDir, 'jobs.json');
  const jobs = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<
    string,
    { checkpoint: { next: number } | null }
  >;
  return jobs[name]?.checkpoint?.next ?? 0;
}

describe('job limits', () => {
  test('past jobLimitTimeReal a job is stopped; the next run completes from its checkpoint', async () => {
    const limitS = 2;
    const c = await withJobLimits({ jobLimitTimeReal: limitS });
    const jobPid = c.supervisor.pool.jobWorker()!.pid;

    // 1. Three seconds of work under a two-second limit: stopped part way.
    expect(await c.supervisor.runJob('test-steps')).toEqual({ queued: true });
    const stopped = await nextRun(c, 'test-steps', null, 15_000);
    expect(stopped).toMatchObject({ status: 'stopped', reason: 'jobLimitTimeReal' });
    const tookMs = stopped.finishedAt - stopped.startedAt;
    expect(tookMs).toBeGreaterThanOrEqual(limitS * 1000 - 50);
    expect(tookMs).toBeLessThan(limitS * 1000 + 1500);
    const checkpoint = savedStep(c, 'test-steps');
    expect(checkpoint).toBeGreaterThan(0);
    expect(checkpoint).toBeLessThan(totalSteps);

    // 2. The next run starts where the first one stopped, and completes.
    await c.supervisor.runJob('test-steps');
    const done = await nextRun(c, 'test-steps', stopped, 15_000);
    expect(done).toMatchObject({ status: 'ok', reason: null });
    expect(done.result).toEqual({
      resumedFrom: checkpoint,
      ranSteps: totalSteps - checkpoint,
      totalSteps,
    });
    expect(savedStep(c, 'test-steps')).toBe(0);

    // Stopped inside the worker: the job worker itself was never replaced.
    expect(c.supervisor.pool.jobWorker()!.pid).toBe(jobPid);
    expect(c.stops.filter((s) => s.slot === 'job')).toEqual([]);
    console.log(
      `job limits: stopped after ${tookMs} ms at step ${checkpoint}/${totalSteps}, ` +
        `resumed and finished in ${done.finishedAt - done.startedAt} ms`,
    );
  });

  test('a job spinning past jobLimitTimeCpu gets its worker killed; the job resumes and completes', async () => {
    const limitS = 2;
    const c = await withJobLimits({ jobLimitTimeCpu: limitS, jobLimitTimeReal: 60 });
    const firstPid = c.supervisor.pool.jobWorker()!.pid;

    // 7.5 s of a blocked event loop: no abort can reach it, only the watchdog.
    // The loop blocks before the worker can answer the call, so the answer
    // is lost with the worker; the run's record is what counts.
    const asked = c.supervisor.runJob('test-spin').catch((err: Error) => err.name);
    await until(() => c.stops.find((s) => s.reason === 'jobLimitTimeCpu'), 15_000);
    const kill = c.stops.find((s) => s.reason === 'jobLimitTimeCpu')!;
    expect(kill).toMatchObject({ slot: 'job', action: 'kill', pid: firstPid });
    expect(kill.limit).toBe(`${limitS} s`);
    expect(kill.requests).toContain('job test-spin');
    expect(await asked).toBe('ChannelClosedError');

    // Each new job worker resumes from the checkpoint until the job is done.
    const done = await nextRun(c, 'test-spin', null, 50_000);
    expect(done.status).toBe('ok');
    expect(done.result!.resumedFrom).toBeGreaterThan(0);
    const kills = c.stops.filter((s) => s.reason === 'jobLimitTimeCpu');
    expect(c.supervisor.pool.jobWorker()!.pid).not.toBe(firstPid);
    console.log(
      `job limits: test-spin took ${kills.length} kills, last run resumed at step ` +
        `${String(done.result!.resumedFrom)}`,
    );
  }, 90_000);
});
