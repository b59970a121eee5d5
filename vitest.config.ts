import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Limits are for hangs, not for speed: far above a normal run even on a loaded two-core machine. A test
    // or hook that starts processes or servers sets its own, larger limit.
    testTimeout: 60_000,
    // beforeAll hooks build indexes; the default 10 s is within reach of a loaded machine.
    hookTimeout: 60_000,
    // Some tests start processes (the bot, shards, a few CLI runs); two cores are all a machine here has.
    maxWorkers: 2,
  },
});
