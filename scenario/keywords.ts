/** The first words of scenario lines. */
import { MEMORY_OPERATIONS, OBSERVATION_OPS, QUERIES } from '../model/step.ts';

/** Header lines: all come before the first step. */
export const HEADER_WORDS = ['profile', 'geometry', 'config', 'boot'] as const;
export type HeaderWord = (typeof HEADER_WORDS)[number];

/** Steps whose answer is text read from sysfs or /proc: `-> <text>`, not an Outcome. */
export const OBSERVATION_WORDS = OBSERVATION_OPS;
export type ObservationWord = (typeof OBSERVATION_WORDS)[number];

/** Steps this version understands. */
export const STEP_WORDS: readonly string[] = [
  'add_pages',
  'remove_pages',
  'fail',
  ...QUERIES,
  'dump',
  ...MEMORY_OPERATIONS,
  'veto',
  ...OBSERVATION_WORDS,
];


export function isHeaderWord(w: string): w is HeaderWord {
  return (HEADER_WORDS as readonly string[]).includes(w);
}

export function isObservationWord(w: string): w is ObservationWord {
  return (OBSERVATION_WORDS as readonly string[]).includes(w);
}
