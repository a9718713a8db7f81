/**
 * mm/sparse.c, the remove side. section_deactivate() follows the v5.10 form
 * (clear_subsection_map() and the B-13/B-14 fixes in), which the spec pins
 * for every sub-section profile; it is also the undo of a failed
 * section_activate().
 */
import { bitmapAnd, bitmapAndNot, bitmapEmpty, bitmapScratch, bitmapSubset, bitmapXor, bitmapZero, type Bitmap } from './bitmap.ts';
import type { SparseContext } from '../context.ts';
import { NUMA_NO_NODE, SECTION_HAS_MEM_MAP, type MemSection } from './mem-section.ts';
import { earlySection } from './queries.ts';
import { subsectionMaskSet } from './subsection-mask.ts';

const SCRATCH_DEACTIVATE = 1;

/** What a deactivation reports: the kernel's void return plus whether it WARNed. */
export type DeactivateResult = 'ok' | 'WARN';

// mirrors depopulate_section_memmap(), mm/sparse.c, v5.3
function depopulateSectionMemmap(ctx: SparseContext, ms: MemSection, map: Bitmap, mapEmpty: boolean, published: boolean): void {
  // the struct pages to free are found with pfn_to_page(); the undo of an activation that
  // never published the section is not watched (no reader could have seen it)
  if (published) ctx.ordering.pfnToPage(ctx.config.vmemmap, ms);
  const hot = ms.memmapHotplug();
  if (ctx.config.vmemmap) bitmapAndNot(hot, hot, map);
  // the classic memmap is one allocation, so it can only go when nothing in the section is left
  else if (mapEmpty) bitmapZero(hot);
}

// mirrors free_map_bootmem(), mm/sparse.c, v5.3
function freeMapBootmem(ms: MemSection): void {
  bitmapZero(ms.memmapBoot());
}

// mirrors section_deactivate(), mm/sparse.c, v5.10 (and v6.8 for the order of the usage free)
export function sectionDeactivate(ctx: SparseContext, ms: MemSection, pfn: number, nrPages: number): DeactivateResult {
  const { bugs } = ctx;
  const published = ms.sectionMemMap !== 0;
  const map = bitmapScratch(SCRATCH_DEACTIVATE, ctx.table.words);
  subsectionMaskSet(ctx, map, pfn, nrPages);

  // the clear_subsection_map() part: only a fully active range may go
  const usage = ms.usage;
  if (usage === undefined) return 'WARN';
  const subsectionMap = usage.subsectionMap;
  if (!bitmapSubset(map, subsectionMap)) {
    if (!bugs.has('partial-deactivate')) return 'WARN';
    bitmapAnd(map, map, subsectionMap);
  }
  bitmapXor(subsectionMap, subsectionMap, map);
  ms.markDirty();
  const empty = bitmapEmpty(subsectionMap);
  const early = earlySection(ms);

  if (empty) {
    // 5ec8e8ea8b77 clears the flag before the usage goes, so no pfn_valid() finds a valid section over a freed usage (B-31)
    const invalidateFirst = ctx.rules.usageFree === 'invalidate-then-free';
    // cleared before the memmap goes so pfn_valid() never trusts a freed usage (B-13)
    const invalidate = !bugs.has('valid-after-empty');
    if (invalidateFirst && invalidate) ms.sectionMemMap &= ~SECTION_HAS_MEM_MAP;
    // a memblock-allocated usage cannot be kfree'd; it stays for a later re-add
    if (usage.origin !== 'boot' || bugs.has('free-boot-usage')) {
      ctx.ordering.usageFreed(ms);
      ms.usage = undefined;
      ctx.table.freeUsage(usage);
    }
    if (!invalidateFirst && invalidate) ms.sectionMemMap &= ~SECTION_HAS_MEM_MAP;
  }

  // the `memmap-pointer-cleared-first` switch resets section_mem_map before the memmap is
  // freed through it, as before d41e2f3bd546 (B-11)
  if (empty && bugs.has('memmap-pointer-cleared-first')) ms.sectionMemMap = 0;

  if (!early) {
    // a partial removal must still give back the chunk's struct pages, not only a whole one
    if (empty || !bugs.has('memmap-not-depopulated')) depopulateSectionMemmap(ctx, ms, map, empty, published);
  }
  // the boot memmap was allocated per section, so it is freed whole or not at all (B-14)
  else if (empty) freeMapBootmem(ms);
  else if (bugs.has('early-partial-depopulate')) bitmapAndNot(ms.memmapBoot(), ms.memmapBoot(), map);

  if (empty && !bugs.has('valid-after-empty')) {
    ms.sectionMemMap = 0;
    ms.nid = NUMA_NO_NODE;
  }
  return 'ok';
}

// mirrors sparse_remove_section(), mm/sparse.c, v5.3
export function sparseRemoveSection(ctx: SparseContext, ms: MemSection, pfn: number, nrPages: number): DeactivateResult {
  return sectionDeactivate(ctx, ms, pfn, nrPages);
}

// mirrors sparse_remove_one_section(), mm/sparse.c, v4.19
export function sparseRemoveOneSection(ms: MemSection): void {
  ms.sectionMemMap = 0;
  ms.nid = NUMA_NO_NODE;
  // v4.19 drops the usemap pointer even for a bootmem usemap, which is leaked rather than freed
  ms.usage = undefined;
  bitmapZero(ms.memmapHotplug());
  bitmapZero(ms.memmapBoot());
}
