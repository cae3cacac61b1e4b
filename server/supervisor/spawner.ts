// How the supervisor starts a worker process, without knowing which runtime it
// is in. The headless server and the tests use child_process.fork (here);
// Electron uses utilityProcess.fork (electron/spawner.ts). Both adapters pass
// the same contract suite (test/supervisor/spawner-contract.ts).
import { fork } from 'node:child_process';
import type { Port } from './channel.js';

export interface SpawnOptions {
  /** Absolute path of the JavaScript module to run. */
  entry: string;
  /** Shown in process lists and Electron's metrics ("hearth http-1"). */
  name: string;
  /** Extra environment; the parent's environment is inherited. */
  env?: Record<string, string>;
  /** Node flags for the child (--max-old-space-size=...). */
  execArgv?: string[];
}

/** One child process. Every method is safe to call after the child has exited. */
export interface ChildHandle extends Port {
  /** The OS process id; undefined until the process has started. */
  readonly pid: number | undefined;
  /** Called once when the OS process exists (pid is known). */
  onSpawn(listener: () => void): void;
  /** Called once when the process has ended, however it ended. */
  onExit(listener: (exit: { code: number | null; signal: string | null }) => void): void;
  /** SIGTERM asks the process to end; SIGKILL ends it at once. */
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
}

export type Spawner = (options: SpawnOptions) => ChildHandle;

/** The spawner for plain Node: child_process.fork with an IPC channel. */
export const nodeSpawner: Spawner = (options) => {
  const child = fork(options.entry, [], {
    env: { ...process.env, ...options.env },
    execArgv: options.execArgv ?? [],
    serialization: 'json',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited = false;

  // Sending to a child that has just died emits 'error'; the exit listener
  // does the bookkeeping, so the error itself is not interesting.
  child.on('error', () => undefined);
  child.once('exit', () => (exited = true));
  return {
    get pid() {
      return child.pid;
    },
    post(message) {
      if (!exited && child.connected) child.send(message as object, () => undefined);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onSpawn(listener) {
      if (child.pid !== undefined) queueMicrotask(listener);
      else child.once('spawn', listener);
    },
    onExit(listener) {
      if (exited) queueMicrotask(() => listener(exitOf(child)));
      else child.once('exit', (code, signal) => listener({ code, signal }));
    },
    kill(signal) {
      if (!exited) child.kill(signal);
    },
  };
};

function exitOf(child: ReturnType<typeof fork>) {
  return { code: child.exitCode, signal: child.signalCode };
}
