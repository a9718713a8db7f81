/**
 * Classes of kernel-vs-model differences that are understood, for the random
 * campaign (whose sequences differ run to run, so its differences cannot be
 * listed one by one like the corpus's). A sequence is classified by its first
 * difference; later ones are its consequences. A difference of no class is
 * UNEXPLAINED and fails `npm run test:kernel`.
 */
import type { Disagreement } from './compare.ts';

export interface KnownClass {
  readonly id: string;
  readonly explanation: string;
  matches(d: Disagreement, config: readonly string[]): boolean;
}

/**
 * One class today. The three classes the first campaigns needed (memoryN/online
 * parsed by kstrtobool(), offline of a block with a hole answering -EINVAL,
 * memmap_on_memory and online_policy=auto-movable on the command line) were
 * each fixed in the model, so a campaign difference of any of those kinds is
 * now a real disagreement (docs/oracle.md, "History"). A class needs a
 * cause the model does not follow yet (nondeterminism belongs in
 * oracle/nondeterminism.ts instead), and says so.
 */
export const KNOWN_CLASSES: readonly KnownClass[] = [
  {
    id: 'eject-reonline-default-type',
    explanation:
      'after a refused eject, Linux 6.12 onlines the blocks it had offlined again through device_online() with the default online ' +
      'type (auto_online_blocks / memhp_default_state, here online_movable), where the model re-onlines them as `online` (MMOP_ONLINE, ' +
      'the zone next to them); seen once in the CI campaign (seed 42, 6.12, sequence 49), not modelled yet [I]',
    matches: (d, config) =>
      /^eject_memory /.test(d.text) &&
      /^block \d+$/.test(d.what) &&
      d.kernel === 'online Movable' &&
      /^online (Normal|DMA32|DMA)$/.test(d.model) &&
      config.some((c) => c.endsWith('auto_online_blocks online_movable')),
  },
];

export function classify(d: Disagreement, config: readonly string[]): KnownClass | undefined {
  return KNOWN_CLASSES.find((k) => k.matches(d, config));
}
