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
 * Empty today. The three classes the first campaigns needed (memoryN/online
 * parsed by kstrtobool(), offline of a block with a hole answering -EINVAL,
 * memmap_on_memory and online_policy=auto-movable on the command line) were
 * each fixed in the model, so a campaign difference of any of those kinds is
 * now a real disagreement (docs/oracle.md, "History"). A new class needs a
 * cause the model cannot follow (nondeterminism belongs in
 * oracle/nondeterminism.ts instead).
 */
export const KNOWN_CLASSES: readonly KnownClass[] = [];

export function classify(d: Disagreement, config: readonly string[]): KnownClass | undefined {
  return KNOWN_CLASSES.find((k) => k.matches(d, config));
}
