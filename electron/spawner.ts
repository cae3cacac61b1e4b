// The supervisor's spawner for the tray app: Electron's utilityProcess.fork,
// shaped like the child_process adapter in server/supervisor/spawner.ts so the
// supervisor cannot tell them apart. Workers talk back over process.parentPort.
import { utilityProcess, type UtilityProcess } from 'electron';
import type { ChildHandle, Spawner } from '../server/supervisor/spawner.js';

type Exit = { code: number | null; signal: string | null };

export const utilityProcessSpawner: Spawner = (options) => {
  const child: UtilityProcess = utilityProcess.fork(options.entry, [], {
    env: { ...process.env, ...options.env },
    execArgv: options.execArgv ?? [],
    serviceName: options.name,
    stdio: 'inherit',
  });
  let exit: Exit | null = null;
  let pid: number | undefined;
  // utilityProcess clears child.pid at exit; the supervisor still wants it
  // afterwards for its logs, so keep the first one seen.
  child.once('spawn', () => (pid = child.pid));
  // utilityProcess reports only an exit code; a kill shows up as a non-zero code.
  child.once('exit', (code) => (exit = { code, signal: null }));

  const handle: ChildHandle = {
    get pid() {
      return pid ?? child.pid;
    },
    post(message) {
      if (!exit) child.postMessage(message);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onSpawn(listener) {
      if (child.pid !== undefined) queueMicrotask(listener);
      else child.once('spawn', listener);
    },
    onExit(listener) {
      if (exit) {
        const done = exit;
        queueMicrotask(() => listener(done));
      } else child.once('exit', (code) => listener({ code, signal: null }));
    },
    kill(signal) {
      if (exit) return;
      // child.kill() is always a SIGTERM; a hard kill goes through the OS.
      if (signal === 'SIGTERM' || handle.pid === undefined) child.kill();
      else process.kill(handle.pid, 'SIGKILL');
    },
  };
  return handle;
};
