// @ts-check
/**
 * Mutation testing of the optimized implementation (npm run mutation,
 * docs/mutation.md). Not part of npm test or CI: a full run takes hours on
 * two shared cores. Pass `--mutate model/optimized/FILE.ts` to measure a
 * subset; the incremental file lets a later run reuse earlier results.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['model/optimized/**/*.ts'],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Two cores shared with other work: one test-runner process.
  concurrency: 1,
  // A mutant may turn a loop endless; its covering tests take seconds at most.
  timeoutMS: 30_000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 20,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  // The sandbox needs the model, the tests and their fixtures, nothing else.
  ignorePatterns: ['reports/out', 'reports/vitest', 'reports/mutation', 'bench', 'test-kernel', 'docs', '.memhp', '.cache'],
  thresholds: { high: 90, low: 80, break: null },
};
