/**
 * The properties a run checks for each profile: the differential comparison,
 * all invariants together, and (for focused use) each invariant alone.
 */
import type { CheckSelection } from '../engine/lockstep.ts';
import { INVARIANTS, SPARSE_INVARIANTS, findInvariant } from '../checks/invariants/index.ts';
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
  /**
   * Swarm generation (properties/swarm.ts) for every run of this property: each run a
   * random subset of the operations, eject, block faults, virtio-mem adds and device
   * queries among them. `--swarm` turns it on for every property.
   */
  readonly swarm?: boolean;
}

export const DIFFERENTIAL: PropertyDefinition = {
  name: 'differential',
  describe: 'reference and optimized give the same answer and observable state after every step',
  kinds: ['reference', 'optimized'],
  checks: { differential: true, invariants: [] },
};

export const ALL_INVARIANTS: PropertyDefinition = {
  name: 'invariants',
  describe: 'every invariant of the profile holds after every step, over swarm runs, in both implementations, which must also agree',
  kinds: ['reference', 'optimized'],
  // The differential item explores the plain operation mix; this one the swarm mixes,
  // which alone draw eject, block faults, virtio-mem adds and device queries. Both
  // implementations run here anyway, so a difference between them fails it too.
  checks: { differential: true, invariants: INVARIANTS },
  swarm: true,
};

export const SPARSE: PropertyDefinition = {
  name: 'sparse',
  describe: 'the sparse layer alone, bare removes of boot memory included: both implementations agree and every sparse-layer invariant holds',
  kinds: ['reference', 'optimized'],
  checks: { differential: true, invariants: SPARSE_INVARIANTS },
  // only here does a boot section go away whole (remove_memory refuses boot RAM), which
  // is where a boot-allocated usage must not be freed (B-28)
  generation: 'sparse',
};

/** The properties `memhp run` and `npm test` check for every profile. */
export const DEFAULT_PROPERTIES: readonly PropertyDefinition[] = [DIFFERENTIAL, ALL_INVARIANTS, SPARSE];

/** A property by name: the three defaults, or one invariant alone on the optimized implementation. */
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
