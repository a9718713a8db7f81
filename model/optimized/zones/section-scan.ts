/**
 * The pfn walkers of span shrinking: find the first / last pfn of a range,
 * stepping by a fixed stride, that pfn_to_online_page() accepts and whose
 * struct page names the node (and zone). A pfn in a section that is not
 * online is rejected without touching its struct page, so a stride that
 * lands in such a section jumps straight past it (and past every missing
 * root up to the next allocated one): the walk costs one step per online
 * sub-section and per section of an allocated root, not per terabyte.
 */
import type { HotplugContext } from '../hotplug-context.ts';
import { pfnToOnlinePage } from '../sparse/online-page.ts';
import { pfnToSectionNr } from '../sparse/pfn.ts';
import { onlineSection, pfnToSection, pfnValidInSection, validSection } from '../sparse/queries.ts';

/** What a walker does at a pfn: jump past its section, step over it, or read its struct page. */
type Visit = 'jump' | 'skip' | 'read';

/**
 * pfn_to_online_page() (v5.4+) reads only online sections; the pfn_valid()
 * walker of before 7ce700bf11b5 (rule shrinkWalker = pfn_valid) reads every
 * valid pfn, offline and poisoned ones included.
 */
function visit(ctx: HotplugContext, pfn: number): Visit {
  const ms = pfnToSection(ctx, pfn);
  if (ctx.rules.shrinkWalker === 'pfn_valid') {
    if (!validSection(ms)) return 'jump';
    return pfnValidInSection(ctx, ms, pfn) ? 'read' : 'skip';
  }
  if (!onlineSection(ms)) return 'jump';
  return pfnToOnlinePage(ctx, ms, pfn) ? 'read' : 'skip';
}

/** The first pfn after `pfn`'s section (and every missing root after it) that could be online. */
function nextPossiblyOnlinePfn(ctx: HotplugContext, pfn: number): number {
  const { table, geometry: g } = ctx;
  const nr = pfnToSectionNr(g, pfn);
  if (nr >= g.nrMemSections) return Number.POSITIVE_INFINITY;
  return table.nextRootedSection(nr + 1) * g.pagesPerSection;
}

/** The last pfn before `pfn`'s section (and every missing root before it) that could be online. */
function prevPossiblyOnlinePfn(ctx: HotplugContext, pfn: number): number {
  const { table, geometry: g } = ctx;
  const nr = pfnToSectionNr(g, pfn);
  if (nr >= g.nrMemSections) return g.nrMemSections * g.pagesPerSection - 1;
  if (table.hasRoot(nr)) return nr * g.pagesPerSection - 1;
  return (table.prevRootedSection(nr) + 1) * g.pagesPerSection - 1;
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
    const v = visit(ctx, pfn);
    if (v === 'jump') {
      const next = nextPossiblyOnlinePfn(ctx, pfn);
      if (!Number.isFinite(next)) return undefined;
      pfn += Math.max(1, Math.ceil((next - pfn) / step)) * step;
      continue;
    }
    if (v === 'skip') {
      pfn += step;
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
    const v = visit(ctx, pfn);
    if (v === 'jump') {
      const prev = prevPossiblyOnlinePfn(ctx, pfn);
      pfn -= Math.max(1, Math.ceil((pfn - prev) / step)) * step;
      continue;
    }
    if (v === 'skip') {
      pfn -= step;
      continue;
    }
    if (pageMatches(ctx, pfn, nid, zone)) return pfn;
    pfn -= step;
  }
  return undefined;
}
