// @ts-check
/**
 * Mutation testing of the optimized implementation (docs/mutation.md). Not
 * part of npm test or CI: a full run takes hours on two shared cores.
 * `npm run mutation` (mutation/run.ts) runs it in batches of files and keeps
 * each file's verdicts in mutation/results/; `npx stryker run --mutate FILE`
 * runs it directly.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['model/optimized/**/*.ts'],
  coverageAnalysis: 'perTest',
  reporters: ['html', 'json', 'clear-text', 'progress-append-only'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  // mutation/run.ts reads each batch's report from the file it names
  jsonReporter: { fileName: process.env.MEMHP_MUTATION_JSON ?? 'reports/mutation/mutation.json' },
  // Two cores shared with other work: one test-runner process (--concurrency to change).
  concurrency: 1,
  // A mutant may turn a loop endless; its covering tests take seconds at most.
  // Generous, because a timeout counts as killed: on a shared machine (load 15+)
  // a surviving mutant's tests ran past 2× + 30 s and were scored as killed.
  timeoutMS: 60_000,
  timeoutFactor: 4,
  dryRunTimeoutMinutes: 20,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  // The sandbox needs the model, the tests and their fixtures, nothing else.
  ignorePatterns: ['mutation/results', 'reports/out', 'reports/vitest', 'reports/mutation', 'bench', 'test-kernel', 'docs', '.memhp', '.cache'],
  thresholds: { high: 90, low: 80, break: null },
};
