/**
 * The pfn walkers of span shrinking: find the first / last pfn of a range,
 * stepping by a fixed stride, that pfn_to_online_page() accepts and whose
 * struct page names the node (and zone). A pfn in a section that is not
 * online is rejected without touching its struct page, so a stride that
 * lands in such a section jumps straight past it (and past a missing root):
 * the walk costs one step per online sub-section, not per terabyte.
 */
import type { HotplugContext } from './hotplug-context.ts';
import { pfnToSectionNr } from './pfn.ts';
import { onlineSection, pfnToSection, validSection } from './queries.ts';

/** The first pfn after `pfn`'s section (or its whole missing root) that could be online. */
function nextPossiblyOnlinePfn(ctx: HotplugContext, pfn: number): number {
  const { table, geometry: g } = ctx;
  const nr = pfnToSectionNr(g, pfn);
  if (nr >= g.nrMemSections) return Number.POSITIVE_INFINITY;
  const next = table.hasRoot(nr) ? nr + 1 : (table.rootNr(nr) + 1) * table.sectionsPerRoot;
  return next * g.pagesPerSection;
}

/** The last pfn before `pfn`'s section (or its whole missing root) that could be online. */
function prevPossiblyOnlinePfn(ctx: HotplugContext, pfn: number): number {
  const { table, geometry: g } = ctx;
  const nr = pfnToSectionNr(g, pfn);
  if (nr >= g.nrMemSections) return g.nrMemSections * g.pagesPerSection - 1;
  const first = table.hasRoot(nr) ? nr : table.rootNr(nr) * table.sectionsPerRoot;
  return first * g.pagesPerSection - 1;
}

/** Whether the walk looks at this section's struct pages: online ones, or (pre-2019 hot-remove) any valid one. */
function scanned(ctx: HotplugContext, pfn: number): boolean {
  const ms = pfnToSection(ctx, pfn);
  return ctx.hotplug.shrinkScan === 'valid' ? validSection(ms) : onlineSection(ms);
}

/** Whether an online pfn's struct page names nid (and zone); a poisoned page is read, counted, and fails. */
function pageMatches(ctx: HotplugContext, pfn: number, nid: number, zone: number | undefined): boolean {
  const links = ctx.memmap.readPage(pfn);
  if (links === undefined) return false;
  return links.nid === nid && (zone === undefined || links.zone === zone);
}

// mirrors find_smallest_section_pfn(), mm/memory_hotplug.c, v5.5 (v4.19 with step = PAGES_PER_SECTION)
export function findSmallestSectionPfn(
  ctx: HotplugContext,
  nid: number,
  zone: number | undefined,
  startPfn: number,
  endPfn: number,
  step: number,
): number | undefined {
  let pfn = startPfn;
  while (pfn < endPfn) {
    if (!scanned(ctx, pfn)) {
      const next = nextPossiblyOnlinePfn(ctx, pfn);
      if (!Number.isFinite(next)) return undefined;
      pfn += Math.max(1, Math.ceil((next - pfn) / step)) * step;
      continue;
    }
    if (pageMatches(ctx, pfn, nid, zone)) return pfn;
    pfn += step;
  }
  return undefined;
}

// mirrors find_biggest_section_pfn(), mm/memory_hotplug.c, v5.5 (v4.19 with step = PAGES_PER_SECTION)
export function findBiggestSectionPfn(
  ctx: HotplugContext,
  nid: number,
  zone: number | undefined,
  startPfn: number,
  endPfn: number,
  step: number,
): number | undefined {
  let pfn = endPfn - 1;
  while (pfn >= startPfn) {
    if (!scanned(ctx, pfn)) {
      const prev = prevPossiblyOnlinePfn(ctx, pfn);
      pfn -= Math.max(1, Math.ceil((pfn - prev) / step)) * step;
      continue;
    }
    if (pageMatches(ctx, pfn, nid, zone)) return pfn;
    pfn -= step;
  }
  return undefined;
}
