import { defineConfig } from 'vitest/config';

// Tests use real parts: SQLite files, ffmpeg, HTTP on real ports, Chromium.
// Tests that start the server run the built dist/ (npm test builds first).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fails the run if any ffmpeg started by the tests is still alive.
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
