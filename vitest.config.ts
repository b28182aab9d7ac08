import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts'],
    // First: the others make their files in the scratch folder it sets.
    globalSetup: [
      'test/support/scratch-global.ts',
      'test/support/databases-global.ts',
      'test/browser/build-web.ts',
      'test/support/build-cli.ts',
    ],
    testTimeout: 30_000,
    // expect.poll waits for what a page or a server does in its own time (a debounced search, a live update): a
    // second, Vitest's default, is what a loaded CI machine sometimes takes. A poll ends as soon as it holds.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
    pool: 'forks',
    // A worker keeps the modules it loaded from one file to the next: every file builds its own servers,
    // databases and clocks, and none relies on a fresh module state. Loading Fastify, Kysely and the app once
    // per worker instead of once per file takes CI's suite from about 19 to 15 minutes.
    isolate: false,
    // Three files at a time on CI's two cores: a file spends much of its time waiting on a disk sync, a server
    // or Chromium (the whole run used about half of the two cores' time with two at a time). More cores, one
    // file more than cores. RENRAKU_TEST_WORKERS sets it.
    maxWorkers: Number(process.env.RENRAKU_TEST_WORKERS ?? availableParallelism() + 1),
    reporters: ['default'],
  },
});
