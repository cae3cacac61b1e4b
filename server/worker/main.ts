// Entry point of every worker process (HTTP and job). It waits for the
// supervisor's init message, then becomes what that message says. A worker
// never outlives its supervisor.
import { logger } from '../log.js';
import { Channel } from '../supervisor/channel.js';
import type { WorkerChannel, WorkerInit } from '../supervisor/protocol.js';
import { onParentGone, parentPort } from './parent-port.js';

const log = logger('worker');

async function start(init: WorkerInit, channel: WorkerChannel): Promise<void> {
  // The main process resolved ffmpeg once; workers use that path.
  if (init.ffmpegPath) init.settings = { ...init.settings, ffmpegPath: init.ffmpegPath };
  // Each role loads only its own code: an HTTP worker never loads the
  // scanner or the watcher, so it starts faster and stays smaller.
  if (init.role === 'http') {
    const { runHttpWorker } = await import('./http-worker.js');
    await runHttpWorker(init, channel);
  } else {
    const { runJobWorker } = await import('./job-worker.js');
    await runJobWorker(init, channel);
  }
}

function main(): void {
  const port = parentPort();
  if (!port) {
    log.fatal('a worker must be started by the supervisor');
    process.exit(2);
  }
  const channel: WorkerChannel = new Channel(port);
  onParentGone(() => process.exit(0));

  const stop = channel.on('init', (init) => {
    stop();
    start(init, channel).catch((err: unknown) => {
      log.fatal({ err, role: init.role }, 'worker failed to start');
      process.exit(1);
    });
  });
}

main();
