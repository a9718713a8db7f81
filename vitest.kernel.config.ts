// `npm run test:kernel`: the tests that boot real kernels in QEMU (test-kernel/),
// with their own JSON report so CI counts them beside `npm test`.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { KernelTierSequencer } from './test-kernel/order.ts';

export default defineConfig({
  test: {
    include: ['test-kernel/**/*.test.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // one folder of saved boots for the whole tier: each boot configuration is booted once per kernel
    globalSetup: ['test-kernel/saved-boots.ts'],
    sequence: { sequencer: KernelTierSequencer },
    // concurrent tests (the corpus files, the campaign's kernels) run one single-vCPU TCG guest per core
    maxConcurrency: Math.max(1, availableParallelism()),
    reporters: ['default', 'json', 'junit'],
    outputFile: { json: 'reports/vitest-kernel/results.json', junit: 'reports/vitest-kernel/junit.xml' },
  },
});
