// How each role's process is started: the Node flags and environment that
// suit its work. The job worker runs in the background and holds a scan's
// parse threads, so it trades some speed for memory: V8 grows its heaps less
// eagerly (--optimize-for-size) and glibc keeps two malloc arenas instead of
// one per thread. Measured on a first scan of 10,035 files (bench/scan.ts):
// peak RSS 204 -> 135 MB, scan time 5.1 -> 6.3 s. HTTP workers keep the
// defaults: they serve listeners, and speed is what they are for.
import type { WorkerInit } from './protocol.js';

type WorkerRole = WorkerInit['role'];

export interface RoleRuntime {
  execArgv: string[];
  env: Record<string, string>;
}

const runtimes: Record<WorkerRole, RoleRuntime> = {
  http: { execArgv: [], env: {} },
  job: { execArgv: ['--optimize-for-size'], env: { MALLOC_ARENA_MAX: '2' } },
};

/** The flags and environment a worker of this role starts with. */
export function runtimeFor(role: WorkerRole): RoleRuntime {
  return runtimes[role];
}
