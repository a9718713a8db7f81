/**
 * The properties a run checks for each profile: the differential comparison,
 * all invariants together, and (for focused use) each invariant alone.
 */
import type { CheckSelection } from '../engine/lockstep.ts';
import { INVARIANTS, findInvariant } from '../checks/invariants/index.ts';
import type { ImplementationKind } from '../model/implementation.ts';

export interface PropertyDefinition {
  readonly name: string;
  readonly describe: string;
  readonly kinds: readonly ImplementationKind[];
  readonly checks: CheckSelection;
  /**
   * `sparse`: only sparse-layer steps, and bare removes may take boot memory
   * away (what remove_memory of a boot DIMM does to the sections); `all`: every
   * step, with bare removes kept off System RAM and device memory.
   */
  readonly generation?: 'all' | 'sparse';
}

export const DIFFERENTIAL: PropertyDefinition = {
  name: 'differential',
  describe: 'reference and optimized give the same answer and observable state after every step',
  kinds: ['reference', 'optimized'],
  checks: { differential: true, invariants: [] },
};

export const ALL_INVARIANTS: PropertyDefinition = {
  name: 'invariants',
  describe: 'every invariant of the profile holds after every step, in both implementations',
  kinds: ['reference', 'optimized'],
  checks: { differential: false, invariants: INVARIANTS },
};

/** The properties `memhp run` and `npm test` check for every profile. */
export const DEFAULT_PROPERTIES: readonly PropertyDefinition[] = [DIFFERENTIAL, ALL_INVARIANTS];

/** A property by name: the two defaults, or one invariant alone on the optimized implementation. */
export function findProperty(name: string): PropertyDefinition | undefined {
  const known = DEFAULT_PROPERTIES.find((p) => p.name === name);
  if (known !== undefined) return known;
  const inv = findInvariant(name);
  if (inv === undefined) return undefined;
  return { name: inv.name, describe: inv.describe, kinds: ['optimized'], checks: { differential: false, invariants: [inv], strict: true } };
}

export function propertyNames(): string[] {
  return [...DEFAULT_PROPERTIES.map((p) => p.name), ...INVARIANTS.map((i) => i.name)];
}
