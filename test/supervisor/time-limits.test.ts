// limitTimeCpu and limitTimeReal with real workers: a blocked event loop gets
// its worker killed and replaced while the others keep answering; a request
// that never answers gets a 503; a body that stalls is closed; a stream that
// keeps moving bytes is left alone, however long it lasts.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testStreamByte } from '../../server/http/routes/test-routes.js';
import {
  httpPids,
  processExists,
  request,
  sleep,
  startCluster,
  until,
  type Cluster,
  type Reply,
} from './harness.js';

const limitTimeCpu = 2;
const limitTimeReal = 2;

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ settings: { workers: 3, limitTimeCpu, limitTimeReal } });
});
afterAll(() => cluster.stop());

describe('limitTimeCpu: a blocked event loop', () => {
  test('is killed within the limit + 2 s and replaced; the others keep answering', async () => {
    const started = Date.now();
    const stuck = request(`${cluster.url}/api/test/block?ms=600000`);

    // Meanwhile, a client keeps asking; every answer must come.
    const answers: Reply[] = [];
    const asking = (async () => {
      while (Date.now() - started < (limitTimeCpu + 3) * 1000) {
        answers.push(await request(`${cluster.url}/api/test/whoami`));
        await sleep(100);
      }
    })();

    // The stuck request fails cleanly, with a JSON 503.
    const reply = await stuck;
    expect(reply.status).toBe(503);
    expect(JSON.parse(reply.body.toString())).toMatchObject({ error: 'worker_stopped' });

    // Killed in time, with the reason, the limit and the request in the record.
    const kill = cluster.stops.find((s) => s.reason === 'limitTimeCpu')!;
    expect(kill).toMatchObject({ action: 'kill', limit: '2 s' });
    expect(kill.requests.some((r) => r.startsWith('GET /api/test/block'))).toBe(true);
    expect(kill.at - started).toBeLessThanOrEqual((limitTimeCpu + 2) * 1000);

    await asking;
    expect(answers.length).toBeGreaterThan(10);
    for (const answer of answers) expect(answer.status).toBe(200);

    // Replaced: three workers again, the killed one gone.
    await until(() => httpPids(cluster.supervisor).length === 3, 5000);
    expect(httpPids(cluster.supervisor)).not.toContain(kill.pid);
    await until(() => !processExists(kill.pid!), 2000);
  });
});

describe('limitTimeReal', () => {
  test('a handler that never answers is aborted with a 503 at the limit', async () => {
    const started = Date.now();
    const reply = await request(`${cluster.url}/api/test/hang`);
    const elapsed = Date.now() - started;
    expect(reply.status).toBe(503);
    expect(JSON.parse(reply.body.toString())).toMatchObject({
      error: 'response_timeout',
    });
    expect(elapsed).toBeGreaterThanOrEqual(limitTimeReal * 1000 - 100);
    expect(elapsed).toBeLessThan(limitTimeReal * 1000 + 1500);
  });

  test('a stream that keeps moving bytes for 3x the limit is not touched', async () => {
    const stopsBefore = cluster.stops.length;
    const bytes = 63_000;
    const started = Date.now();
    const reply = await request(
      `${cluster.url}/api/test/stream?bytes=${bytes}&rate=9000&seed=7`,
    );
    expect(Date.now() - started).toBeGreaterThan(3 * limitTimeReal * 1000);
    expect(reply.status).toBe(200);
    expect(reply.body.length).toBe(bytes);
    for (let i = 0; i < bytes; i++) {
      if (reply.body[i] !== testStreamByte(i, 7)) expect.fail(`byte ${i} differs`);
    }
    expect(cluster.stops.length).toBe(stopsBefore);
    expect(processExists(Number(reply.headers['x-hearth-pid']))).toBe(true);
  });

  test('a body that stalls is closed at the limit', async () => {
    const outcome = await new Promise<{ got: number; stalledMs: number; how: string }>(
      (resolve) => {
        let got = 0;
        let lastByteAt = Date.now();
        const done = (how: string) =>
          resolve({ got, stalledMs: Date.now() - lastByteAt, how });
        http
          .get(`${cluster.url}/api/test/stall?bytes=1024`, { agent: false }, (res) => {
            res.on('data', (chunk: Buffer) => {
              got += chunk.length;
              lastByteAt = Date.now();
            });
            res.on('end', () => done('end'));
            res.on('error', () => done('error'));
          })
          .on('error', () => done('error'));
      },
    );
    expect(outcome.got).toBe(1024);
    expect(outcome.how).toBe('error');
    expect(outcome.stalledMs).toBeGreaterThanOrEqual(limitTimeReal * 1000 - 100);
    expect(outcome.stalledMs).toBeLessThan(limitTimeReal * 1000 + 1500);
  });
});
