import { defineConfig } from 'vitest/config';
import { shared, timingTests } from './vitest.config.js';

// The second pass of `npm test`: the tests that assert a time or a latency
// (replacements within 2 s, browse p99, long tasks), one file at a time, so
// that no other test file shares the two cores with them.
export default defineConfig({
  test: {
    ...shared,
    include: timingTests,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
