/** The first words of scenario lines. */
import { QUERIES } from '../model/step.ts';

/** Header lines: all come before the first step. */
export const HEADER_WORDS = ['profile', 'geometry', 'config', 'boot'] as const;
export type HeaderWord = (typeof HEADER_WORDS)[number];

/** Steps this version understands. */
export const STEP_WORDS: readonly string[] = ['add_pages', 'remove_pages', 'fail', ...QUERIES, 'dump'];

/** Steps of later versions (memory blocks and zones). */
export const RESERVED_WORDS: readonly string[] = [
  'add_memory',
  'remove_memory',
  'memremap_pages',
  'memunmap_pages',
  'eject_memory',
  'state',
  'online',
  'valid_zones',
  'zone',
  'block',
  'pin',
  'veto',
  'poison',
];

export function isHeaderWord(w: string): w is HeaderWord {
  return (HEADER_WORDS as readonly string[]).includes(w);
}
