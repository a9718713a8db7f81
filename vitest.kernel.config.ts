// `npm run test:kernel`: the tests that boot real kernels in QEMU (test-kernel/),
// with their own JSON report so CI counts them beside `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test-kernel/**/*.test.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // the campaign runs two kernels at once: one single-vCPU TCG guest per core
    maxConcurrency: 2,
    reporters: ['default', 'json', 'junit'],
    outputFile: { json: 'reports/vitest-kernel/results.json', junit: 'reports/vitest-kernel/junit.xml' },
  },
});
