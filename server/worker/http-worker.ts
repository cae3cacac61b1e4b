// An HTTP worker: the Koa app on 127.0.0.1:<ephemeral>, reachable only through
// the dispatcher. It reports a heartbeat, applies limitTimeReal to each
// request, and on "drain" finishes what it has, then exits.
import type { AddressInfo } from 'node:net';
import { dbFile, openDb } from '../db/index.js';
import { logger } from '../log.js';
import type { WorkerChannel, WorkerInit } from '../supervisor/protocol.js';
import { releaseHeldPlays } from '../stream/active.js';
import { announceDrain } from './draining.js';
import { guardedServer } from './guarded-server.js';
import { startHeartbeat } from './heartbeat.js';
import { createHttpStack } from './http-stack.js';
import { remoteControl } from './remote-control.js';
import { remoteScanControl } from './scan-controls.js';

const log = logger('worker');

export async function runHttpWorker(init: WorkerInit, channel: WorkerChannel) {
  // 1. The app, with the scan and the control API reached over IPC.
  const db = openDb(dbFile(init.dataDir), { migrate: false });
  const deps = {
    db,
    settings: init.settings,
    dataDir: init.dataDir,
    scan: remoteScanControl(db, channel),
    control: remoteControl(channel),
  };
  const limitRequest = init.settings.limitRequest;
  const { server: http, tracker } = createHttpStack({
    deps,
    slot: init.slot,
    // Reaching limitRequest is reported at once, not at the next beat.
    onServed: (served) => served === limitRequest && heartbeat.beat(),
  });

  // 2. Listen on loopback behind the preamble check; count connections.
  const server = guardedServer({ secret: init.secret, http });
  let open = 0;
  let draining = false;
  server.on('connection', (socket) => {
    open += 1;
    socket.once('close', () => {
      open -= 1;
      if (draining) exitWhenIdle();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  // 3. Heartbeats, then tell the supervisor where to send connections.
  const heartbeat = startHeartbeat({
    intervalMs: init.heartbeatMs,
    send: (beat) => channel.emit('heartbeat', beat),
    counters: () => ({
      openConnections: open,
      activeRequests: tracker.activeCount,
      requestsServed: tracker.served,
      inflight: tracker.inflight(),
    }),
  });
  channel.emit('ready', { port });
  log.info({ worker: init.slot, port }, 'http worker ready');

  // 4. Drain: no new connections arrive; answers ask clients to close, idle
  // keep-alive connections end at the server's keep-alive timeout, and those
  // held for plays already sent are closed now.
  function exitWhenIdle(): void {
    if (open > 0) return;
    channel.emit('drained', { requestsServed: tracker.served });
    heartbeat.stop();
    tracker.stop();
    db.close();
    setTimeout(() => process.exit(0), 50);
  }
  channel.on('drain', ({ reason }) => {
    if (draining) return;
    draining = true;
    log.info({ worker: init.slot, reason, open }, 'draining');
    tracker.drain();
    announceDrain();
    server.close();
    releaseHeldPlays();
    exitWhenIdle();
  });
}
