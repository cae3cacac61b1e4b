// The worker's one line to the supervisor. Under Electron a utility process
// talks through process.parentPort; under Node a forked child uses
// process.send. Everything else in the worker sees only a Port.
import type { Port } from '../supervisor/channel.js';

/** Electron's parentPort, typed here so server code never imports electron. */
interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** The port to the parent, or null when this process was not started by one. */
export function parentPort(): Port | null {
  const electronPort = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      post: (message) => electronPort.postMessage(message),
      onMessage: (listener) =>
        electronPort.on('message', (event) => listener(event.data)),
    };
  }
  if (typeof process.send === 'function') {
    return {
      post: (message) => {
        if (process.connected) process.send?.(message, undefined, {}, () => undefined);
      },
      onMessage: (listener) => process.on('message', listener),
    };
  }
  return null;
}

/**
 * Runs `onGone` when the parent disappears, so a worker never outlives its
 * supervisor. Node reports it as 'disconnect'; Electron ends utility
 * processes with their parent, so nothing is needed there.
 */
export function onParentGone(onGone: () => void): void {
  if (typeof process.send === 'function') process.once('disconnect', onGone);
}
