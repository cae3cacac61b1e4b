// One thread of the ceiling loop: parseFile over a shared list of files, each
// thread taking the next index from a shared counter, with the scanner's own
// music-metadata options. Nothing else: no tags mapped, nothing stored.
import { parentPort, workerData } from 'node:worker_threads';
import { parseFile } from 'music-metadata';
import { parseOptions } from '../server/library/scanner/parse-options.js';

const { files, counter } = workerData as { files: string[]; counter: SharedArrayBuffer };
const next = new Int32Array(counter);
let parsed = 0;
let failed = 0;
for (let i = Atomics.add(next, 0, 1); i < files.length; i = Atomics.add(next, 0, 1)) {
  try {
    await parseFile(files[i] as string, parseOptions());
    parsed++;
  } catch {
    failed++;
  }
}
parentPort?.postMessage({ parsed, failed });
