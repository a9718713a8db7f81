/**
 * `npm run test:kernel`: boots each fetched real kernel in QEMU, runs the
 * oracle corpus, and holds every step to the model under the profile named
 * after the release. Differences must be the known ones
 * (oracle/recorded/known-differences.json, empty today). No QEMU process may
 * outlive a test; the corpus files run as many at once as the machine has
 * cores. Each file gets a guest fresh from boot: the first file of a boot
 * configuration other files share boots it and saves the booted guest, the
 * others restore that copy (oracle/boot-snapshot.ts: the same machine to the
 * byte, ≈ 0.25 s of QEMU CPU instead of ≈ 5.6 s). Under `npm run test:kernel` the saved
 * boots go to the tier's shared folder (test-kernel/saved-boots.ts) and every file saves
 * its boot, for the campaign and the audits after it. The random campaign is `npm run campaign:kernel`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/index.ts';
import { BootSnapshots, SAVED_BOOTS_ENV } from '../oracle/boot-snapshot.ts';
import { compareRecord } from '../oracle/compare.ts';
import { devdaxRanges, kernelCmdline } from '../oracle/expressible.ts';
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
const files = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.scn'))
  .sort()
  .map((f) => {
    const s = parseScenario(readFileSync(join(CORPUS_DIR, f), 'utf8'), f);
    return { f, virtio: s.virtioMem !== undefined, boot: JSON.stringify([kernelCmdline(s.config, s.boot, s.pmem), devdaxRanges(s), s.virtioMem ?? null]) };
  });
/** Files whose boot configuration another file shares: they start from a saved boot. A file alone in its configuration boots plainly (saving it would only cost). */
const shared = files.filter((x) => files.filter((y) => y.boot === x.boot).length > 1);
const firsts = shared.filter((x, i) => shared.findIndex((y) => y.boot === x.boot) === i);
/**
 * The run's order: the first file of each shared configuration (its boot is saved), then the files with
 * a boot of their own, virtio-mem first (they take longest: the driver settles on its own workqueue),
 * then the other shared files, whose saved boot is ready by then (no test waits on another's boot while
 * holding a core's slot).
 */
const corpus = [...firsts, ...files.filter((x) => !shared.includes(x)).sort((a, b) => Number(b.virtio) - Number(a.virtio)), ...shared.filter((x) => !firsts.includes(x))].map((x) => x.f);
/** Under `npm run test:kernel` every file saves its boot: the campaign and the audits restore them (test-kernel/saved-boots.ts). */
const saves = (f: string): boolean => process.env[SAVED_BOOTS_ENV] !== undefined || shared.some((x) => x.f === f);
const known = new Set(loadKnown().map(differenceKey));

afterAll(() => {
  expect(heldCount()).toBe(0);
});

// As many guests at once as the machine has cores (vitest.kernel.config.ts's maxConcurrency): each test boots its own.
describe.concurrent.each(SERIES.map((s) => [s]))('Linux %s in QEMU', (series) => {
  const image = kernelImage(series);
  const profile = RELEASE_PROFILES[series];
  const snapshots = new BootSnapshots();
  afterAll(() => snapshots.close());

  it.each(corpus)(`corpus %s agrees with ${profile} or differs as recorded`, async (file) => {
    const source = readFileSync(join(CORPUS_DIR, file), 'utf8');
    const name = basename(file, '.scn');
    let guest: Vm | undefined;
    const record = await recordScenario(image, name, source, parseScenario(source, file), { onBoot: (vm) => (guest = vm), ...(saves(file) ? { boot: { snapshots } } : {}) });
    const c = compareRecord(record, profile);
    const fresh = c.disagreements.filter((d) => !known.has(differenceKey({ series, profile, scenario: name, ...d })));
    expect(fresh.map((d) => `line ${d.line} ${d.text} — ${d.what}: kernel "${d.kernel}" model "${d.model}"`)).toEqual([]);
    // this test's guest is gone (the others running beside it are theirs to check)
    expect(guest?.held).toBe(false);
  });
});
