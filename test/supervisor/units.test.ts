// The supervisor's pure parts, as tables: the watchdog's verdicts, the restart
// backoff, the connection preamble, request heads as the dispatcher counts
// them, and the typed channel over a fake port.
import { describe, expect, test } from 'vitest';
import { HearthError } from '../../server/http/errors.js';
import { validateSettings } from '../../server/settings/load.js';
import {
  isFailedStart,
  restartDelay,
  type StartOutcome,
} from '../../server/supervisor/backoff.js';
import {
  Channel,
  ChannelClosedError,
  type Port,
} from '../../server/supervisor/channel.js';
import { requestLine } from '../../server/supervisor/dispatcher.js';
import { formatPreamble, parsePreamble } from '../../server/supervisor/preamble.js';
import {
  countHead,
  newHead,
  startsRequest,
} from '../../server/supervisor/request-head.js';
import type { CallSpec } from '../../server/supervisor/protocol.js';
import { judge, limitsFrom, type WorkerView } from '../../server/supervisor/watchdog.js';

const MiB = 1024 * 1024;
const limits = limitsFrom(
  validateSettings({
    limitTimeCpu: 2,
    limitTimeReal: 4,
    jobLimitTimeCpu: 10,
    jobLimitTimeReal: 20,
    limitMemorySoft: 200,
    limitMemoryHard: 400,
    limitRequest: 100,
  }),
);

const now = 1_000_000;
const healthy: WorkerView = {
  role: 'http',
  state: 'ready',
  spawnedAt: now - 60_000,
  lastBeatAt: now - 100,
  cpuMsAtBeat: 500,
  cpuMsNow: 520,
  rssBytes: 60 * MiB,
  requestsServed: 10,
};

describe('watchdog verdicts', () => {
  const cases: [string, Partial<WorkerView>, string, string | null][] = [
    ['healthy', {}, 'ok', null],
    ['over the hard limit', { rssBytes: 400 * MiB }, 'kill', 'limitMemoryHard'],
    ['over the soft limit', { rssBytes: 250 * MiB }, 'recycle', 'limitMemorySoft'],
    [
      'soft limit while draining: nothing more',
      { rssBytes: 250 * MiB, state: 'draining' },
      'ok',
      null,
    ],
    [
      'hard limit while draining',
      { rssBytes: 500 * MiB, state: 'draining' },
      'kill',
      'limitMemoryHard',
    ],
    ['at limitRequest', { requestsServed: 100 }, 'recycle', 'limitRequest'],
    [
      'silent 2.5 s, CPU busy',
      { lastBeatAt: now - 2500, cpuMsNow: 500 + 2000 },
      'kill',
      'limitTimeCpu',
    ],
    [
      'silent 2.5 s, CPU idle: not yet',
      { lastBeatAt: now - 2500, cpuMsNow: 510 },
      'ok',
      null,
    ],
    [
      'silent 2.5 s, a starved spinner (8 % CPU)',
      { lastBeatAt: now - 2500, cpuMsNow: 700 },
      'kill',
      'limitTimeCpu',
    ],
    [
      'silent 4 s, CPU idle: hung',
      { lastBeatAt: now - 4000, cpuMsNow: 510 },
      'kill',
      'limitTimeReal',
    ],
    ['busy, but a beat 1 s ago', { lastBeatAt: now - 1000, cpuMsNow: 1500 }, 'ok', null],
    ['starting for 20 s', { state: 'starting', spawnedAt: now - 20_000 }, 'ok', null],
    [
      'starting for 30 s',
      { state: 'starting', spawnedAt: now - 30_000 },
      'kill',
      'startTimeout',
    ],
    [
      'job worker silent 5 s and busy',
      { role: 'job', lastBeatAt: now - 5000, cpuMsNow: 5500 },
      'ok',
      null,
    ],
    [
      'job worker silent 10 s and busy',
      { role: 'job', lastBeatAt: now - 10_000, cpuMsNow: 10_500 },
      'kill',
      'jobLimitTimeCpu',
    ],
    [
      'job worker silent 20 s, idle',
      { role: 'job', lastBeatAt: now - 20_000 },
      'kill',
      'jobLimitTimeReal',
    ],
    [
      'job worker never hits limitRequest',
      { role: 'job', requestsServed: 1000 },
      'ok',
      null,
    ],
  ];
  test.each(cases)('%s', (_name, change, action, reason) => {
    const verdict = judge({ ...healthy, ...change }, limits, now);
    expect(verdict.action).toBe(action);
    if (verdict.action !== 'ok') expect(verdict.reason).toBe(reason);
  });

  test('limits are named readably in the verdict', () => {
    const verdict = judge({ ...healthy, rssBytes: 900 * MiB }, limits, now);
    expect(verdict).toEqual({
      action: 'kill',
      reason: 'limitMemoryHard',
      limit: '400 MiB',
    });
  });
});

