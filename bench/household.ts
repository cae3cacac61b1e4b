// The household simulator (`npm run bench -- household`). It starts the real
// headless server, then plays the part of a household: listeners who sign in,
// browse a little and play tracks back to back at 1x speed with a media
// element's read-ahead (raw files in byte ranges, transcodes paced by the
// server), sometimes seeking and sometimes skipping. It adds listeners step
// by step until the first stall, then finds the most it carries through long
// steps (findSaturation), and reports that saturation point next to the load
// gauge's projection for the same settings (server/capacity/model.ts).
//
// A stall is a listener whose buffer runs dry after playback began, one whose
// buffer stays under the refill mark for 10 s without growing (the server
// delivers less than real time: it will run dry, only later), a play that cannot
// start within 5 s, a failed stream, or a step whose browse p99 passes 500 ms.
// The simulator shares the machine with the server, so its own CPU is
// reported too: on a small machine it is part of what runs out.
//
// Configurations come from HEARTH_HOUSEHOLD (default "1:raw,2:raw,4:raw,
// 1:transcode,2:transcode,4:transcode"): worker count and mix. The raw mix
// transcodes 10 % of plays; the transcode mix 90 %.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createUser } from '../server/auth/users.js';
import { projectCapacity, type CapacityProjection } from '../server/capacity/model.js';
import type { CapacityContext } from '../server/capacity/inputs.js';
import { dbFile, openDb } from '../server/db/index.js';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const outDir = path.join(repoRoot, 'bench-out');
const musicDir = path.join(outDir, 'household-music');

/** Read-ahead like a media element's: fill to 30 s, refill below 20 s. */
const readAheadHighS = 30;
const readAheadLowS = 20;
/** Playback starts once this much is buffered; longer than 5 s to start is a stall. */
const startBufferS = 2;
const startTimeoutMs = 5000;
/**
 * Length of a step of the coarse ramp, and of a fine step near saturation.
 * A fine step is long enough for an overloaded server to show: players hold
 * 20-30 s, so a short step ends before their buffers run dry.
 */
const stepMs = Number(process.env.HEARTH_HOUSEHOLD_STEP_MS ?? 20_000);
const fineStepMs = Number(process.env.HEARTH_HOUSEHOLD_FINE_STEP_MS ?? 60_000);
/** The browse p99 that counts as a stall. */
const browseP99LimitMs = 500;
/**
 * A listener refilling its buffer this long without gaining on playback is
 * falling behind: the server delivers less than real time, and the buffer
 * will run dry however long the player holds out.
 */
const behindAfterMs = 10_000;
/**
 * After an overload, listeners get this long to refill before the next
 * judged step: 15 s left the 4-worker transcode run still catching up, so
 * the level below the overload failed too.
 */
const recoverMs = 30_000;
/** Times a fine level must fail before the search settles below it. */
const failuresToSettle = 2;
/** The simulator gives up past this many listeners (its own limit, reported). */
const maxListeners = Number(process.env.HEARTH_HOUSEHOLD_MAX ?? 1600);
const trackSeconds = 240;
const tracksPerKind = 6;
/** The transcode profile listeners ask for, and its nominal byte rate. */
const transcodeProfile = 'opus_128';
const transcodeBytesPerS = 128_000 / 8;
/** The raw files are CBR MP3 at 320 kbit/s. */
const rawBytesPerS = 320_000 / 8;

interface Config {
  workers: number;
  mix: 'raw' | 'transcode';
}

const mixShare: Record<Config['mix'], number> = { raw: 0.1, transcode: 0.9 };

interface StepResult {
  listeners: number;
  /** Length of the step, ms. */
  ms: number;
  stalls: number;
  /** Listeners that refilled for 10 s without gaining on playback. */
  behind: number;
  startFailures: number;
  streamErrors: number;
  /** Requests sent again because a kept-alive connection had closed. */
  resends: number;
  browseP99Ms: number;
  machineCpuPercent: number;
  simulatorCpuPercent: number;
  serverRssMb: number;
  /** Plays and transcodes the server's own gauge counted at the step's end. */
  gaugeStreams: number;
  gaugeTranscodes: number;
  /** The first failures of the step, if any. */
  reasons: string[];
}

interface ConfigResult extends Config {
  transcodeShare: number;
  /** Threads the simulator itself used at the saturation step. */
  simulatorThreads: number;
  /** What the server had measured at the saturation step. */
  measured: CapacityContext['measured'];
  /** Absent in reports written before it was recorded: this machine. */
  machine?: CapacityContext['machine'];
  steps: StepResult[];
  /** The most listeners carried without a stall (null: none were). */
  saturation: number | null;
  /** True when the simulator's limit ended the ramp before any stall. */
  reachedSimulatorLimit: boolean;
  limitedBy: string;
  projection: CapacityProjection;
  /** projection / saturation. */
  ratio: number | null;
}

