/**
 * The read side of the table: section predicates and pfn_valid(). An absent
 * root reads as an all-zero section, as __nr_to_section() returning NULL
 * makes the kernel's helpers answer false.
 */
import { bitmapFill, bitmapOr, testBit, type Bitmap } from './bitmap.ts';
import type { SparseContext } from '../context.ts';
import {
  SECTION_HAS_MEM_MAP,
  SECTION_IS_EARLY,
  SECTION_IS_ONLINE,
  SECTION_MARKED_PRESENT,
  type MemSection,
} from './mem-section.ts';
import { pfnToSectionNr, subsectionMapIndex } from './pfn.ts';

// mirrors valid_section(), include/linux/mmzone.h, v5.3
export function validSection(ms: MemSection | undefined): boolean {
  return ms !== undefined && (ms.sectionMemMap & SECTION_HAS_MEM_MAP) !== 0;
}

// mirrors present_section(), include/linux/mmzone.h, v5.3
export function presentSection(ms: MemSection | undefined): boolean {
  return ms !== undefined && (ms.sectionMemMap & SECTION_MARKED_PRESENT) !== 0;
}

// mirrors online_section(), include/linux/mmzone.h, v5.3
export function onlineSection(ms: MemSection | undefined): boolean {
  return ms !== undefined && (ms.sectionMemMap & SECTION_IS_ONLINE) !== 0;
}

// mirrors early_section(), include/linux/mmzone.h, v5.3
export function earlySection(ms: MemSection | undefined): boolean {
  return ms !== undefined && (ms.sectionMemMap & SECTION_IS_EARLY) !== 0;
}

/** The section holding `pfn`, or undefined past NR_MEM_SECTIONS or under a missing root. */
export function pfnToSection(ctx: SparseContext, pfn: number): MemSection | undefined {
  const nr = pfnToSectionNr(ctx.geometry, pfn);
  if (!(nr >= 0 && nr < ctx.geometry.nrMemSections)) return undefined;
  return ctx.table.nrToSection(nr);
}

// mirrors pfn_section_valid(), include/linux/mmzone.h, v5.10 (a NULL usage answers 0 instead of oopsing)
export function pfnSectionValid(ctx: SparseContext, ms: MemSection, pfn: number): boolean {
  // without VMEMMAP a section's memmap is all or nothing, so the map says nothing more
  if (!ctx.config.vmemmap) return true;
  const usage = ms.usage;
  return usage !== undefined && testBit(usage.subsectionMap, subsectionMapIndex(ctx.geometry, pfn));
}

/**
 * How far pfn_valid() trusts a section: not at all, throughout, or per
 * sub-section through pfn_section_valid(). This is pfn_valid() minus its
 * last test; observe() asks it once per section instead of once per pfn.
 */
export type PfnValidScope = 'none' | 'section' | 'subsection';

export function pfnValidScope(ctx: SparseContext, ms: MemSection | undefined): PfnValidScope {
  if (ms === undefined || !validSection(ms)) return 'none';
  // before sub-section hotplug a valid section was valid throughout
  if (ctx.rules.hotplug === 'section') return 'section';
  // boot sections keep a whole memmap even over holes, so their map is not consulted
  if (earlySection(ms)) return 'section';
  if (ctx.bugs.has('pfn-valid-section-only')) return 'section';
  return 'subsection';
}

/** pfn_valid() once its section is found (queries look the section up once for every helper). */
export function pfnValidInSection(ctx: SparseContext, ms: MemSection | undefined, pfn: number): boolean {
  const scope = pfnValidScope(ctx, ms);
  return scope === 'section' || (scope === 'subsection' && ms !== undefined && pfnSectionValid(ctx, ms, pfn));
}

// mirrors pfn_valid(), include/linux/mmzone.h, v5.3 (v4.19: valid_section() alone)
export function pfnValid(ctx: SparseContext, pfn: number): boolean {
  return pfnValidInSection(ctx, pfnToSection(ctx, pfn), pfn);
}

/**
 * pfn_valid() at the first pfn of every sub-section of `ms`, as a bitmap:
 * the scope is decided once, and only a per-sub-section scope asks
 * pfn_section_valid() for each first pfn.
 */
export function pfnValidSubsections(ctx: SparseContext, ms: MemSection, out: Bitmap): void {
  const g = ctx.geometry;
  const scope = pfnValidScope(ctx, ms);
  if (scope === 'none') return;
  if (scope === 'section') {
    bitmapFill(out, g.subsectionsPerSection);
    return;
  }
  // pfn_section_valid() at sub-section i's first pfn tests bit i of the map: the answer is the map
  if (!ctx.config.vmemmap) {
    bitmapFill(out, g.subsectionsPerSection);
    return;
  }
  const usage = ms.usage;
  if (usage !== undefined) bitmapOr(out, out, usage.subsectionMap);
}
