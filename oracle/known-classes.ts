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
 * No class today. The four classes the campaigns needed were each fixed in
 * the model: memoryN/online parsed by kstrtobool(), offline of a block with a
 * hole answering -EINVAL, memmap_on_memory and online_policy=auto-movable on
 * the command line, and the online type a refused `state` write leaves on an
 * online block, which the next device_online() without a type uses (an eject
 * putting blocks back, memoryN/online; fa2be40fe7c0, corpus
 * online-type-left.scn). A campaign difference of any of those kinds is now a
 * real disagreement (docs/oracle.md, "History"). A class needs a cause the
 * model does not follow yet (nondeterminism belongs in
 * oracle/nondeterminism.ts instead), and says so.
 */
export const KNOWN_CLASSES: readonly KnownClass[] = [];

export function classify(d: Disagreement, config: readonly string[]): KnownClass | undefined {
  return KNOWN_CLASSES.find((k) => k.matches(d, config));
}
