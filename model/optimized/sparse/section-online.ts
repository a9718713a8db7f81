/** SECTION_IS_ONLINE upkeep (mm/sparse.c), set and cleared a memory block at a time. */
import type { SparseContext } from '../context.ts';
import { SECTION_IS_ONLINE } from './mem-section.ts';
import { pfnToSectionNr } from './pfn.ts';
import { validSection } from './queries.ts';

function forValidSections(ctx: SparseContext, startPfn: number, endPfn: number, set: boolean): void {
  const g = ctx.geometry;
  for (let nr = pfnToSectionNr(g, startPfn); nr * g.pagesPerSection < endPfn; nr++) {
    const ms = nr < g.nrMemSections ? ctx.table.nrToSection(nr) : undefined;
    // the kernel WARNs and skips a section without a memmap
    if (ms === undefined || !validSection(ms)) continue;
    ms.sectionMemMap = set ? ms.sectionMemMap | SECTION_IS_ONLINE : ms.sectionMemMap & ~SECTION_IS_ONLINE;
  }
}

// mirrors online_mem_sections(), mm/sparse.c, v5.5
export function onlineMemSections(ctx: SparseContext, startPfn: number, endPfn: number): void {
  forValidSections(ctx, startPfn, endPfn, true);
}

// mirrors offline_mem_sections(), mm/sparse.c, v5.5
export function offlineMemSections(ctx: SparseContext, startPfn: number, endPfn: number): void {
  forValidSections(ctx, startPfn, endPfn, false);
}

/**
 * The sections a block's self-hosted memmap [pfn, pfn + nrPages) fills whole: their online bit follows the
 * memmap pages (mhp_init_memmap_on_memory() / mhp_deinit_memmap_on_memory(), mm/memory_hotplug.c, v5.12),
 * since online_pages() and offline_pages() start after them.
 */
export function setMemmapOnlySections(ctx: SparseContext, pfn: number, nrPages: number, online: boolean): void {
  const pps = ctx.geometry.pagesPerSection;
  const whole = Math.floor((pfn + nrPages) / pps) * pps;
  if (whole > pfn) forValidSections(ctx, pfn, whole, online);
}
