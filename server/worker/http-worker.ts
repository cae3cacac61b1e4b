// An HTTP worker: the Koa app on a Unix socket (a named pipe on Windows) in
// this run's private folder, reachable only through the dispatcher. It
// reports a heartbeat, applies limitTimeReal to each request, and on "drain"
// finishes what it has, then exits.
import { dbFile, openDb } from '../db/index.js';
import { logger } from '../log.js';
import type { WorkerChannel, WorkerInit } from '../supervisor/protocol.js';
import { releaseHeldPlays } from '../stream/active.js';
import { clearStaleSocket, workerSocketPath } from '../supervisor/sockets.js';
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
    flags: init.flags,
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

  // 2. Listen on this run's socket behind the preamble check; count connections.
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
  const socket = workerSocketPath(init.socketBase, init.slot, process.pid);
  clearStaleSocket(socket);
  await new Promise<void>((resolve) => server.listen(socket, resolve));

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
  channel.emit('ready', { socket });
  log.info({ worker: init.slot, socket }, 'http worker ready');

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
