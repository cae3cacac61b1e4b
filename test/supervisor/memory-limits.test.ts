// limitMemorySoft and limitMemoryHard with a real worker pushed over them: over
// the soft limit it finishes its requests and is replaced; over the hard limit
// it is killed at once.
import { afterEach, describe, expect, test } from 'vitest';
import { testStreamByte } from '../../server/http/routes/test-routes.js';
import {
  httpPids,
  json,
  processExists,
  request,
  sleep,
  startCluster,
  until,
  type Cluster,
} from './harness.js';

// An idle worker has 60-90 MiB of RSS; these leave room above it.
const limitMemorySoft = 200;
const limitMemoryHard = 400;

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

async function oneWorker(): Promise<Cluster> {
  cluster = await startCluster({
    settings: { workers: 1, limitMemorySoft, limitMemoryHard, limitTimeReal: 10 },
  });
  return cluster;
}

function expectPattern(body: Buffer, length: number, seed: number): void {
  expect(body.length).toBe(length);
  for (let i = 0; i < length; i++) {
    if (body[i] !== testStreamByte(i, seed)) expect.fail(`byte ${i} differs`);
  }
}

describe('memory limits', () => {
  test('over the soft limit: requests finish, then the worker is replaced', async () => {
    const { url, supervisor, stops } = await oneWorker();
    const [pid] = httpPids(supervisor);

    // A stream is playing on the worker when it grows past the soft limit.
    const stream = request(`${url}/api/test/stream?bytes=40000&rate=10000&seed=3`);
    await sleep(500);
    const grown = await json<{ pid: number; rssMiB: number }>(
      `${url}/api/test/allocate?mb=${limitMemorySoft - 40}`,
      { method: 'POST' },
    );
    expect(grown.pid).toBe(pid);

    // Recycled: a new worker takes new requests while the old one finishes.
    await until(() => stops.find((s) => s.reason === 'limitMemorySoft'), 5000);
    const recycle = stops.find((s) => s.reason === 'limitMemorySoft')!;
    expect(recycle).toMatchObject({
      action: 'recycle',
      pid,
      limit: `${limitMemorySoft} MiB`,
    });
    await until(async () => (await json(`${url}/api/test/whoami`)).pid !== pid, 10_000);

    const reply = await stream;
    expect(reply.status).toBe(200);
    expect(Number(reply.headers['x-hearth-pid'])).toBe(pid);
    expectPattern(reply.body, 40_000, 3);
    expect(stops.some((s) => s.reason === 'limitMemoryHard')).toBe(false);

    // Once its last connection is done, the old worker is gone.
    await until(() => !processExists(pid!), 10_000);
  });

  test('over the hard limit: killed at once', async () => {
    const { url, supervisor, stops } = await oneWorker();
    const [pid] = httpPids(supervisor);

    // The stream on it does not get to finish.
    const stream = request(`${url}/api/test/stream?bytes=40000&rate=10000&seed=4`).then(
      (reply) => reply.body.length,
      () => 'cut',
    );
    await sleep(500);
    const grownAt = Date.now();
    await request(`${url}/api/test/allocate?mb=${limitMemoryHard}`, { method: 'POST' });

    await until(() => stops.find((s) => s.reason === 'limitMemoryHard'), 5000);
    const kill = stops.find((s) => s.reason === 'limitMemoryHard')!;
    expect(kill).toMatchObject({ action: 'kill', pid, limit: `${limitMemoryHard} MiB` });
    expect(kill.requests.some((r) => r.startsWith('GET /api/test/stream'))).toBe(true);
    expect(kill.at - grownAt).toBeLessThan(2500);
    expect(await stream).not.toBe(40_000);

    // Replaced.
    await until(
      () =>
        httpPids(supervisor)[0] !== pid &&
        supervisor.pool.httpSlots()[0]!.current?.state === 'ready',
      10_000,
    );
    expect((await json(`${url}/api/test/whoami`)).pid).not.toBe(pid);
    expect(processExists(pid!)).toBe(false);
  });
});
