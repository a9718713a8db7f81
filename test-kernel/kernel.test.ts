/**
 * `npm run test:kernel`: boots each fetched real kernel in QEMU, runs the
 * oracle corpus, and holds every step to the model under the profile named
 * after the release. Differences must be the known ones
 * (oracle/recorded/known-differences.json, empty today). No QEMU process may
 * outlive a test; the corpus files run as many at once as the machine has
 * cores. The random campaign is `npm run campaign:kernel`.
 */
import { readFileSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/index.ts';
import { compareRecord } from '../oracle/compare.ts';
import { heldCount } from '../oracle/cleanup.ts';
import { differenceKey, loadKnown } from '../oracle/known.ts';
import { KERNEL_SERIES, kernelImage, parseKernelChoice } from '../oracle/kernels.ts';
import { CORPUS_DIR } from '../oracle/paths.ts';
import { RELEASE_PROFILES } from '../oracle/release-profiles.ts';
import { recordScenario } from '../oracle/run-kernel.ts';
import type { Vm } from '../oracle/vm.ts';

/** MEMHP_KERNELS=6.1 (or a comma list) narrows the run for local work; CI runs all four. */
const choice = parseKernelChoice(process.env.MEMHP_KERNELS ?? 'all');
const SERIES = typeof choice === 'string' ? [...KERNEL_SERIES] : choice;
const corpus = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.scn')).sort();
const known = new Set(loadKnown().map(differenceKey));

afterAll(() => {
  expect(heldCount()).toBe(0);
});

// As many guests at once as the machine has cores (vitest.kernel.config.ts's maxConcurrency): each test boots its own.
describe.concurrent.each(SERIES.map((s) => [s]))('Linux %s in QEMU', (series) => {
  const image = kernelImage(series);
  const profile = RELEASE_PROFILES[series];

  it.each(corpus)(`corpus %s agrees with ${profile} or differs as recorded`, async (file) => {
    const source = readFileSync(join(CORPUS_DIR, file), 'utf8');
    const name = basename(file, '.scn');
    let guest: Vm | undefined;
    const record = await recordScenario(image, name, source, parseScenario(source, file), { onBoot: (vm) => (guest = vm) });
    const c = compareRecord(record, profile);
    const fresh = c.disagreements.filter((d) => !known.has(differenceKey({ series, profile, scenario: name, ...d })));
    expect(fresh.map((d) => `line ${d.line} ${d.text} — ${d.what}: kernel "${d.kernel}" model "${d.model}"`)).toEqual([]);
    // this test's guest is gone (the others running beside it are theirs to check)
    expect(guest?.held).toBe(false);
  });
});
