/**
 * A sequential shadow of orderings the kernel depends on inside one
 * operation. The lockstep sees state only between steps, so a write done in
 * the wrong order (or outside the lock) is invisible there; this monitor looks
 * at the moments in between and counts each one where a concurrent reader, or
 * the code itself, would meet a broken state:
 *
 * - every zone and span write happens between mem_hotplug_begin() and
 *   mem_hotplug_done() (B-23's discipline);
 * - without SPARSEMEM_VMEMMAP, pfn_to_page() goes through the section's
 *   encoded memmap, so it is used only while the section points at one
 *   (B-11: not after it was cleared; B-12: not before it was set).
 *
 * Apart, because some kernels break it by design rather than by bug: a
 * section's usage is freed only once the section no longer reads valid
 * (B-31; v5.3 to v6.7 free it first).
 */
import { SECTION_HAS_MEM_MAP, type MemSection } from '../sparse/mem-section.ts';

export class OrderingMonitor {
  /** Moments counted since boot (observed as `orderingHazards`). */
  hazards = 0;
  /** Usages freed while their section still read valid, since boot (observed as `usageRaces`). */
  usageRaces = 0;
  private depth = 0;
  /** Boot runs single-threaded before any reader exists: nothing is counted until then. */
  private armed = false;

  arm(): void {
    this.armed = true;
  }

  // mirrors mem_hotplug_begin(), mm/memory_hotplug.c, v5.5
  begin(): void {
    this.depth++;
  }

  // mirrors mem_hotplug_done(), mm/memory_hotplug.c, v5.5
  done(): void {
    this.depth--;
  }

  /** A write to a zone's or node's span or page counts. */
  zoneWrite(): void {
    if (this.armed && this.depth === 0) this.hazards++;
  }

  /**
   * pfn_to_page() of a pfn in `ms`. With VMEMMAP it is arithmetic on the
   * virtual memmap; without, it decodes section_mem_map, which must be set.
   */
  pfnToPage(vmemmap: boolean, ms: MemSection): void {
    // the model keeps only the flag bits; the encoded pointer lives exactly while the word is
    // non-zero (set by sparse_init_one_section(), reset to NULL at the end of section_deactivate())
    if (this.armed && !vmemmap && ms.sectionMemMap === 0) this.hazards++;
  }

  /** kfree(ms->usage): a pfn_valid() that still finds the section valid would read it after the free. */
  usageFreed(ms: MemSection): void {
    if (this.armed && (ms.sectionMemMap & SECTION_HAS_MEM_MAP) !== 0) this.usageRaces++;
  }
}