describe('restart backoff', () => {
  test.each([
    [0, 0],
    [1, 500],
    [2, 1000],
    [3, 2000],
    [6, 16_000],
    [7, 30_000],
    [20, 30_000],
  ])('after %i failed starts: wait %i ms', (failures, delay) => {
    expect(restartDelay(failures)).toBe(delay);
  });

  const start: StartOutcome = {
    wasReady: true,
    uptimeMs: 60_000,
    stoppedBySupervisor: false,
    signal: null,
  };
  test.each<[string, Partial<StartOutcome>, boolean]>([
    ['died before ready', { wasReady: false, uptimeMs: 0 }, true],
    ['exited 1 s after ready', { uptimeMs: 1000 }, true],
    ['exited after a minute', {}, false],
    [
      'kill -9 from outside 1 s after ready',
      { uptimeMs: 1000, signal: 'SIGKILL' },
      false,
    ],
    ['stopped by the supervisor', { wasReady: false, stoppedBySupervisor: true }, false],
  ])('%s: failed start = %s', (_name, change, failed) => {
    expect(isFailedStart({ ...start, ...change })).toBe(failed);
  });
});

describe('connection preamble', () => {
  const secret = 'a'.repeat(48);
  const local = { address: '127.0.0.1', port: 4533 };

  test.each([
    ['IPv4', '192.168.1.20'],
    ['IPv6', 'fe80::1'],
    ['IPv4-mapped', '::ffff:10.0.0.7'],
  ])('%s client address survives the round trip', (_name, address) => {
    const bytes = Buffer.from(
      formatPreamble(secret, { address, port: 51234 }, local) + 'GET /',
    );
    const parsed = parsePreamble(bytes, secret);
    expect(parsed).toMatchObject({ status: 'ok', client: { address, port: 51234 } });
    if (parsed.status === 'ok')
      expect(bytes.subarray(parsed.length).toString()).toBe('GET /');
  });

  test.each<[string, string, string]>([
    ['a plain HTTP request', 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', 'invalid'],
    ['a wrong secret', `HEARTH ${'b'.repeat(48)}\r\nPROXY UNKNOWN\r\n`, 'invalid'],
    ['a short secret', `HEARTH abc\r\nPROXY UNKNOWN\r\n`, 'invalid'],
    [
      'a bad PROXY line',
      `HEARTH ${secret}\r\nPROXY TCP4 1.2.3 1.2.3.4 1 2\r\n`,
      'invalid',
    ],
    ['a family mismatch', `HEARTH ${secret}\r\nPROXY TCP4 ::1 ::1 1 2\r\n`, 'invalid'],
    ['only the first line so far', `HEARTH ${secret}\r\nPRO`, 'incomplete'],
    ['endless garbage', 'x'.repeat(300), 'invalid'],
  ])('%s: %s', (_name, text, status) => {
    expect(parsePreamble(Buffer.from(text), secret).status).toBe(status);
  });

  test('PROXY UNKNOWN passes no address', () => {
    const text = `HEARTH ${secret}\r\nPROXY UNKNOWN\r\n`;
    expect(parsePreamble(Buffer.from(text), secret)).toMatchObject({
      status: 'ok',
      client: null,
    });
  });
});

describe('request lines in kill logs', () => {
  test.each([
    ['GET /api/albums?p=secret&u=bob HTTP/1.1\r\nHost: x\r\n', 'GET /api/albums'],
    ['POST /rest/scrobble.view HTTP/1.1\r\n', 'POST /rest/scrobble.view'],
    ['\x16\x03\x01 tls hello', 'unknown request'],
  ])('%j -> %s', (text, line) => {
    expect(requestLine(Buffer.from(text, 'latin1'))).toBe(line);
  });
});

describe('request heads as the dispatcher sees them', () => {
  test.each([
    ['GET /api/albums HTTP/1.1\r\n', true],
    ['OPTIONS * HTTP/1.1\r\n', true],
    ['GET http://host/x HTTP/1.1\r\n', true],
    ['CONNECT host:443 HTTP/1.1\r\n', true],
    ['P', false],
    ['{"name":"a list"}', false],
    ['HELLO world, a text body', false],
    ['0\r\n\r\n', false],
    ['\x16\x03\x01 tls hello', false],
  ])('%j starts a request: %s', (text, expected) => {
    expect(startsRequest(Buffer.from(text, 'latin1'))).toBe(expected);
  });

  const head = 'GET / HTTP/1.1\r\nHost: x\r\n\r\n';
  /** The size countHead reports, feeding `text` in pieces of `size` bytes. */
  function counted(text: string, size: number): { ended: number | null; seen: number } {
    const open = newHead();
    for (let at = 0; at < text.length; at += size) {
      const ended = countHead(open, Buffer.from(text.slice(at, at + size), 'latin1'));
      if (ended !== null) return { ended, seen: at + size };
    }
    return { ended: null, seen: open.bytes };
  }

  test.each([1, 2, 3, 4, 5, 7, 1000])(
    'a head in pieces of %i bytes ends at its blank line',
    (size) => {
      const result = counted(head + 'body bytes', size);
      expect(result.ended).toBe(head.length);
    },
  );

  test('a head without its blank line is counted whole and stays open', () => {
    expect(counted('GET / HTTP/1.1\r\nX: ' + 'a'.repeat(100), 16)).toEqual({
      ended: null,
      seen: 119,
    });
  });
});

/** Two ports wired to each other, delivering asynchronously like real IPC. */
function portPair(): [Port, Port] {
  const listeners: ((m: unknown) => void)[][] = [[], []];
  const make = (self: number): Port => ({
    post: (message) => {
      const copy = JSON.parse(JSON.stringify(message)) as unknown;
      setImmediate(() => listeners[1 - self]!.forEach((l) => l(copy)));
    },
    onMessage: (listener) => listeners[self]!.push(listener),
  });
  return [make(0), make(1)];
}

interface Calls {
  [name: string]: CallSpec<unknown, unknown>;
  add: CallSpec<{ a: number; b: number }, number>;
  fail: CallSpec<null, never>;
  never: CallSpec<null, never>;
}
interface Events {
  [name: string]: unknown;
  tick: { n: number };
}

describe('channel', () => {
  function pair() {
    const [a, b] = portPair();
    const client = new Channel<Calls, Calls, Events, Events>(a);
    const server = new Channel<Calls, Calls, Events, Events>(b);
    server.handle('add', ({ a, b }) => a + b);
    server.handle('fail', () => {
      throw new HearthError(409, 'single_process', 'not here');
    });
    server.handle('never', () => new Promise<never>(() => undefined));
    return { client, server };
  }

  test('a call gets its result', async () => {
    const { client } = pair();
    await expect(client.call('add', { a: 2, b: 3 })).resolves.toBe(5);
  });

  test('a domain error crosses as a domain error', async () => {
    const { client } = pair();
    const err = await client.call('fail', null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HearthError);
    expect(err).toMatchObject({ status: 409, id: 'single_process' });
  });

  test('an unknown method and a silent handler fail instead of hanging', async () => {
    const { client } = pair();
    await expect(client.call('nothing' as 'add', { a: 1, b: 1 })).rejects.toThrow(
      /no handler/,
    );
    await expect(client.call('never', null, 100)).rejects.toBeInstanceOf(
      ChannelClosedError,
    );
  });

  test('closing fails every pending call', async () => {
    const { client } = pair();
    const pending = client.call('never', null, 10_000);
    client.close('worker exited');
    await expect(pending).rejects.toThrow('worker exited');
  });

  test('events reach every listener until it unsubscribes', async () => {
    const { client, server } = pair();
    const seen: number[] = [];
    const stop = server.on('tick', ({ n }) => seen.push(n));
    client.emit('tick', { n: 1 });
    await new Promise((r) => setTimeout(r, 10));
    stop();
    client.emit('tick', { n: 2 });
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([1]);
  });

  test('foreign messages on the same port are ignored', async () => {
    const [a, b] = portPair();
    const server = new Channel<Calls, Calls, Events, Events>(b);
    server.handle('add', ({ a, b }) => a + b);
    a.post({ something: 'else' });
    a.post('text');
    const client = new Channel<Calls, Calls, Events, Events>(a);
    await expect(client.call('add', { a: 1, b: 1 })).resolves.toBe(2);
  });
});