/** Twelve 4-minute tracks: six FLAC (transcoded) and six CBR MP3 (raw). */
async function prepareMusic(): Promise<{ flac: string[]; mp3: string[] }> {
  fs.mkdirSync(musicDir, { recursive: true });
  const made = { flac: [] as string[], mp3: [] as string[] };
  for (let i = 0; i < tracksPerKind; i += 1) {
    for (const kind of ['flac', 'mp3'] as const) {
      const file = path.join(musicDir, `${kind}-${i + 1}.${kind}`);
      made[kind].push(file);
      if (fs.existsSync(file)) continue;
      const codec =
        kind === 'flac' ? ['-c:a', 'flac'] : ['-c:a', 'libmp3lame', '-b:a', '320k'];
      // Tones over pink noise: compresses like music, not like silence.
      const source = `sine=f=${220 + 55 * i}:d=${trackSeconds},volume=0.4`;
      const noise = `anoisesrc=c=pink:a=0.08:d=${trackSeconds}`;
      await run('ffmpeg', [
        ...['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-f', 'lavfi', '-i', noise],
        ...['-filter_complex', 'amix=inputs=2,aformat=channel_layouts=stereo'],
        ...['-ar', '44100', ...codec],
        ...['-metadata', `title=${kind} ${i + 1}`, '-metadata', 'album=Household'],
        ...['-metadata', 'artist=Simulator', '-metadata', `track=${i + 1}`],
        file,
      ]);
    }
  }
  return made;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface RunningServer {
  url: string;
  child: ChildProcess;
  cookie: string;
  stop(): Promise<void>;
}

/** Starts the built CLI with one admin account, waits for the first scan. */
async function startServer(config: Config): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-household-'));
  const db = openDb(dbFile(dataDir));
  await createUser(db, { username: 'bench', password: 'household-bench', role: 'admin' });
  db.close();
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'dist', 'server', 'cli.js'),
      ...['--music', musicDir, '--data', dataDir, '--port', String(port)],
      `--workers=${config.workers}`,
      // Every play costs what it would on a first listen: no shared cache.
      '--transcode-cache-mb=0',
      '--transcode-max=1024',
      '--transcode-max-per-user=1024',
      // The capacity API reports the speed of the default profile: make it
      // the one the listeners ask for.
      `--transcode-profile=${transcodeProfile}`,
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, LOG_LEVEL: 'warn' },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/api/health`)).ok, 30_000);
  const cookie = await signIn(url);
  await waitFor(async () => {
    const scan = (await getJson(url, '/api/scan', cookie)) as { running?: boolean };
    const stats = (await getJson(url, '/api/library/stats', cookie)) as {
      tracks?: number;
    };
    return scan.running === false && (stats.tracks ?? 0) >= 2 * tracksPerKind;
  }, 120_000);
  return {
    url,
    child,
    cookie,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // Not up yet.
    }
    if (Date.now() > deadline) throw new Error('the server did not come up in time');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Signs in as a player would: a 429 (the throttle counts sign-ins still
 * being checked) is waited out for its Retry-After, up to 30 s in all.
 */
async function signIn(url: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: url },
      body: JSON.stringify({ username: 'bench', password: 'household-bench' }),
    });
    const line = res.headers.getSetCookie().find((c) => c.startsWith('hearth_session='));
    if (res.ok && line) return line.split(';')[0]!;
    const wait = Number(res.headers.get('retry-after') ?? 1) * 1000;
    if (res.status !== 429 || Date.now() + wait > deadline)
      throw new Error(`sign-in failed: ${res.status}`);
    await res.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

async function getJson(url: string, route: string, cookie: string): Promise<unknown> {
  const res = await fetch(url + route, { headers: { Cookie: cookie } });
  if (!res.ok) throw new Error(`${route}: ${res.status}`);
  return res.json();
}

/** The library's track ids by kind, from the album list. */
async function trackIds(url: string, cookie: string) {
  const albums = (await getJson(url, '/api/albums?limit=50', cookie)) as {
    items: Array<{ id: string }>;
  };
  const ids = { flac: [] as string[], mp3: [] as string[] };
  for (const album of albums.items) {
    const detail = (await getJson(url, `/api/albums/${album.id}`, cookie)) as {
      tracks: Array<{ id: string; format?: string; path?: string; title?: string }>;
    };
    for (const t of detail.tracks) {
      if (String(t.title).startsWith('flac')) ids.flac.push(t.id);
      else ids.mp3.push(t.id);
    }
  }
  return ids;
}

/** Counters every listener adds to during a step. */
class StepCounters {
  stalls = 0;
  behind = 0;
  startFailures = 0;
  streamErrors = 0;
  /** Requests sent again after a kept-alive connection closed under them. */
  resends = 0;
  browseMs: number[] = [];
  /** What the first few failures were, so a stall can be explained. */
  reasons: string[] = [];

  fail(reason: string): void {
    this.streamErrors += 1;
    this.note(reason);
  }

  /** Keeps the first few reasons of a step. */
  note(reason: string): void {
    if (this.reasons.length < 5) this.reasons.push(reason);
  }
}

/**
 * Notices a listener that wants data without its buffer growing: each
 * stretch of `behindAfterMs` spent below the refill mark must end with more
 * buffered than it began with, or the server is not keeping up with playback.
 */
class RefillWatch {
  private since = 0;
  private from = 0;

  /** Called on every tick while playing; true when a stretch gained nothing. */
  fellBehind(now: number, buffered: number, wanting: boolean): boolean {
    if (!wanting) {
      this.since = 0;
      return false;
    }
    if (this.since === 0 || now - this.since < behindAfterMs) {
      if (this.since === 0) [this.since, this.from] = [now, buffered];
      return false;
    }
    const gained = buffered > this.from;
    [this.since, this.from] = [now, buffered];
    return !gained;
  }
}

/**
 * A GET on the listener's kept-alive connection, sent again once if that
 * connection turns out to have been closed before any answer came: the
 * server may close an idle connection just as a new request goes out on it
 * (its keep-alive timer starts when it has written the last byte, the
 * client's when it has read it). Browsers resend such a request, and so
 * does this; Node's own agent does not (the "socket hang up" on
 * `req.reusedSocket` its documentation describes).
 */
function getResending(
  url: string,
  options: http.RequestOptions,
  counters: () => StepCounters,
  onResponse: (res: http.IncomingMessage) => void,
  onError: (err: Error) => void,
  onRequest: (req: http.ClientRequest) => void,
  wanted: () => boolean,
  resent = false,
): void {
  let answered = false;
  const req = http.get(url, options, (res) => {
    answered = true;
    onResponse(res);
  });
  req.on('error', (err) => {
    if (!answered && !resent && req.reusedSocket && wanted()) {
      counters().resends += 1;
      getResending(url, options, counters, onResponse, onError, onRequest, wanted, true);
    } else {
      onError(err);
    }
  });
  onRequest(req);
}

/**
 * One listener: plays tracks back to back, on one keep-alive connection of
 * its own. A transcode is one response the server paces (45 s ahead, then
 * real time); a raw file is read in byte ranges, 20-30 s ahead, as a media
 * element reads. Every byte is taken off the socket as it arrives: a player
 * on the LAN buffers on its own device, and a simulated one that left bytes
 * in this machine's socket buffers would be charged the server's memory for
 * them (500 paused raw listeners held 342 MB of TCP buffers, enough to put
 * the kernel's TCP memory under pressure and slow every stream).
 */
class Listener {
  private stopped = false;
  private req: http.ClientRequest | null = null;
  /** One connection of its own, kept alive, as a media element has. */
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private browseTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly ids: { flac: string[]; mp3: string[] },
    private readonly share: number,
    private counters: StepCounters,
  ) {}

  setCounters(counters: StepCounters): void {
    this.counters = counters;
  }

  start(cookie: string): void {
    this.scheduleBrowse(cookie);
    void this.playLoop(cookie);
  }

  stop(): void {
    this.stopped = true;
    this.req?.destroy();
    this.agent.destroy();
    if (this.browseTimer) clearTimeout(this.browseTimer);
  }

  private scheduleBrowse(cookie: string): void {
    const routes = [
      '/api/albums?limit=50',
      '/api/artists?limit=50',
      '/api/search?q=house',
    ];
    this.browseTimer = setTimeout(
      () => {
        const started = performance.now();
        const route = routes[Math.floor(Math.random() * routes.length)]!;
        fetch(this.url + route, { headers: { Cookie: cookie } })
          .then(async (res) => {
            await res.arrayBuffer();
            this.counters.browseMs.push(performance.now() - started);
          })
          .catch((err: Error) => this.counters.fail(`browse ${route}: ${err.message}`))
          .finally(() => {
            if (!this.stopped) this.scheduleBrowse(cookie);
          });
      },
      5000 + Math.random() * 10_000,
    );
  }

  private async playLoop(cookie: string): Promise<void> {
    while (!this.stopped) {
      const transcode = Math.random() < this.share;
      const pool = transcode ? this.ids.flac : this.ids.mp3;
      const id = pool[Math.floor(Math.random() * pool.length)]!;
      // Start somewhere in the track, as after a seek: concurrent listeners
      // then never share one ffmpeg, the worst case for the server.
      const offset = Math.floor(Math.random() * (trackSeconds - 60));
      const query = transcode
        ? `format=${transcodeProfile}&timeOffset=${offset}`
        : 'format=raw';
      const rate = transcode ? transcodeBytesPerS : rawBytesPerS;
      // Listen for a while, then skip (30 %) or play on to the end.
      const listenS = Math.random() < 0.3 ? 10 + Math.random() * 50 : Infinity;
      const route = `/api/tracks/${id}/stream?${query}`;
      const playback = new Playback(rate, listenS, route, () => this.counters);
      if (transcode) await this.playStream(route, cookie, playback);
      else await this.playRanges(route, cookie, playback, rate);
    }
  }

  /** A transcode: one response the server paces, read as it arrives. */
  private playStream(route: string, cookie: string, playback: Playback) {
    return new Promise<void>((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearInterval(tick);
        req?.destroy();
        resolve();
      };
      const failed = (why: string) => {
        if (!playback.complete && !done && !this.stopped) this.counters.fail(why);
        finish();
      };
      let req: http.ClientRequest | null = null;
      getResending(
        this.url + route,
        { headers: { Cookie: cookie }, agent: this.agent },
        () => this.counters,
        (res) => {
          if (res.statusCode !== 200) {
            this.counters.fail(`stream ${queryOf(route)}: status ${res.statusCode}`);
            res.resume();
            setTimeout(finish, 1000);
            return;
          }
          res.on('data', (chunk: Buffer) => (playback.received += chunk.length));
          res.on('end', () => (playback.complete = true));
          // Our own skip or stop destroys the request too: not a failure.
          res.on('error', (err) => failed(`stream ${queryOf(route)}: ${err.message}`));
        },
        (err) => failed(`stream ${queryOf(route)}: ${err.message}`),
        (sent) => {
          req = sent;
          this.req = sent;
        },
        () => !done && !this.stopped,
      );
      const tick = setInterval(() => {
        if (playback.tick(performance.now()) || this.stopped) finish();
      }, 100);
    });
  }

  /**
   * A raw file, read ahead in byte ranges as a media element does: up to
   * 30 s at first, then whenever less than 20 s is left, enough to get back
   * to 30 s. Each range is read as soon as it arrives.
   */
  private playRanges(route: string, cookie: string, playback: Playback, rate: number) {
    return new Promise<void>((resolve) => {
      let next = 0;
      let total = Infinity;
      let inFlight: http.ClientRequest | null = null;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearInterval(tick);
        inFlight?.destroy();
        resolve();
      };
      const failed = (why: string) => {
        if (!done && !this.stopped) this.counters.fail(why);
        finish();
      };
      const fetchMore = () => {
        const want = Math.max(64 * 1024, (readAheadHighS - playback.buffered) * rate);
        const last = Math.min(total, next + Math.ceil(want)) - 1;
        getResending(
          this.url + route,
          {
            headers: { Cookie: cookie, Range: `bytes=${next}-${last}` },
            agent: this.agent,
          },
          () => this.counters,
          (res) => {
            if (res.statusCode !== 206) {
              res.resume();
              return failed(`range ${queryOf(route)}: status ${res.statusCode}`);
            }
            const size = /\/(\d+)$/.exec(res.headers['content-range'] ?? '');
            if (size) total = Number(size[1]);
            res.on('data', (chunk: Buffer) => {
              playback.received += chunk.length;
              next += chunk.length;
            });
            res.on('end', () => {
              inFlight = null;
              if (next >= total) playback.complete = true;
            });
            res.on('error', (err) => failed(`range ${queryOf(route)}: ${err.message}`));
          },
          (err) => failed(`range ${queryOf(route)}: ${err.message}`),
          (sent) => {
            inFlight = sent;
            this.req = sent;
          },
          () => !done && !this.stopped,
        );
      };
      fetchMore();
      const tick = setInterval(() => {
        const low = playback.buffered < readAheadLowS;
        if (!inFlight && !playback.complete && low) fetchMore();
        if (playback.tick(performance.now()) || this.stopped) finish();
      }, 100);
    });
  }
}

/** "format=raw" from a stream route, for failure reasons. */
const queryOf = (route: string) => route.split('?')[1] ?? '';

/**
 * One play as its player sees it: bytes received against playback at 1x.
 * Playback starts once 2 s are buffered, and a start that takes over 5 s is
 * a stall. A dry buffer is a stall; a buffer under the 20 s refill mark
 * that gains nothing for 10 s is falling behind. The play is over once it
 * has been listened to long enough, or played to the end of what came.
 */
class Playback {
  received = 0;
  /** The server has sent the whole play. */
  complete = false;
  private played = 0;
  private playing = false;
  private behind = false;
  private last = performance.now();
  private readonly requested = this.last;
  private readonly watch = new RefillWatch();

  constructor(
    private readonly rate: number,
    private readonly listenS: number,
    private readonly route: string,
    private readonly counters: () => StepCounters,
  ) {}

  /** Seconds of audio received and not yet played. */
  get buffered(): number {
    return this.received / this.rate - this.played;
  }

  /** Advances playback to `now`; true when the play is over. */
  tick(now: number): boolean {
    const dt = (now - this.last) / 1000;
    this.last = now;
    const counters = this.counters();
    if (!this.playing) {
      if (this.buffered >= startBufferS || (this.complete && this.received > 0)) {
        this.playing = true;
      } else if (now - this.requested > startTimeoutMs) {
        counters.startFailures += 1;
        counters.note(`play did not start in 5 s: ${this.route}`);
        return true;
      }
      return false;
    }
    this.played += dt;
    const wanting = !this.complete && this.buffered < readAheadLowS;
    if (this.watch.fellBehind(now, this.buffered, wanting) && !this.behind) {
      this.behind = true;
      counters.behind += 1;
      counters.note(`fell behind playback: ${this.route}`);
    }
    if (this.buffered < 0) {
      if (this.complete) return true;
      // Dry: count the stall and rebuffer before playing on.
      counters.stalls += 1;
      this.playing = false;
    }
    return this.played >= this.listenS;
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Machine CPU % (all cores) between two os.cpus() readings. */
function cpuTimes() {
  let idle = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

/** RSS of the server and every process under it (workers, ffmpeg), in MiB. */
async function treeRssMb(rootPid: number): Promise<number> {
  const { stdout } = await run('ps', ['-eo', 'pid=,ppid=,rss=']);
  const rows = stdout
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
  const inTree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of rows) {
      if (inTree.has(ppid) && !inTree.has(pid)) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  const kb = rows.filter(([pid]) => inTree.has(pid)).reduce((sum, r) => sum + r[2], 0);
  return kb / 1024;
}

/** New listeners of a step press play one after another over half of it, at most 10 s. */
const joinMsOf = (ms: number) => Math.min(ms / 2, 10_000);
/** Sessions the listeners share (devices signed in before the ramp). */
const sessions = 16;

/** The next listener count while ramping: +50 %, at least +2. */
const nextLevel = (n: number) => Math.max(n + 2, Math.round(n * 1.5));
/** The next listener count near saturation: +10 %, at least +1. */
const nextFineLevel = (n: number) => Math.max(n + 1, Math.round(n * 1.1));
/** The one below it: -10 %, at least -1. */
const prevFineLevel = (n: number) => Math.min(n - 1, Math.round(n / 1.1));

/** Listeners of one configuration, grown or shrunk step by step. */
class Household {
  readonly listeners: Listener[] = [];

  constructor(
    private readonly url: string,
    private readonly ids: { flac: string[]; mp3: string[] },
    private readonly share: number,
    /** Sessions made before the ramp, shared round-robin by the listeners. */
    private readonly cookies: string[],
    /** The admin's session, to read the gauge. */
    private readonly admin: string,
  ) {}

  /** Runs one step of `ms` with `level` listeners and measures it. */
  async step(level: number, root: number, ms: number): Promise<StepResult> {
    const counters = new StepCounters();
    for (const l of this.listeners) l.setCounters(counters);

    // 1. Listeners leave from the end, or new ones join over half the step.
    while (this.listeners.length > level) this.listeners.pop()?.stop();
    const joining = level - this.listeners.length;
    for (let i = 0; i < joining; i += 1) {
      const listener = new Listener(this.url, this.ids, this.share, counters);
      this.listeners.push(listener);
      const cookie = this.cookies[this.listeners.length % this.cookies.length]!;
      setTimeout(() => listener.start(cookie), (joinMsOf(ms) * i) / joining);
    }

    // 2. The step itself, with the machine's and the simulator's CPU.
    const cpuBefore = cpuTimes();
    const simBefore = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, ms));
    const cpuAfter = cpuTimes();
    const sim = process.cpuUsage(simBefore);
    return {
      listeners: level,
      ms,
      stalls: counters.stalls,
      behind: counters.behind,
      startFailures: counters.startFailures,
      streamErrors: counters.streamErrors,
      resends: counters.resends,
      browseP99Ms: Math.round(percentile(counters.browseMs, 99)),
      machineCpuPercent: Math.round(
        100 * (1 - (cpuAfter.idle - cpuBefore.idle) / (cpuAfter.total - cpuBefore.total)),
      ),
      simulatorCpuPercent: Math.round(((sim.user + sim.system) / 1000 / ms) * 100),
      serverRssMb: Math.round(await treeRssMb(root)),
      ...(await this.gauge()),
      reasons: counters.reasons,
    };
  }

  stop(): void {
    for (const l of this.listeners) l.stop();
  }

  /** What the live gauge shows now. */
  private async gauge(): Promise<{ gaugeStreams: number; gaugeTranscodes: number }> {
    const snapshot = (await getJson(this.url, '/api/admin/metrics', this.admin)) as {
      totals: { activeStreams: number; activeTranscodes: number };
    };
    return {
      gaugeStreams: snapshot.totals.activeStreams,
      gaugeTranscodes: snapshot.totals.activeTranscodes,
    };
  }
}

const stalledStep = (step: StepResult) =>
  step.stalls + step.behind + step.startFailures + step.streamErrors > 0 ||
  step.browseP99Ms > browseP99LimitMs;

function printStep(config: Config, step: StepResult, phase: string): void {
  console.log(
    `  ${config.workers} worker(s), ${config.mix}, ${phase}: ${step.listeners} listeners, ` +
      `stalls ${step.stalls + step.startFailures + step.streamErrors}, ` +
      `behind ${step.behind}, resent ${step.resends}, ` +
      `browse p99 ${step.browseP99Ms} ms, CPU ${step.machineCpuPercent} % ` +
      `(simulator ${step.simulatorCpuPercent} %), RSS ${step.serverRssMb} MiB, ` +
      `gauge ${step.gaugeStreams} plays / ${step.gaugeTranscodes} transcodes` +
      (step.reasons.length ? `; failures: ${step.reasons.join(' | ')}` : ''),
  );
}

function capacityContext(server: RunningServer): Promise<CapacityContext> {
  return getJson(
    server.url,
    '/api/admin/capacity',
    server.cookie,
  ) as Promise<CapacityContext>;
}

/** What the search for a configuration's saturation found. */
interface Search {
  steps: StepResult[];
  /** The most listeners carried through a fine step (null: none were). */
  saturation: number | null;
  /** A step failed, so the saturation is below the simulator's limit. */
  failed: boolean;
  /** The gauge's measurements right after the saturation step. */
  atSaturation: CapacityContext | null;
}

/**
 * Finds the most listeners the server carries. A coarse ramp adds half
 * again per short step until the first stall; then long fine steps start
 * from the last level that held and climb by a tenth until one fails, or,
 * if that first level fails at length, go down by a tenth until one holds.
 * After a failed step the surplus listeners leave and the rest get an
 * unjudged step to refill their buffers, and the search goes on from the
 * highest level that held: a level must fail twice, each time right after
 * the level below it held, before the search settles below it (a failure
 * can be the tail of the overload before it). The saturation point is then
 * known to within 10 %.
 */
async function findSaturation(
  config: Config,
  server: RunningServer,
  household: Household,
): Promise<Search> {
  const search: Search = {
    steps: [],
    saturation: null,
    failed: false,
    atSaturation: null,
  };
  const root = server.child.pid!;
  const holds = async (level: number, ms: number, phase: string) => {
    const step = await household.step(level, root, ms);
    search.steps.push(step);
    printStep(config, step, phase);
    return !stalledStep(step);
  };
  const recover = async (level: number) =>
    printStep(config, await household.step(level, root, recoverMs), 'recover');
  const carried = async (level: number) => {
    search.saturation = level;
    search.atSaturation = await capacityContext(server);
  };

  // 1. Coarse: +50 % per short step until the first stall.
  let held: number | null = null;
  let level = 2;
  for (; level <= maxListeners; level = nextLevel(level)) {
    if (!(await holds(level, stepMs, 'ramp'))) break;
    held = level;
  }
  if (held === null) return { ...search, failed: true };
  if (level > maxListeners) {
    await carried(held);
    return search;
  }

  // 2. Fine: long steps by a tenth, each after an overload preceded by a recovery.
  const failures = new Map<number, number>();
  const settled = (n: number) => (failures.get(n) ?? 0) >= failuresToSettle;
  let failedAbove = false;
  level = held;
  await recover(level);
  for (let n = 0; n < 16 && level >= 2 && level <= maxListeners; n += 1) {
    if (await holds(level, fineStepMs, 'fine')) {
      await carried(level);
      if (settled(nextFineLevel(level))) break;
      level = nextFineLevel(level);
    } else {
      failedAbove = true;
      failures.set(level, (failures.get(level) ?? 0) + 1);
      if (search.saturation !== null && settled(level)) break;
      // Back to the highest level that held, or a tenth lower if none has.
      const below = search.saturation ?? prevFineLevel(level);
      level = below < level ? below : prevFineLevel(level);
      await recover(level);
    }
  }
  return { ...search, failed: failedAbove };
}

async function runConfig(config: Config): Promise<ConfigResult> {
  const server = await startServer(config);
  const share = mixShare[config.mix];
  try {
    const ids = await trackIds(server.url, server.cookie);
    // Devices sign in once, not while they listen: sessions are made first,
    // one after another, so their scrypt work is not counted as listening.
    const cookies: string[] = [];
    for (let i = 0; i < sessions; i += 1) cookies.push(await signIn(server.url));
    // A few quiet seconds, as a house has before anyone presses play: the
    // gauge measures the cost of listening above what the server uses idle.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const household = new Household(server.url, ids, share, cookies, server.cookie);
    const { steps, saturation, failed, atSaturation } = await findSaturation(
      config,
      server,
      household,
    );
    const simulatorThreads =
      (steps.filter((s) => s.listeners === saturation).at(-1)?.simulatorCpuPercent ?? 0) /
      100;
    household.stop();

    const context = atSaturation ?? (await capacityContext(server));
    // The simulator runs on the same machine: the gauge is asked about the
    // threads it left to the server.
    const projection = projectCapacity({
      workers: config.workers,
      hardwareThreads: context.machine.threads - simulatorThreads,
      machineMemoryBytes: context.machine.memoryBytes,
      measured: context.measured,
    });
    const lastFailure = steps.filter(stalledStep).at(-1);
    return {
      ...config,
      transcodeShare: share,
      simulatorThreads,
      measured: context.measured,
      machine: context.machine,
      steps,
      saturation,
      reachedSimulatorLimit: !failed,
      limitedBy: failed && lastFailure ? resourceOf(lastFailure) : 'simulator limit',
      projection,
      ratio: saturation ? projection.listeners / saturation : null,
    };
  } finally {
    await server.stop();
  }
}

/** Which resource the failing step ran out of. */
function resourceOf(step: StepResult): string {
  if (step.machineCpuPercent >= 90) return 'cpu';
  if (step.serverRssMb > (os.totalmem() / 1024 / 1024) * 0.5) return 'ram';
  if (step.browseP99Ms > browseP99LimitMs) return 'workers';
  return 'unclear (stalls below the CPU and RAM limits)';
}

function configsFromEnv(): Config[] {
  const spec =
    process.env.HEARTH_HOUSEHOLD ??
    '1:raw,2:raw,4:raw,1:transcode,2:transcode,4:transcode';
  return spec.split(',').map((item) => {
    const [workers, mix] = item.split(':');
    if (mix !== 'raw' && mix !== 'transcode')
      throw new Error(`bad configuration ${item}`);
    return { workers: Number(workers), mix };
  });
}

export async function runHouseholdBenchmark(): Promise<void> {
  await prepareMusic();
  const loop = monitorEventLoopDelay();
  loop.enable();
  const results: ConfigResult[] = [];
  for (const config of configsFromEnv()) results.push(await runConfig(config));
  loop.disable();

  console.log(
    '\n  workers  mix        measured  projected  ratio  limited by (measured / model)',
  );
  for (const r of results) {
    const measured = r.saturation === null ? 'none' : String(r.saturation);
    const ratio = r.ratio === null ? '-' : r.ratio.toFixed(2);
    console.log(
      `  ${String(r.workers).padEnd(8)} ${r.mix.padEnd(10)} ${measured.padEnd(9)} ` +
        `${String(r.projection.listeners).padEnd(10)} ${ratio.padEnd(6)} ` +
        `${r.limitedBy} / ${r.projection.limitedBy}`,
    );
  }
  fs.mkdirSync(outDir, { recursive: true });
  const report = {
    at: new Date().toISOString(),
    stepMs,
    fineStepMs,
    maxListeners,
    simulatorLoopDelayP99Ms: Math.round(loop.percentile(99) / 1e6),
    results,
  };
  fs.writeFileSync(path.join(outDir, 'household.json'), JSON.stringify(report, null, 2));
  console.log(
    `  report: ${path.relative(repoRoot, path.join(outDir, 'household.json'))}`,
  );
}

/** The gauge's projection for a configuration, by the model as it is now. */
function projectionOf(r: ConfigResult): CapacityProjection {
  const machine = r.machine ?? {
    threads: os.availableParallelism(),
    memoryBytes: os.totalmem(),
  };
  return projectCapacity({
    workers: r.workers,
    hardwareThreads: machine.threads - r.simulatorThreads,
    machineMemoryBytes: machine.memoryBytes,
    measured: { ...r.measured, transcodeShare: transcodeShareOf(r) },
  });
}

/**
 * The share of listening time with a transcode running, as the server
 * measured it; for reports written before it did, its gauge's transcodes per
 * play at the saturation step.
 */
function transcodeShareOf(r: ConfigResult): number {
  if (r.measured.transcodeShare !== undefined) return r.measured.transcodeShare;
  const step = r.steps.filter((s) => s.listeners === r.saturation).at(-1);
  return step && step.gaugeStreams > 0
    ? step.gaugeTranscodes / step.gaugeStreams
    : r.transcodeShare;
}

const fixed = (n: number | undefined, digits: number) =>
  n === undefined ? '-' : n.toFixed(digits);

/** The household section of docs/performance.md, from bench-out/household.json. */
export function householdMarkdown(): string {
  const file = path.join(outDir, 'household.json');
  if (!fs.existsSync(file))
    return '## Household simulation\n\n(household.json missing)\n';
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    stepMs: number;
    /** Absent in reports written before fine steps were longer. */
    fineStepMs?: number;
    maxListeners: number;
    results: ConfigResult[];
  };

  // 1. Measured saturation against the projection, per configuration.
  const rows = report.results.map((r) => {
    const projection = projectionOf(r);
    const ratio = r.saturation ? projection.listeners / r.saturation : null;
    const within = ratio !== null && Math.abs(ratio - 1) <= 0.15 ? 'yes' : 'no';
    return (
      `| ${r.workers} | ${r.mix} (${Math.round(r.transcodeShare * 100)} % transcoded) | ` +
      `${r.saturation ?? 'none'}${r.reachedSimulatorLimit ? ' (simulator limit)' : ''} | ` +
      `${projection.listeners} | ${ratio === null ? '-' : ratio.toFixed(2)} | ${within} | ` +
      `${r.limitedBy} | ${projection.limitedBy} |`
    );
  });

  // 2. What the server had measured at that point: the model's inputs.
  const inputs = report.results.map((r) => {
    const m = r.measured;
    const perListener = (n: number | undefined) =>
      n === undefined ? '-' : `${(n * 100).toFixed(3)} %`;
    return (
      `| ${r.workers} | ${r.mix} | ${perListener(m.servingCpuPerListener)} | ` +
      `${perListener(m.workerCpuPerListener)} | ${perListener(m.dispatcherCpuPerListener)} | ` +
      `${fixed(m.transcodeSpeed, 1)} | ${fixed(r.simulatorThreads, 2)} | ` +
      `${fixed((m.workerRssBytes ?? 0) / 2 ** 20, 0)} |`
    );
  });
  return [
    '## Household simulation',
    '',
    'Listeners browse now and then and play back to back at 1x, each on its own',
    'keep-alive connection: raw files read ahead 20-30 s in byte ranges, transcodes',
    'as the server paces them; every byte is taken off the socket at once (a LAN',
    'player buffers on its own device). Transcoded plays start at a random point',
    '(a seek); 30 % of plays are skipped.',
    `A coarse ramp adds half again per ${report.stepMs / 1000} s step until the first stall;`,
    `then steps of ${(report.fineStepMs ?? report.stepMs) / 1000} s start again from the last level that held`,
    'and climb by a tenth until one fails (or go down by a tenth until one holds);',
    `after a failed step the surplus listeners leave and the rest get ${recoverMs / 1000} s, not`,
    'judged, to refill, and the search goes back to the highest level that held. A',
    `level counts as too many once it has failed ${failuresToSettle} times, each right after the`,
    "level below it held. A step's new listeners press play over its first half, at",
    'most 10 s.',
    'A stall is a buffer running dry, a buffer under the 20 s refill mark that',
    'gains nothing for 10 s (the server delivers less than real time), a play not',
    'starting in 5 s, a failed stream, or browse p99 over 500 ms; the simulator',
    `stops at ${report.maxListeners} listeners.`,
    'A request that meets a kept-alive connection the server has just closed is',
    'sent again once, as browsers do; those resends are counted, not judged.',
    "The projection is the load gauge's model fed what the server itself had",
    'measured at the saturation step, on the threads the simulator left it.',
    '',
    '| workers | mix | measured saturation | gauge projection | ratio | within 15 % | ' +
      'ran out (measured) | limit (model) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    "The server's measurements behind each projection (CPU in % of one thread per",
    'listener, transcode speed in seconds of audio per CPU second of paced plays):',
    '',
    '| workers | mix | serving CPU | in workers | in dispatcher | transcode speed | ' +
      'simulator threads | worker RSS MiB |',
    '|---|---|---|---|---|---|---|---|',
    ...inputs,
    '',
  ].join('\n');
}
