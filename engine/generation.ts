/**
 * How `memhp run` resolves generated intents: `plain` (the default) or
 * `state-aware` (properties/state-aware.ts). Here, below both, because a
 * saved failure (engine/failure-db.ts) records which one found it.
 */
import { excerpt } from '../base/error-line.ts';
import { UsageError } from '../base/usage-error.ts';

export const GENERATIONS = ['plain', 'state-aware'] as const;
export type Generation = (typeof GENERATIONS)[number];

/** A --generation value (or a saved failure's `generation` line); anything else is bad input. */
export function parseGeneration(raw: string, what = '--generation'): Generation {
  const g = GENERATIONS.find((x) => x === raw);
  if (g === undefined) throw new UsageError(`${what} ${excerpt(raw)} is not one of ${GENERATIONS.join(', ')}`);
  return g;
}
