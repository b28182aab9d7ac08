import { defineConfig } from 'vitest/config';

// The interop tests (npm run test:interop): Renraku against other people's programs, kept out of `npm test`.
export default defineConfig({
  test: {
    include: ['test/interop/**/*.interop.ts'],
    globalSetup: ['test/support/databases-global.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
