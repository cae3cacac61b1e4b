// limitRequest: under steady load, workers are recycled after their quota of
// requests (a new process first, then the old one drains) and not a single
// request fails, whether clients keep connections alive or not.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, startCluster, type Cluster } from './harness.js';

const limitRequest = 100;

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ settings: { workers: 2, limitRequest } });
});
afterAll(() => cluster.stop());

/** One client asking again and again until `until`; counts what happened. */
async function client(agent: http.Agent | false, until: number) {
  const result = { ok: 0, failed: [] as string[], pids: new Set<number>() };
  while (Date.now() < until) {
    try {
      const reply = await request(`${cluster.url}/api/test/whoami`, { agent });
      if (reply.status !== 200) result.failed.push(`${reply.status} ${reply.body}`);
      else {
        result.ok += 1;
        result.pids.add((JSON.parse(reply.body.toString()) as { pid: number }).pid);
      }
    } catch (err) {
      result.failed.push((err as Error).message);
    }
  }
  return result;
}

describe('limitRequest', () => {
  test('recycles workers under steady load with zero failed requests', async () => {
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 2 });
    const until = Date.now() + 8000;
    const results = await Promise.all([
      client(keepAlive, until),
      client(keepAlive, until),
      client(false, until),
      client(false, until),
    ]);
    keepAlive.destroy();

    const ok = results.reduce((n, r) => n + r.ok, 0);
    const failed = results.flatMap((r) => r.failed);
    const pids = new Set(results.flatMap((r) => [...r.pids]));
    const recycles = cluster.stops.filter((s) => s.reason === 'limitRequest');
    expect(failed).toEqual([]);
    expect(ok).toBeGreaterThan(limitRequest * 3);
    expect(recycles.length).toBeGreaterThanOrEqual(3);
    expect(recycles.every((r) => r.action === 'recycle')).toBe(true);
    expect(pids.size).toBeGreaterThanOrEqual(4);
    console.log(
      `limitRequest: ${ok} requests, ${recycles.length} recycles, ${pids.size} pids`,
    );
  });
});
