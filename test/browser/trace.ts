// Main-thread tasks of a page from a Chromium performance trace: for each
// task its wall time and its thread (CPU) time. On a machine shared with
// other work, wall time also counts the time the renderer waited for a CPU;
// thread time is what the page's own work cost.
import type { Browser, Page } from 'playwright-core';

export interface TraceTasks {
  count: number;
  longestWallMs: number;
  longestCpuMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Runs `work` while tracing, and sums up the renderer main thread's tasks. */
export async function traceTasks(
  browser: Browser,
  page: Page,
  work: () => Promise<void>,
): Promise<TraceTasks> {
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
  await work();
  const buffer = await browser.stopTracing();
  const events = (JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] })
    .traceEvents;

  // The renderer main threads are named CrRendererMain in the metadata.
  const mains = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const tasks = events.filter(
    (e) =>
      e.name === 'ThreadControllerImpl::RunTask' &&
      e.ph === 'X' &&
      mains.has(`${e.pid}:${e.tid}`),
  );
  return {
    count: tasks.length,
    longestWallMs: Math.max(0, ...tasks.map((e) => (e.dur ?? 0) / 1000)),
    longestCpuMs: Math.max(0, ...tasks.map((e) => (e.tdur ?? 0) / 1000)),
  };
}
