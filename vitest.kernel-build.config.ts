// `npm run test:kernel-build`: builds kernels with `memhp kernel-build` (the first
// build of 6.1 takes 10-20 minutes; later runs reuse .cache/kernel-build/) and
// boots what it built (test-kernel-build/). Its own JSON report beside the others.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test-kernel-build/**/*.test.ts'],
    testTimeout: 3_600_000,
    hookTimeout: 3_600_000,
    // one build or one guest at a time: they share the cache and the cores
    fileParallelism: false,
    // every temporary folder of the tier under one directory, removed when the run ends
    setupFiles: ['test/setup/parent-gone.ts'],
    globalSetup: ['test/setup/temp-root.ts'],
    sequence: { concurrent: false },
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest-kernel-build/results.json' },
  },
});
