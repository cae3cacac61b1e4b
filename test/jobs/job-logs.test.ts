// What the scheduler logs about job runs. The scrobbles job runs every
// minute, mostly with nothing queued: such a run logs at debug only, so an
// idle server writes no info lines for it, while a run that delivered,
// postponed or dropped a play still ends with an info line. Jobs that do
// not say when they are idle (the scan...) log start and end at info.
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';

// Every level, so the debug lines are captured too; set before the server
// modules create their loggers.
process.env.LOG_LEVEL = 'trace';
const { rootLogger } = await import('../../server/log.js');
const { dbFile, openDb } = await import('../../server/db/index.js');
const { validateSettings } = await import('../../server/settings/load.js');
const { scrobblesJob } = await import('../../server/worker/jobs/scrobbles.js');
const { JobStore } = await import('../../server/worker/job-store.js');
const { Scheduler } = await import('../../server/worker/scheduler.js');
const { createAccount } = await import('../helpers/auth.js');
const { tempDir } = await import('../helpers/paths.js');
type Job = import('../../server/worker/scheduler.js').Job;

const lines: { level: number; msg: string; job?: string; result?: unknown }[] = [];
const stream = (rootLogger() as unknown as Record<symbol, { write(s: string): boolean }>)[
  pino.symbols.streamSym
]!;
const originalWrite = stream.write;
stream.write = (text: string) => {
  lines.push(JSON.parse(text) as (typeof lines)[number]);
  return true;
};
afterAll(() => {
  stream.write = originalWrite;
});

const db = openDb(dbFile(tempDir('hearth-job-logs-')));
const settings = validateSettings({ scanOnStart: false });

/** Runs `job` once through a scheduler; the lines it logged about that job. */
async function runOnce(job: Job) {
  const scheduler = new Scheduler({
    jobs: [job],
    store: new JobStore(null),
    limits: { cpuMs: 60_000, realMs: 60_000 },
  });
  const from = lines.length;
  scheduler.run(job.name);
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (!lines.slice(from).some((l) => l.msg === 'job finished')) return;
      clearInterval(check);
      resolve();
    }, 10);
  });
  await scheduler.stop();
  return lines
    .slice(from)
    .filter((l) => l.job === job.name)
    .map((l) => ({ level: l.level, msg: l.msg, result: l.result }));
}

const debug = 20;
const info = 30;

describe('job run logs', () => {
  it('a scrobbles run with nothing queued logs at debug only', async () => {
    expect(await runOnce(scrobblesJob(db, settings))).toEqual([
      { level: debug, msg: 'job started', result: undefined },
      {
        level: debug,
        msg: 'job finished',
        result: { delivered: 0, waiting: 0, dropped: 0 },
      },
    ]);
  });

  it('a scrobbles run that did something ends with an info line', async () => {
    // A play queued for a service the user is no longer linked to: dropped.
    const { user } = await createAccount({ db }, 'user');
    db.prepare(
      `INSERT INTO scrobble_queue
         (user_id, service, track_id, artist, title, played_at, next_attempt_at)
       VALUES (?, 'lastfm', 't1', 'An Artist', 'A Title', ?, 0)`,
    ).run(user.id, Date.now());
    expect(await runOnce(scrobblesJob(db, settings))).toEqual([
      { level: debug, msg: 'job started', result: undefined },
      {
        level: info,
        msg: 'job finished',
        result: { delivered: 0, waiting: 0, dropped: 1 },
      },
    ]);
  });

  it('a job that does not say when it is idle logs at info', async () => {
    const plain: Job = {
      name: 'plain',
      intervalMs: 0,
      runAtStart: false,
      run: () => Promise.resolve({ done: 0 }),
    };
    expect((await runOnce(plain)).map((l) => [l.level, l.msg])).toEqual([
      [info, 'job started'],
      [info, 'job finished'],
    ]);
  });
});
