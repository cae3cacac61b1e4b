import { defineConfig, mergeConfig } from 'vitest/config';
import base, { timingTests } from './vitest.config.js';

// The second pass of `npm test`: the tests that assert a time or a latency
// (replacements within 2 s, browse p99, long tasks), one file at a time, so
// that no other test file shares the two cores with them.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: timingTests,
      exclude: [],
      fileParallelism: false,
      maxWorkers: 1,
    },
  }),
);
