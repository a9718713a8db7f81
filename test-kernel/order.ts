/**
 * The kernel tier's file order (its files run one after another): the corpus
 * first, since it boots and saves every boot configuration the others restore
 * (test-kernel/saved-boots.ts); then the longest files, so the short ones end
 * the run; files not named here last, in vitest's own order.
 */
import { basename } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const KERNEL_TIER_ORDER = ['kernel.test.ts', 'campaign.test.ts', 'audit.test.ts', 'no-leftovers.test.ts', 'guest-failure.test.ts', 'boot-snapshot.test.ts'];

export class KernelTierSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification): number => {
      const i = KERNEL_TIER_ORDER.indexOf(basename(f.moduleId));
      return i === -1 ? KERNEL_TIER_ORDER.length : i;
    };
    const base = await super.sort(files);
    return base.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map((x) => x.f);
  }
}
