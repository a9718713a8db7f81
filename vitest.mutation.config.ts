import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The kill set Stryker runs against each mutant of model/optimized (npm run
 * mutation, docs/mutation.md). Not part of npm test. A mutant is killed by the
 * first failing test (Stryker bails) and a surviving one reruns every test
 * that covers it, so the files run cheapest first: the optimized
 * implementation's unit tests (each bug switch against hand-worked values),
 * the reference implementation's hand-worked tests run on the optimized one
 * (MEMHP_TEST_IMPL=optimized, test/helpers/machine.ts), the in-process
 * scenario tests, every scenario file and regression replay
 * (test/mutation/scenarios.kill.ts), then every profile's properties at a
 * small budget without shrinking (test/mutation/properties.kill.ts). Files
 * that run model code outside a test (a beforeAll running every regression)
 * are left out: Stryker would count each mutant reached there as static and
 * run every test against it. So are tests that spawn the CLI, since a child
 * process does not see the active mutant.
 */
process.env.MEMHP_SEED ??= '42';

const ORDER = ['test/model/optimized/', 'test/model/reference/', 'test/scenarios/', 'test/mutation/scenarios', 'test/mutation/properties'];
const rank = (file: string): number => {
  const i = ORDER.findIndex((prefix) => file.startsWith(prefix));
  return i === -1 ? ORDER.length : i;
};

class CheapestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const key = (f: TestSpecification): string => relative(process.cwd(), f.moduleId);
    return [...files].sort((a, b) => rank(key(a)) - rank(key(b)) || key(a).localeCompare(key(b)));
  }
}

export default defineConfig({
  test: {
    include: [
      'test/model/optimized/**/*.test.ts',
      // the reference implementation's hand-worked tests, asked of the optimized one
      'test/model/reference/**/*.test.ts',
      'test/scenarios/dynamic-groups.test.ts',
      'test/scenarios/memmap-on-memory.test.ts',
      'test/scenarios/block-fault.test.ts',
      'test/scenarios/patch-rules.test.ts',
      'test/mutation/*.kill.ts',
    ],
    // seconds per run, and every mutant of the boot path would rerun it
    exclude: ['test/model/optimized/sparse/far-boot.test.ts'],
    setupFiles: ['test/setup/seed.ts'],
    // as in npm test: the tests' temporary files under one directory of the run, removed when it ends
    globalSetup: ['test/setup/temp-root.ts'],
    env: { MEMHP_TEST_IMPL: 'optimized' },
    sequence: { sequencer: CheapestFirst },
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: ['dot'],
    // The files share one module graph: a third of the run time (16 s for the whole kill set
    // against 45 s isolated). Verdicts are the same (errno.ts measured both ways): the runner
    // switches a mutant on at run time, and the model keeps no state between tests.
    isolate: false,
  },
});
