// Processes whose pid a test needs: one that has exited (its pid names no
// process now) and one that lives until the test's afterEach ends it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** The pid of a process that has exited. */
export function deadPid(): number {
  const script = 'process.stdout.write(String(process.pid))';
  return Number(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout);
}

/** A process that idles for a minute; its caller kills it when done. */
export function idleProcess(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
}
