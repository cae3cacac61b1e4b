// Jobs that exist only when settings.testRoutes is on, to prove the job
// limits: each works in numbered steps and checkpoints after every step, so a
// run stopped by a limit resumes at the step where it stopped.
import type { Job, JobContext } from '../scheduler.js';

const totalSteps = 30;

interface StepCheckpoint {
  next: number;
}

function startStep(ctx: JobContext): number {
  return (ctx.checkpoint as StepCheckpoint | null)?.next ?? 0;
}

/** Blocks the event loop for `ms`, as a runaway parser would. */
function spin(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // burning CPU on purpose
  }
}

/** Steps of `stepMs` each: asleep (polite) or spinning (blocks the event loop). */
function stepJob(name: string, stepMs: number, mode: 'sleep' | 'spin'): Job {
  return {
    name,
    intervalMs: 0,
    runAtStart: false,
    async run(ctx) {
      const resumedFrom = startStep(ctx);
      for (let step = resumedFrom; step < totalSteps; step++) {
        ctx.signal.throwIfAborted();
        if (mode === 'spin') spin(stepMs);
        else await new Promise((resolve) => setTimeout(resolve, stepMs));
        ctx.save({ next: step + 1 } satisfies StepCheckpoint);
        ctx.progress({ done: step + 1, total: totalSteps });
      }
      return { resumedFrom, ranSteps: totalSteps - resumedFrom, totalSteps };
    },
  };
}

export function testJobs(): Job[] {
  return [stepJob('test-steps', 100, 'sleep'), stepJob('test-spin', 250, 'spin')];
}
