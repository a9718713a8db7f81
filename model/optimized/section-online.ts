/** SECTION_IS_ONLINE upkeep (mm/sparse.c), set and cleared a memory block at a time. */
import type { SparseContext } from './context.ts';
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
