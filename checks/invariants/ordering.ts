/**
 * The sequential shadow of orderings inside one operation (B-11, B-12, B-23):
 * zone and span writes under mem_hotplug_lock, and pfn_to_page() of a
 * classic (non-VMEMMAP) section only while the section points at its memmap.
 * The implementation counts the moments that break them; none may happen.
 */
import type { Invariant } from '../invariant.ts';
import { always } from './profile-facts.ts';

export const kernelOrdering: Invariant = {
  name: 'kernel-ordering',
  describe: 'no moment inside an operation writes a zone outside mem_hotplug_begin/done or uses a classic section memmap the section does not point at',
  appliesTo: always,
  check({ step, before, after }) {
    if (before.orderingHazards === undefined || after.orderingHazards === undefined) return undefined;
    const n = after.orderingHazards - before.orderingHazards;
    return n === 0 ? undefined : `${step.op} broke a kernel ordering ${n} time(s)`;
  },
};

/**
 * B-31's sequential shadow: a section's usage outlives every moment the
 * section reads valid, so a pfn_valid() racing the removal never reads a
 * freed usage. v5.3 to v6.7 free it first (their known finding).
 */
export const usageOutlivesValid: Invariant = {
  name: 'usage-outlives-valid',
  describe: 'no section usage is freed while the section still reads valid (SECTION_HAS_MEM_MAP set)',
  appliesTo: always,
  check({ step, before, after }) {
    if (before.usageRaces === undefined || after.usageRaces === undefined) return undefined;
    const n = after.usageRaces - before.usageRaces;
    return n === 0 ? undefined : `${step.op} freed a section usage while the section still read valid ${n} time(s)`;
  },
};
