/**
 * How much memory the model holds at once. Both implementations keep a
 * record per section and the reference one per sub-section, every step is
 * observed and checked whole, so a step's cost grows with the sections the
 * machine holds. Past this bound a step would take minutes and gigabytes;
 * the model refuses the input instead (exit 2), it does not guess the
 * kernel's answer. A kernel would mostly fail such an add itself, with
 * -ENOMEM once the struct pages of the range no longer fit in the memory it
 * has, but where that happens depends on memory the model does not track.
 *
 * Sections that already exist, and ranges the kernel refuses before it
 * walks them (-E2BIG, -EINVAL from check_pfn_span(), a walk past
 * mem_section[]), are never counted.
 */
import type { Geometry } from './geometry.ts';

/** Sub-sections (2 MiB each on every preset: 1 TiB in all) the model holds at most. */
export const MAX_HELD_SUBSECTIONS = 2 ** 19;
/** A section weighs at least this many sub-sections: per-section records cost as much. */
const MIN_SECTION_WEIGHT = 64;

/** The most sections the machine may hold: 8,192 on x86_64 and ppc64, 4,096 on s390, 2,048 on arm64-64k. */
export function maxHeldSections(g: Geometry): number {
  return Math.floor(MAX_HELD_SUBSECTIONS / Math.max(MIN_SECTION_WEIGHT, g.subsectionsPerSection));
}

/** A step or a boot map that would make the machine hold more sections than maxHeldSections(): bad input. */
export class CapacityError extends Error {
  override name = 'CapacityError';
}

export function beyondCapacity(what: string, sections: number, limit: number): CapacityError {
  return new CapacityError(
    `${what} would make ${sections.toLocaleString('en-US')} sections present; the model holds at most ${limit.toLocaleString('en-US')} ` +
      'so that every step stays within seconds (docs/performance.md)',
  );
}
