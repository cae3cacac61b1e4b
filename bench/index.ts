// `npm run bench`: runs the registered benchmarks, or the ones named on the
// command line (`node dist/bench/index.js scan`). Each prints its figures and
// writes a report under bench-out/. To add one, export a function that does
// that and register it below under a short name.
import { runDispatcherBenchmark } from './dispatcher.js';
import { runScanBenchmark } from './scan.js';
import { runTranscodeBenchmark } from './transcode.js';

/** Benchmarks by name, run in this order. */
export const benchmarks: Record<string, () => Promise<void>> = {
  scan: runScanBenchmark,
  transcode: runTranscodeBenchmark,
  dispatcher: runDispatcherBenchmark,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark: ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}`,
    );
    process.exitCode = 2;
    return;
  }
  for (const [name, run] of Object.entries(benchmarks)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    console.log(`== ${name}`);
    await run();
  }
}

await main();
