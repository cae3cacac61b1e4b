// The "streams" gauge counts plays, not responses: a track whose bytes were
// all sent (socket buffers hold a whole compressed track) still counts while
// its player keeps the connection, and stops counting when the player hangs
// up or asks for something else on the same connection.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { releaseHeldPlays } from '../../server/stream/active.js';
import { readGauges } from '../../server/worker/gauges.js';
import { until } from '../supervisor/harness.js';
import { startLibraryApp, trackIdOf, type LibraryApp } from './library-app.js';

let app: LibraryApp;
beforeAll(async () => {
  app = await startLibraryApp();
});
afterAll(() => app?.close());

const plays = () => readGauges().streams ?? 0;

/** GETs a path on one keep-alive connection and reads the whole body. */
function get(agent: http.Agent, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      app.url + path,
      { agent, headers: { Cookie: app.account.cookie } },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve(bytes));
      },
    );
    req.on('error', reject);
  });
}

describe('the plays gauge', () => {
  test('holds a fully sent play until the connection closes or is reused', async () => {
    const id = trackIdOf(app, 'Aurora Lane/Northern Lights/CD1/01 Dawn.flac');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const before = plays();

    // 1. The whole file arrives; the play goes on while the connection stays.
    expect(await get(agent, `/api/tracks/${id}/stream?format=raw`)).toBeGreaterThan(0);
    expect(plays()).toBe(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 6000)); // past Node's 5 s keep-alive
    expect(plays()).toBe(before + 1);

    // 2. The next request on that connection ends it.
    await get(agent, '/api/health');
    expect(plays()).toBe(before);

    // 3. So does hanging up.
    await get(agent, `/api/tracks/${id}/stream?format=raw`);
    expect(plays()).toBe(before + 1);
    agent.destroy();
    await until(() => plays() === before, 2000, 20);
  }, 20_000);

  test('a draining worker closes the connections held for plays already sent', async () => {
    const id = trackIdOf(app, 'Aurora Lane/Northern Lights/CD1/01 Dawn.flac');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const before = plays();
    await get(agent, `/api/tracks/${id}/stream?format=raw`);
    expect(plays()).toBe(before + 1);

    // What the worker does on "drain": the play ends, and so does its connection.
    const socket = Object.values(agent.freeSockets).flat()[0];
    expect(socket).toBeDefined();
    const closed = new Promise((resolve) => socket!.once('close', resolve));
    releaseHeldPlays();
    await closed;
    await until(() => plays() === before, 2000, 20);
    agent.destroy();
  });
});
