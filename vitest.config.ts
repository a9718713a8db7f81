import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { inCi } from './properties/settings.ts';

// MEMHP_SEED=random draws one seed here, once for every test file, and prints it;
// under CI it stays `random` and test/setup/seed.ts refuses to run.
if (process.env.MEMHP_SEED?.trim() === 'random' && !inCi(process.env)) {
  process.env.MEMHP_SEED = String((Math.random() * 2 ** 32) | 0);
  process.stderr.write(`memhp: MEMHP_SEED=random drew seed ${process.env.MEMHP_SEED}; run again with MEMHP_SEED=${process.env.MEMHP_SEED}\n`);
}

export default defineConfig({
  test: {
    setupFiles: ['test/setup/seed.ts', 'test/setup/parent-gone.ts'],
    globalSetup: ['test/setup/temp-root.ts'],
    projects: [
      { extends: true, test: { name: 'memhp', include: ['test/**/*.test.ts'] } },
      // The reference tests' hand-worked values, asked of the optimized implementation
      // (test/helpers/machine.ts): both were written from the same spec.
      {
        extends: true,
        test: {
          name: 'optimized-on-reference-tests',
          include: ['test/model/reference/**/*.test.ts'],
          // random sequences on the reference alone: on the optimized one the differential property covers them
          exclude: ['test/model/reference/random.test.ts'],
          env: { MEMHP_TEST_IMPL: 'optimized' },
        },
      },
    ],
    // vitest's default leaves a core to its main process, which idles while the files run:
    // one worker on CI's two cores. Every core runs a file instead (`npm test -- --maxWorkers 1` to not).
    maxWorkers: availableParallelism(),
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Machine-readable results for CI systems beside the terminal output.
    reporters: ['default', 'json', 'junit'],
    outputFile: { json: 'reports/vitest/results.json', junit: 'reports/vitest/junit.xml' },
  },
});
