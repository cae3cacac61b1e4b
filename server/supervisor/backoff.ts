// How long a slot waits before starting a worker again after failed starts.
// A worker that dies before it is ready (a bad install, a locked database, a
// syntax error) would otherwise be respawned as fast as the CPU allows.

/** Delay before the first retry; doubles with each further failure. */
export const firstRetryMs = 500;
/** The longest wait between two attempts. */
export const maxRetryMs = 30_000;
/** A worker that lived less than this after it became ready "failed at start". */
export const minUptimeMs = 5_000;

/** Milliseconds to wait before the next start, given consecutive failed starts. */
export function restartDelay(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(maxRetryMs, firstRetryMs * 2 ** (failures - 1));
}

export interface StartOutcome {
  /** Whether the worker ever reported ready. */
  wasReady: boolean;
  /** Milliseconds from ready to exit (0 when never ready). */
  uptimeMs: number;
  /** The supervisor itself stopped it (a limit, a resize, a shutdown). */
  stoppedBySupervisor: boolean;
  /** The OS signal that ended it, if any (another program's kill -9). */
  signal: string | null;
}

/**
 * Whether an exit counts as a failed start. Deaths the supervisor caused, and
 * a signal from outside after the worker was up, are not the worker's fault.
 */
export function isFailedStart(outcome: StartOutcome): boolean {
  if (outcome.stoppedBySupervisor) return false;
  if (!outcome.wasReady) return true;
  return outcome.signal === null && outcome.uptimeMs < minUptimeMs;
}
