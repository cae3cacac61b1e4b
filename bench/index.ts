// `npm run bench`: runs every benchmark and writes docs/performance.md, or
// runs the ones named on the command line (`npm run bench -- scan`). Each
// prints its figures and writes a report under bench-out/. To add one, export
// a function that does that and register it below under a short name.
import { runDispatcherBenchmark } from './dispatcher.js';
import { householdMarkdown, runHouseholdBenchmark } from './household.js';
import { runReport } from './report.js';
import { runScanBenchmark } from './scan.js';
import { runTranscodeBenchmark } from './transcode.js';

/** Benchmarks by name, run in this order. */
export const benchmarks: Record<string, () => Promise<void>> = {
  scan: runScanBenchmark,
  transcode: runTranscodeBenchmark,
  dispatcher: runDispatcherBenchmark,
  household: runHouseholdBenchmark,
};

/** Not run by default: `npm run bench -- report` runs every benchmark above. */
const commands: Record<string, () => Promise<void>> = {
  report: () => runReport(benchmarks, householdMarkdown),
};

async function main(): Promise<void> {
  // No name: every benchmark, then docs/performance.md.
  const wanted = process.argv.slice(2);
  if (wanted.length === 0) wanted.push('report');
  const known = { ...benchmarks, ...commands };
  const unknown = wanted.filter((name) => !(name in known));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark: ${unknown.join(', ')}; known: ${Object.keys(known).join(', ')}`,
    );
    process.exitCode = 2;
    return;
  }
  for (const name of wanted) {
    console.log(`== ${name}`);
    await known[name]!();
  }
}

await main();
