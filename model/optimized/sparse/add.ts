/**
 * mm/sparse.c, the add side: making a root, a usage and a memmap for a range
 * inside one section. Functions answer 0 or a negative errno, as in C.
 */
import { bitmapEmpty, bitmapFill, bitmapIntersects, bitmapOr, bitmapScratch, type Bitmap } from './bitmap.ts';
import type { SparseContext } from '../context.ts';
import { EEXIST, EINVAL } from '../errno.ts';
import { SECTION_HAS_MEM_MAP, SECTION_MARKED_PRESENT, type MemSection } from './mem-section.ts';
import { pfnToSectionNr } from './pfn.ts';
import { earlySection } from './queries.ts';
import { sectionDeactivate } from './remove.ts';
import { subsectionMaskSet } from './subsection-mask.ts';

/** bitmapScratch() slot of section_activate()'s mask (sectionDeactivate() has its own). */
const SCRATCH_ACTIVATE = 0;

// mirrors sparse_index_init(), mm/sparse.c, v5.3 (an existing root is success, as v4.19's callers also treated -EEXIST)
export function sparseIndexInit(ctx: SparseContext, sectionNr: number): number {
  const { table } = ctx;
  if (table.hasRoot(sectionNr)) return 0;
  // the static table needs no allocation; our backing store is filled silently
  if (table.extreme) {
    const err = ctx.faults.take('root');
    if (err !== 0) return err;
  }
  table.allocRoot(sectionNr);
  return 0;
}

/** The section sparse_index_init() just made reachable. */
function sectionAfterIndexInit(ctx: SparseContext, sectionNr: number): MemSection {
  const ms = ctx.table.nrToSection(sectionNr);
  if (ms === undefined) throw new Error(`mem_section root for section ${sectionNr} missing after sparse_index_init`);
  return ms;
}

// mirrors populate_section_memmap(), mm/sparse.c, v5.3
function populateSectionMemmap(ctx: SparseContext, ms: MemSection, map: Bitmap): number {
  const err = ctx.faults.take('memmap');
  if (err !== 0) return err;
  const hot = ms.memmapHotplug();
  // vmemmap maps just the chunk's struct pages; the classic memmap is one allocation per section
  if (ctx.config.vmemmap) bitmapOr(hot, hot, map);
  else bitmapFill(hot, ctx.geometry.subsectionsPerSection);
  return 0;
}

// mirrors section_activate(), mm/sparse.c, v5.3
function sectionActivate(ctx: SparseContext, ms: MemSection, pfn: number, nrPages: number): number {
  const map = bitmapScratch(SCRATCH_ACTIVATE, ctx.table.words);
  subsectionMaskSet(ctx, map, pfn, nrPages);

  let fresh = false;
  if (ms.usage === undefined) {
    const err = ctx.faults.take('usage');
    if (err !== 0) return err;
    ms.usage = ctx.table.allocUsage('hotplug');
    fresh = true;
  }
  const subsectionMap = ms.usage.subsectionMap;

  let rc = 0;
  if (bitmapEmpty(map)) rc = EINVAL;
  else if (bitmapIntersects(map, subsectionMap)) rc = EEXIST;
  else {
    bitmapOr(subsectionMap, subsectionMap, map);
    ms.markDirty();
  }

  if (rc !== 0) {
    // a refused range must leave the section as it found it, usage included
    if (fresh && !(ctx.bugs.has('einval-leaks-usage') && rc === EINVAL)) {
      ctx.table.freeUsage(ms.usage);
      ms.usage = undefined;
    }
    return rc;
  }

  // a boot section's memmap already spans its holes, so filling a hole needs no new struct pages
  if (nrPages < ctx.geometry.pagesPerSection && earlySection(ms)) return 0;

  const err = populateSectionMemmap(ctx, ms, map);
  if (err !== 0) {
    if (!ctx.bugs.has('enomem-keeps-subsections')) sectionDeactivate(ctx, ms, pfn, nrPages);
    return err;
  }
  return 0;
}

// mirrors sparse_add_section(), mm/sparse.c, v5.3
export function sparseAddSection(ctx: SparseContext, nid: number, startPfn: number, nrPages: number): number {
  const sectionNr = pfnToSectionNr(ctx.geometry, startPfn);
  const ret = sparseIndexInit(ctx, sectionNr);
  if (ret < 0) return ret;

  const ms = sectionAfterIndexInit(ctx, sectionNr);
  const err = sectionActivate(ctx, ms, startPfn, nrPages);
  if (err !== 0) return err;

  // the `poison-before-section-init` switch poisons the new struct pages through
  // pfn_to_page() before the section points at them, as before 18e19f195cd8 (B-12)
  if (ctx.bugs.has('poison-before-section-init')) ctx.ordering.pfnToPage(ctx.config.vmemmap, ms);
  // set_section_nid(), section_mark_present() and sparse_init_one_section() in one go
  ms.nid = nid;
  ms.sectionMemMap |= SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP;
  return 0;
}

// mirrors sparse_add_one_section(), mm/sparse.c, v4.19
export function sparseAddOneSection(ctx: SparseContext, nid: number, startPfn: number): number {
  const sectionNr = pfnToSectionNr(ctx.geometry, startPfn);
  const ret = sparseIndexInit(ctx, sectionNr);
  if (ret < 0) return ret;

  // v4.19 allocates the memmap before the usemap, and frees it if the usemap fails
  const memmapErr = ctx.faults.take('memmap');
  if (memmapErr !== 0) return memmapErr;
  const usageErr = ctx.faults.take('usage');
  if (usageErr !== 0) return usageErr;

  const ms = sectionAfterIndexInit(ctx, sectionNr);
  const usage = ctx.table.allocUsage('hotplug');
  bitmapFill(usage.subsectionMap, ctx.geometry.subsectionsPerSection);
  // a boot usage left behind by an earlier removal is simply overwritten (leaked), as in C
  ms.usage = usage;
  bitmapFill(ms.memmapHotplug(), ctx.geometry.subsectionsPerSection);
  ms.nid = nid;
  ms.sectionMemMap |= SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP;
  return 0;
}
