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

/** Config keys the model declares but does not model yet (the modern profiles will). */
const UNMODELLED_CONFIG = ['memmap_on_memory Y', 'online_policy auto-movable'];

/** kstrtobool() decides on the first character (and the second after "o"): "yes", "no", "1x" are words too. */
function kstrtoboolOnly(word: string): boolean {
  const strict = ['1', 'y', 'Y', 'on', '0', 'n', 'N', 'off'];
  if (strict.includes(word)) return false;
  return /^[yY1nN0]/.test(word) || /^[oO][nNfF]/.test(word);
}

export const KNOWN_CLASSES: readonly KnownClass[] = [
  {
    id: 'kstrtobool-first-char',
    explanation:
      'memoryN/online parses with kstrtobool(), which looks at the first character only ("yes" is true, "no" false); the model accepts the exact words 1/y/Y/on/0/n/N/off',
    matches: (d) => d.what === 'answer' && /^online \d+ /.test(d.text) && kstrtoboolOnly(d.text.split(' ')[2] ?? ''),
  },
  {
    id: 'offline-block-with-hole',
    explanation:
      'block 7 ends in the RAM hole below 1 GiB (RAM stops at 0x3ffe0000); the kernels refuse to offline memory with holes (-EINVAL), the model offlines it',
    matches: (d) => d.what === 'answer' && /^(state 7 offline|online 7 [0nNo])/.test(d.text) && d.kernel === '-EINVAL' && d.model === 'ok',
  },
  // last: a config the model does not read explains what no specific class does
  {
    id: 'unmodelled-config',
    explanation:
      'the run had memory_hotplug.memmap_on_memory=1 or online_policy=auto-movable on the command line: the model declares both config keys but does not model them yet (the modern profiles will)',
    matches: (_d, config) => config.some((c) => UNMODELLED_CONFIG.some((u) => c.endsWith(u))),
  },
];

export function classify(d: Disagreement, config: readonly string[]): KnownClass | undefined {
  return KNOWN_CLASSES.find((k) => k.matches(d, config));
}
