// The artwork job under jobLimitTimeReal in the real job worker: over the
// corpus's covered files (each its own album), making every thumbnail takes
// longer than a 3 s limit, so the first run after the scan is stopped by the
// limit with its checkpoint saved; the next runs resume after the last album
// done, until one completes. (The external-info job's checkpoint is shown
// against the fake Last.fm in external.test.ts.)
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { JobRun } from '../../server/supervisor/protocol.js';
import { corpusDir, tempDir } from '../helpers/paths.js';
import { startCluster, until, type Cluster } from '../supervisor/harness.js';

let cluster: Cluster | undefined;
afterAll(() => cluster?.stop());

function coveredLibrary(): string {
  const music = tempDir('hearth-art-limit-');
  const rows = fs.readFileSync(path.join(corpusDir, 'MANIFEST.tsv'), 'utf8').split('\n');
  for (const cells of rows.slice(1).map((row) => row.split('\t'))) {
    if (!cells[13]?.startsWith('yes')) continue;
    const dir = path.join(music, cells[0]!);
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(corpusDir, cells[0]!), path.join(dir, cells[0]!));
  }
  return music;
}

/** The next finished run of `name` after `previous`. */
function nextRun(c: Cluster, name: string, previous: JobRun | null): Promise<JobRun> {
  return until(
    () => {
      const job = c.supervisor.jobStatus().find((j) => j.name === name);
      const run = job?.lastRun ?? null;
      const fresh = run && run.startedAt !== previous?.startedAt && job?.state === 'idle';
      return fresh ? run : null;
    },
    60_000,
    100,
  );
}

describe('artwork job limits', () => {
  test('stopped by jobLimitTimeReal, it resumes from its checkpoint and completes', async () => {
    cluster = await startCluster({
      settings: {
        workers: 1,
        musicFolders: [coveredLibrary()],
        scanOnStart: true,
        watchMusicFolders: false,
        jobLimitTimeReal: 3,
      },
    });
    const c = cluster;
    await until(() => c.supervisor.pool.jobWorker(), 20_000);

    // 1. The scan (run again if the limit stopped it), then the artwork run
    // queued behind it (at start-up, or by the scan's success).
    let scan = await nextRun(c, 'scan', null);
    while (scan.status !== 'ok') {
      await c.supervisor.runJob('scan');
      scan = await nextRun(c, 'scan', scan);
    }
    let run = await until(
      () => {
        const job = c.supervisor.jobStatus().find((j) => j.name === 'artwork');
        const last = job?.lastRun;
        return last && last.startedAt >= scan.finishedAt && job.state === 'idle'
          ? last
          : null;
      },
      60_000,
      100,
    );
    expect(run).toMatchObject({ status: 'stopped', reason: 'jobLimitTimeReal' });

    // 2. Each next run resumes after the last album done, until one completes.
    const runs: JobRun[] = [run];
    while (run.status !== 'ok' && runs.length < 10) {
      expect(await c.supervisor.runJob('artwork')).toEqual({ queued: true });
      run = await nextRun(c, 'artwork', run);
      runs.push(run);
    }
    expect(run.status).toBe('ok');
    expect(run.result?.resumedFrom).toEqual(expect.any(String));
    expect(run.result?.made).toBeGreaterThan(0);
    process.stdout.write(
      `artwork runs: ${JSON.stringify(runs.map((r) => [r.status, r.durationMs]))}\n`,
    );
  }, 180_000);
});
