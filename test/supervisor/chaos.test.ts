// Chaos: kill -9 a random HTTP worker every 2 s for 30 s under 20 connections
// of steady load. At least 99.9 % of requests succeed, not counting those in
// flight on a killed worker (the dispatcher answers those with a 503 and
// counts them), and each replacement is ready within 2 s.
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { httpPids, sleep, startCluster, until, type Cluster } from './harness.js';

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ settings: { workers: 3, limitTimeReal: 10 } });
});
afterAll(() => cluster.stop());

interface Kill {
  slot: string;
  pid: number;
  at: number;
}

/** Every `everyMs`, kill -9 one HTTP worker picked at random among the ready ones. */
async function killRandomly(durationMs: number, everyMs: number): Promise<Kill[]> {
  const kills: Kill[] = [];
  const end = Date.now() + durationMs;
  while (Date.now() + everyMs <= end) {
    await sleep(everyMs);
    const ready = cluster.supervisor.pool
      .httpSlots()
      .flatMap((slot) => (slot.current?.state === 'ready' ? [slot.current] : []));
    const victim = ready[Math.floor(Math.random() * ready.length)];
    if (!victim?.pid) continue;
    process.kill(victim.pid, 'SIGKILL');
    kills.push({ slot: victim.slot, pid: victim.pid, at: Date.now() });
  }
  return kills;
}

describe('chaos', () => {
  test('kill -9 every 2 s under load: >= 99.9 % succeed, replacements up within 2 s', async () => {
    const durationS = 30;
    const cutBefore = cluster.supervisor.dispatcher.cutRequests;
    const [load, kills] = await Promise.all([
      autocannon({
        url: `${cluster.url}/api/test/whoami`,
        connections: 20,
        duration: durationS,
        overallRate: 400,
        timeout: 10,
      }),
      killRandomly(durationS * 1000, 2000),
    ]);
    const cut = cluster.supervisor.dispatcher.cutRequests - cutBefore;

    // Success rate, not counting requests in flight on a killed worker.
    const ok = load['2xx'];
    const failed = load.non2xx + load.errors + load.timeouts;
    const counted = ok + failed - cut;
    const report = {
      ok,
      non2xx: load.non2xx,
      errors: load.errors,
      timeouts: load.timeouts,
      cut,
    };
    console.log('chaos:', JSON.stringify(report), `${kills.length} kills`);
    expect(kills.length).toBeGreaterThanOrEqual(13);
    expect(ok).toBeGreaterThan(durationS * 100);
    expect(ok / counted).toBeGreaterThanOrEqual(0.999);

    // Each killed worker's slot had a new ready worker within 2 s (the last
    // kill may have come just before the load ended: give it those 2 s).
    const readyAfter = (kill: Kill) =>
      cluster.readies.some((r) => r.worker.slot === kill.slot && r.at >= kill.at);
    await until(() => kills.every(readyAfter), 2500).catch(() => undefined);
    const delays = kills.map((kill) => {
      const next = cluster.readies.find(
        (r) => r.worker.slot === kill.slot && r.at >= kill.at,
      );
      return next ? next.at - kill.at : Infinity;
    });
    console.log('chaos: replacement ready after (ms):', delays.join(' '));
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(2000);
    for (const kill of kills)
      expect(httpPids(cluster.supervisor)).not.toContain(kill.pid);
  }, 60_000);
});
