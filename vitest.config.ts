import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration files each boot DynamoDB Local (a JVM) and the runtime; forks keep their environments apart.
    pool: 'forks',
    maxWorkers: 2,
    // Upper bounds for a loaded two-core machine, not performance assertions (the benchmark measures speed).
    testTimeout: 180_000,
    hookTimeout: 300_000,
    reporters: ['default'],
    // A browser for the browser tests on a machine without one (unpacked once, before the workers start).
    globalSetup: ['test/support/browser-setup.ts'],
  },
});
