import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    // CLI tests spawn processes; two cores are all a machine here has.
    maxWorkers: 2,
  },
});
