import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant of model/optimized (npm run
 * mutation, docs/mutation.md): the differential and invariant properties at a
 * reduced budget across every profile, the scenario and regression replays
 * and the optimized unit tests. Not part of npm test. Left out for time (a
 * surviving mutant reruns every covering test): the bug-switch tests (50 s)
 * and the historical-profile scenarios (20 s) on two shared cores.
 */
process.env.MEMHP_SEED ??= '42';
process.env.MEMHP_NUM_RUNS ??= '5';

export default defineConfig({
  test: {
    include: [
      'test/properties/conformance.test.ts',
      'test/scenarios/*.test.ts',
      'test/regressions/*.test.ts',
      'test/optimized/*.test.ts',
    ],
    exclude: ['test/scenarios/historical.test.ts'],
    setupFiles: ['test/setup/seed.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: ['dot'],
  },
});
