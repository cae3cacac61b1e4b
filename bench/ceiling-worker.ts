// One thread of the ceiling loop: parses a shared list of files, each thread
// taking the next index from a shared counter, with the scanner's own
// music-metadata options. Nothing else: no tags mapped, nothing stored.
// `reader` picks the file reads: music-metadata's own parseFile, or the
// scanner's blocking reader (AudioFile), so the scan can be compared with
// the bare parse on the same I/O as well.
import { parentPort, workerData } from 'node:worker_threads';
import { parseFile, parseFromTokenizer } from 'music-metadata';
import { AudioFile } from '../server/library/scanner/audio-file.js';
import { parseOptions } from '../server/library/scanner/parse-options.js';

export type CeilingReader = 'parseFile' | 'audioFile';

const { files, counter, reader } = workerData as {
  files: string[];
  counter: SharedArrayBuffer;
  reader: CeilingReader;
};

async function parseOne(path: string): Promise<void> {
  if (reader === 'parseFile') {
    await parseFile(path, parseOptions());
    return;
  }
  const file = AudioFile.open(path);
  try {
    await parseFromTokenizer(file.tokenizer(), parseOptions());
  } finally {
    file.close();
  }
}

const next = new Int32Array(counter);
let parsed = 0;
let failed = 0;
for (let i = Atomics.add(next, 0, 1); i < files.length; i = Atomics.add(next, 0, 1)) {
  try {
    await parseOne(files[i] as string);
    parsed++;
  } catch {
    failed++;
  }
}
parentPort?.postMessage({ parsed, failed });
