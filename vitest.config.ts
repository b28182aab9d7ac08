import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts'],
    globalSetup: ['test/support/postgres-global.ts', 'test/browser/build-web.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Three files at a time on two cores: most of a file's time is spent waiting (disk syncs, Chromium, child
    // processes, timers), and with two the suite kept the CPU busy less than half the time.
    maxWorkers: 3,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
