/**
 * The boot-time construction of the table from memblock.memory: every section
 * a range touches gets a memblock-allocated usage and a whole memmap, even
 * where the range leaves holes in it.
 */
import { bitmapFill } from './bitmap.ts';
import type { SparseContext } from '../context.ts';
import { SECTION_HAS_MEM_MAP, SECTION_IS_EARLY, SECTION_IS_ONLINE, SECTION_MARKED_PRESENT } from './mem-section.ts';
import { pfnsToSectionEnd, pfnToSectionNr, sectionNrToPfn } from './pfn.ts';
import { presentSection } from './queries.ts';
import { subsectionMaskSet } from './subsection-mask.ts';
import type { BootRange } from '../../step.ts';

// mirrors memory_present(), mm/sparse.c, v5.3
function memoryPresent(ctx: SparseContext, nid: number, startPfn: number, endPfn: number): void {
  const g = ctx.geometry;
  for (let nr = pfnToSectionNr(g, startPfn); sectionNrToPfn(g, nr) < endPfn; nr++) {
    // memblock allocations at boot panic rather than fail, so no fault point here
    ctx.table.allocRoot(nr);
    const ms = ctx.table.nrToSection(nr);
    if (ms === undefined || ms.sectionMemMap !== 0) continue;
    ms.nid = nid;
    ms.sectionMemMap = SECTION_IS_ONLINE | SECTION_MARKED_PRESENT;
  }
}

// mirrors sparse_init(), mm/sparse.c, v5.3 (with the per-node sparse_init_nid() and sparse_init_one_section() inlined)
function sparseInit(ctx: SparseContext): void {
  const { table, geometry } = ctx;
  for (const { firstSection } of table.allocatedRoots()) {
    for (let nr = firstSection; nr < firstSection + table.sectionsPerRoot; nr++) {
      const ms = table.nrToSection(nr);
      if (ms === undefined || !presentSection(ms)) continue;
      ms.usage = table.allocUsage('boot');
      bitmapFill(ms.memmapBoot(), geometry.subsectionsPerSection);
      ms.sectionMemMap |= SECTION_HAS_MEM_MAP | SECTION_IS_EARLY;
    }
  }
}

// mirrors subsection_map_init(), mm/sparse.c, v5.3
function subsectionMapInit(ctx: SparseContext, pfn: number, nrPages: number): void {
  while (nrPages > 0) {
    const pfns = Math.min(nrPages, pfnsToSectionEnd(ctx.geometry, pfn));
    const ms = ctx.table.nrToSection(pfnToSectionNr(ctx.geometry, pfn));
    const usage = ms?.usage;
    if (usage !== undefined) {
      subsectionMaskSet(ctx, usage.subsectionMap, pfn, pfns);
      ms?.markDirty();
    }
    pfn += pfns;
    nrPages -= pfns;
  }
}

/** The boot order: memory_present() for every range, sparse_init(), then the sub-section maps. */
export function sparseBoot(ctx: SparseContext, ranges: readonly BootRange[]): void {
  const pageSize = ctx.geometry.pageSize;
  const pfnRanges = ranges.map((r) => ({
    nid: r.nid,
    pfn: Math.floor(r.start / pageSize),
    nr: Math.floor(r.size / pageSize),
  }));
  for (const r of pfnRanges) memoryPresent(ctx, r.nid, r.pfn, r.pfn + r.nr);
  sparseInit(ctx);
  for (const r of pfnRanges) subsectionMapInit(ctx, r.pfn, r.nr);
}
