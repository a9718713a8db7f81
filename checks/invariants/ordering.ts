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
