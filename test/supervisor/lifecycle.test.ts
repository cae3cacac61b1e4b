// The supervisor's life cycle with real workers: a resize from 2 to 4 to 1
// workers while a 5-minute track streams through the dispatcher, a worker
// that crashes at start, and an ordered shutdown of the headless server that
// leaves no child process behind.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createUser } from '../../server/auth/users.js';
import { dbFile, openDb } from '../../server/db/index.js';
import { runRecordedScan } from '../../server/library/scan-control.js';
import type { ProcessMetrics as Metrics } from '../../server/supervisor/protocol.js';
import { cliPath, repoRoot, tempDir } from '../helpers/paths.js';
import { httpPids, sleep, startCluster, until, type Cluster } from './harness.js';

/** A process's metrics, with when they were read. */
type ProcessMetrics = Metrics & { at: number };

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

/** A 5-minute 128 kbit/s MP3 (4.8 MB) in a new music folder. */
function fiveMinuteTrack(): { musicDir: string; file: string } {
  const musicDir = tempDir('hearth-resize-music-');
  const file = path.join(musicDir, 'five minutes.mp3');
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-f', 'lavfi', '-i', 'sine=f=330:d=300'],
    ...['-c:a', 'libmp3lame', '-b:a', '128k', '-metadata', 'title=Five minutes', file],
  ]);
  return { musicDir, file };
}

