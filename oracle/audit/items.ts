/**
 * What an audit runs on both kernels: scenario files (the oracle corpus by
 * default) and seeded random pc-dimm sequences as `memhp kernel-campaign`
 * draws them: one seedrandom stream per seed and kernel name, the four
 * pc-dimm boot configurations in turn (oracle/campaign-configs.ts
 * DIMM_CAMPAIGN_CONFIGS). kernel-campaign also rotates PMEM, dax kmem and
 * virtio-mem configurations, whose guests the audit's runner does not
 * build, so its sequence i is not the audit's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import seedrandom from 'seedrandom';
import { UsageError } from '../../base/usage-error.ts';
import type { Step } from '../../model/step.ts';
import { parseScenario, printBoot, printStep } from '../../scenario/index.ts';
import { readUserFile } from '../../base/read-file.ts';
import { DIMM_CAMPAIGN_CONFIGS, generateSequence } from '../campaign.ts';
import { inexpressible } from '../expressible.ts';
import { CORPUS_DIR } from '../paths.ts';

export interface AuditItem {
  /** Unique in the audit: the file name without .scn, or campaign-<seed>-<kernel>-<i>. */
  readonly name: string;
  /** Where it came from: the file, or the campaign draw. */
  readonly origin: string;
  /** `config <key> <value>` lines, then a file's `boot` lines (the guest gets their holes as memmap=). */
  readonly config: readonly string[];
  readonly steps: readonly Step[];
}

/** The scenario text both kernels run: config lines, then one step per line (line numbers follow from it). */
export function itemSource(item: Pick<AuditItem, 'config' | 'steps'>): string {
  return [...item.config, ...item.steps.map(printStep)].join('\n') + '\n';
}

/** The corpus less its legacy-PMEM files (not audited: see fileItems()). */
export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.scn') && !/^config pmem /m.test(readFileSync(join(CORPUS_DIR, f), 'utf8')))
    .sort()
    .map((f) => join(CORPUS_DIR, f));
}

/** Scenario files as items; a file the guest cannot run is a UsageError naming what it cannot express. */
export function fileItems(paths: readonly string[]): AuditItem[] {
  const seen = new Set<string>();
  return paths.map((p) => {
    const scenario = parseScenario(readUserFile(p), p);
    const problems = inexpressible(scenario);
    if (problems.length > 0) throw new UsageError(`${p}: not expressible on a real kernel: ${problems.join('; ')}`);
    if (scenario.pmem !== undefined) {
      // the audit boots image files, whose nd_pmem may be built in and bind every namespace at boot
      throw new UsageError(`${p}: config pmem is not audited (image kernels); run it with memhp kernel on the stock kernels`);
    }
    let name = basename(p).replace(/\.scn$/, '');
    for (let n = 2; seen.has(name); n++) name = `${basename(p).replace(/\.scn$/, '')}-${n}`;
    seen.add(name);
    // the boot lines too: without them the guest has no hole and the model the guest's whole RAM
    const config = [...scenario.config.map((c) => `config ${c.key} ${c.value}`), ...scenario.boot.map(printBoot)];
    return { name, origin: p, config, steps: scenario.steps.map((s) => s.step) };
  });
}

/** `count` pc-dimm sequences for `kernel` with `seed` (the campaign's pc-dimm generator and configurations). */
export function campaignItems(seed: number, kernel: string, count: number, steps: number): AuditItem[] {
  const rng = seedrandom(`${seed}:${kernel}`);
  const out: AuditItem[] = [];
  for (let i = 0; i < count; i++) {
    const config = DIMM_CAMPAIGN_CONFIGS[i % DIMM_CAMPAIGN_CONFIGS.length] ?? [];
    out.push({ name: `campaign-${seed}-${kernel}-${i}`, origin: `pc-dimm campaign draw, kernel ${kernel}, seed ${seed}, sequence ${i}`, config, steps: generateSequence(rng, steps) });
  }
  return out;
}
