// Development only: runs a TypeScript worker module through tsx, for tests
// and tools that import the scanner from source. The built server starts
// dist/.../parse-worker.js directly and never loads this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