/** An admin in the cluster's database, the track scanned, a session cookie. */
async function prepareLibrary(c: Cluster, musicDir: string, file: string) {
  const db = openDb(dbFile(c.dataDir));
  await createUser(db, {
    username: 'resize',
    password: 'resize-password',
    role: 'admin',
  });
  await runRecordedScan({ db, folders: [musicDir], threads: 1 });
  const { id } = db.prepare('SELECT id FROM track WHERE path = ?').get(file) as {
    id: string;
  };
  db.close();
  const res = await fetch(`${c.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: c.url },
    body: JSON.stringify({ username: 'resize', password: 'resize-password' }),
  });
  const cookie = /^(hearth_session=[^;]+)/.exec(res.headers.getSetCookie()[0] ?? '')?.[1];
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
  return { id, cookie };
}

/** Reads a response at about `bytesPerS`, like a player filling its buffer. */
function readPaced(url: string, cookie: string, bytesPerS: number) {
  const chunks: Buffer[] = [];
  let received = 0;
  const done = new Promise<Buffer>((resolve, reject) => {
    http
      .get(url, { headers: { cookie }, agent: false }, (res) => {
        const started = Date.now();
        if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          received += chunk.length;
          const aheadMs = (received / bytesPerS) * 1000 - (Date.now() - started);
          if (aheadMs > 0) {
            res.pause();
            setTimeout(() => res.resume(), aheadMs);
          }
        });
        res.on('end', () => resolve(Buffer.concat(chunks)));
        res.on('error', reject);
      })
      .on('error', reject);
  });
  return { done, received: () => received };
}

describe('resize while a stream plays', () => {
  test('2 -> 4 -> 1 workers: the 5-minute stream goes on, byte for byte', async () => {
    const { musicDir, file } = fiveMinuteTrack();
    const size = fs.statSync(file).size;
    cluster = await startCluster({
      settings: { workers: 2, musicFolders: [musicDir], limitTimeReal: 5 },
    });
    const c = cluster;
    const { id, cookie } = await prepareLibrary(c, musicDir, file);

    // 1. The stream starts, paced to last about 16 s.
    const stream = readPaced(`${c.url}/api/tracks/${id}/stream`, cookie, size / 16);
    await until(() => stream.received() > 0, 5000);
    const first = httpPids(c.supervisor);

    // 2. Up to 4 workers: the two new ones start, the old ones stay.
    c.supervisor.resize(4);
    await until(() => httpPids(c.supervisor).length === 4, 15_000);
    expect(await c.supervisor.whenReady(15_000)).toBe(true);
    expect(httpPids(c.supervisor)).toEqual(expect.arrayContaining(first));

    // 3. Down to 1: three drain, among them the one serving the stream.
    c.supervisor.resize(1);
    await until(() => httpPids(c.supervisor).length === 1, 15_000);
    const midway = stream.received();
    expect(midway).toBeLessThan(size);

    // 4. The stream ends whole, and the draining workers then leave.
    const body = await stream.done;
    expect(body.length).toBe(size);
    expect(body.equals(fs.readFileSync(file))).toBe(true);
    await until(
      () => c.supervisor.pool.workers().filter((w) => w.role === 'http').length === 1,
      10_000,
    );
    console.log(
      `resize: ${midway} of ${size} bytes had arrived when the count reached 1; ` +
        'the rest arrived intact',
    );
  }, 60_000);
});

describe('a worker that crashes at start', () => {
  test('is backed off and reported as failing, and the CPU stays near idle', async () => {
    const entry = path.join(tempDir('hearth-crash-'), 'crash.mjs');
    fs.writeFileSync(entry, 'process.exit(1);\n');
    // Both slots (HTTP and job) run the crashing entry.
    cluster = await startCluster({ entry, settings: { workers: 1 }, waitReady: false });
    const c = cluster;
    let exits = 0;
    c.supervisor.on('exit', () => (exits += 1));

    // 1. Watch 8 s of the loop: CPU of this process and its reaped children,
    // and what the slot reports, sampled four times a second.
    await sleep(500);
    const cpuBefore = cpuSeconds();
    const exitsBefore = exits;
    const seen: ProcessMetrics[] = [];
    const sampler = setInterval(() => {
      const now = c.supervisor.snapshot().processes.find((p) => p.slot === 'http-1');
      if (now) seen.push({ ...now, at: Date.now() });
    }, 250);
    await sleep(8000);
    clearInterval(sampler);
    const cpuShare = (cpuSeconds() - cpuBefore) / 8;
    const attempts = exits - exitsBefore;

    // 2. Backed off: a handful of attempts, not a hundred, and reported as
    // failing, with the time of the next try while it waits.
    const slot = seen.at(-1);
    expect(slot?.failures).toBeGreaterThanOrEqual(3);
    expect(seen.every((p) => p.state !== 'ready')).toBe(true);
    expect(seen.some((p) => (p.nextStartAt ?? 0) > p.at)).toBe(true);
    expect(slot?.lastExit).toMatchObject({ reason: 'crashed', code: 1 });
    expect(attempts).toBeLessThanOrEqual(10);
    expect(cpuShare).toBeLessThan(0.2);
    console.log(
      `crash loop: ${attempts} attempts in 8 s over 2 slots, ${slot?.failures} failures, ` +
        `CPU ${(cpuShare * 100).toFixed(1)} % of one thread`,
    );
  }, 30_000);
});

/** User + system CPU of this process and of its children that have ended. */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After the ") ", field 14 (cutime) and 15 (cstime) of stat are at 13, 14.
  const children = (Number(fields[13]) + Number(fields[14])) / 100;
  return (own.user + own.system) / 1e6 + children;
}

describe('shutdown of the headless server', () => {
  test('SIGTERM stops accepting, drains, exits 0 and leaves no child', async () => {
    const dataDir = tempDir('hearth-shutdown-');
    const music = tempDir('hearth-shutdown-music-');
    const child = spawn(
      process.execPath,
      [cliPath, '--data', dataDir, '--music', music, '--port', '0', '--workers=2'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

    // 1. Wait for the workers, then note every process under the server.
    await until(() => output.includes('http worker ready'), 20_000);
    await until(() => descendants(child.pid!).length >= 2, 10_000);
    const under = descendants(child.pid!);

    // 2. SIGTERM: a clean exit, and none of those processes remain.
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    await until(() => under.every((pid) => !alive(pid)), 5000);
    expect(output).toContain('supervisor stopped');
    console.log(`shutdown: ${under.length} child processes, all gone after SIGTERM`);
  }, 40_000);

  test('npm start: SIGTERM to npm reaches the server, nothing is left', async () => {
    const dataDir = tempDir('hearth-npm-start-');
    const music = tempDir('hearth-npm-start-music-');
    const flags = ['--data', dataDir, '--music', music, '--port', '0'];
    const npm = spawn('npm', ['start', '--', ...flags, '--workers=1', '--no-scan'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

    // 1. Every process under npm once the server serves: the server, its workers.
    await until(() => output.includes('http worker ready'), 20_000);
    await until(() => descendants(npm.pid!).length >= 3, 10_000);
    const under = descendants(npm.pid!);

    // 2. SIGTERM to npm alone: the package scripts exec node, so the server
    // gets the signal itself instead of being orphaned by a shell.
    try {
      npm.kill('SIGTERM');
      await until(() => under.every((pid) => !alive(pid)), 10_000);
      expect(output).toContain('supervisor stopped');
    } finally {
      for (const pid of under.filter(alive)) process.kill(pid, 'SIGKILL');
    }
  }, 40_000);
});

/** Every process below `pid`, from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.split(') ')[1]!.split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const visit = (p: number) => {
    for (const kid of parents.get(p) ?? []) {
      found.push(kid);
      visit(kid);
    }
  };
  visit(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
