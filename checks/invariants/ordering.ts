/**
 * The sequential shadow of orderings inside one operation (B-11, B-12, B-23,
 * B-31). The implementation counts the moments that break them since boot;
 * no step may add one.
 */
import type { Observation } from '../../model/observation.ts';
import type { Invariant } from '../invariant.ts';
import { always } from './profile-facts.ts';

type MomentCounter = 'orderingHazards' | 'usageRaces' | 'vmemmapToBuddy';

/** An invariant over one moment counter: absent (a real kernel) is not judged. */
function noNewMoments(name: string, describe: string, counter: MomentCounter, what: string, unit = 'time(s)'): Invariant {
  return {
    name,
    describe,
    appliesTo: always,
    check({ step, before, after }) {
      const b: Observation[MomentCounter] = before[counter];
      const a: Observation[MomentCounter] = after[counter];
      if (b === undefined || a === undefined) return undefined;
      const n = a - b;
      return n === 0 ? undefined : `${step.op} ${what} ${n} ${unit}`;
    },
  };
}

/**
 * Zone and span writes under mem_hotplug_lock, and pfn_to_page() of a classic
 * (non-VMEMMAP) section only while the section points at its memmap.
 */
export const kernelOrdering = noNewMoments(
  'kernel-ordering',
  'no moment inside an operation writes a zone outside mem_hotplug_begin/done or uses a classic section memmap the section does not point at',
  'orderingHazards',
  'broke a kernel ordering',
);

/**
 * B-31: a section's usage outlives every moment the section reads valid, so a
 * pfn_valid() racing the removal never reads a freed usage. v5.3 to v6.7 free
 * it first (their known finding).
 */
export const usageOutlivesValid = noNewMoments(
  'usage-outlives-valid',
  'no section usage is freed while the section still reads valid (SECTION_HAS_MEM_MAP set)',
  'usageRaces',
  'freed a section usage while the section still read valid',
);

/**
 * B-24, B-25: a self-hosted memmap goes back to its altmap, never to the
 * buddy allocator, which would hand out pages of memory being unplugged.
 */
export const vmemmapNotToBuddy = noNewMoments(
  'vmemmap-not-to-buddy',
  'no page of a self-hosted memmap (memmap_on_memory) is ever freed into the buddy allocator instead of its altmap',
  'vmemmapToBuddy',
  'freed into the buddy allocator self-hosted memmap pages:',
  'page(s)',
);
