import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant of model/optimized (npm run
 * mutation, docs/mutation.md): the differential and invariant properties at a
 * reduced budget across every profile, the scenario and regression replays,
 * the bug switches and the optimized unit tests. Not part of npm test.
 */
process.env.MEMHP_SEED ??= '42';
process.env.MEMHP_NUM_RUNS ??= '20';

export default defineConfig({
  test: {
    include: [
      'test/properties/conformance.test.ts',
      'test/scenarios/*.test.ts',
      'test/regressions/*.test.ts',
      'test/checks/bug-switches.test.ts',
      'test/optimized/*.test.ts',
    ],
    setupFiles: ['test/setup/seed.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: ['dot'],
  },
});
