import { defineConfig } from 'vitest/config';

/**
 * Tests whose assertions are times or latencies. They run in a second pass,
 * alone (vitest.timing.config.ts), instead of beside another test file.
 */
export const timingTests = [
  'test/supervisor/chaos.test.ts',
  'test/supervisor/lifecycle.test.ts',
  'test/jobs/scan-load.test.ts',
  'test/browser/large-library.test.ts',
  'test/browser/gapless.test.ts',
  'test/browser/transcode-seek.test.ts',
  // Compares sign-in times for known and unknown users: a test file loading
  // the other core skewed the medians (ratio 0.58) in a full run.
  'test/auth/sign-in.test.ts',
];

/** What both passes share. */
export const shared = {
  // Fails the run if any ffmpeg started by the tests is still alive.
  globalSetup: ['test/global-setup.ts'],
  pool: 'forks' as const,
  testTimeout: 60_000,
  hookTimeout: 120_000,
  reporters: ['default'],
};

// Tests use real parts: SQLite files, ffmpeg, HTTP on real ports, Chromium.
// Tests that start the server run the built dist/ (npm test builds first).
export default defineConfig({
  test: {
    ...shared,
    include: ['test/**/*.test.ts'],
    exclude: ['node_modules/**', ...timingTests],
    maxWorkers: 2,
  },
});
