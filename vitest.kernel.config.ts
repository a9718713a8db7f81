// `npm run test:kernel`: the tests that boot real kernels in QEMU (test-kernel/),
// with their own JSON report so CI counts them beside `npm test`.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test-kernel/**/*.test.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // concurrent tests (the corpus files, the campaign's kernels) run one single-vCPU TCG guest per core
    maxConcurrency: Math.max(1, availableParallelism()),
    reporters: ['default', 'json', 'junit'],
    outputFile: { json: 'reports/vitest-kernel/results.json', junit: 'reports/vitest-kernel/junit.xml' },
  },
});
