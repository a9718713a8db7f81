// `npm run test:kernel`: the tests that boot real kernels in QEMU (test-kernel/),
// with their own JSON report so CI counts them beside `npm test`.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { basename } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The tier's file order (they run one after another): the corpus first, since it boots and saves every
 * boot configuration the others restore (test-kernel/saved-boots.ts); then the longest files, so the
 * short ones end the run; files not named here last, in vitest's own order.
 */
const ORDER = ['kernel.test.ts', 'campaign.test.ts', 'audit.test.ts', 'no-leftovers.test.ts', 'guest-failure.test.ts', 'boot-snapshot.test.ts'];

class KernelTierSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification): number => {
      const i = ORDER.indexOf(basename(f.moduleId));
      return i === -1 ? ORDER.length : i;
    };
    const base = await super.sort(files);
    return base.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map((x) => x.f);
  }
}

export default defineConfig({
  test: {
    include: ['test-kernel/**/*.test.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // one folder of saved boots for the whole tier: each boot configuration is booted once per kernel
    // a worker left without its main process (vitest ended by a signal) exits, stopping its guests
    setupFiles: ['test/setup/parent-gone.ts'],
    globalSetup: ['test-kernel/saved-boots.ts'],
    sequence: { sequencer: KernelTierSequencer },
    // concurrent tests (the corpus files, the campaign's kernels) run one single-vCPU TCG guest per core
    maxConcurrency: Math.max(1, availableParallelism()),
    reporters: ['default', 'json', 'junit'],
    outputFile: { json: 'reports/vitest-kernel/results.json', junit: 'reports/vitest-kernel/junit.xml' },
  },
});
