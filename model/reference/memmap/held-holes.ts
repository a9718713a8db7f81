/**
 * Holes whose struct pages hold a reference (docs/oracle.md, "Offlining a
 * block with a hole before v5.6"). memmap_init_zone() (mm/page_alloc.c,
 * v4.19..v5.5) initialises every pfn of a valid section inside a zone's span,
 * holes too, with a page count of 1; nothing frees a hole page to the buddy
 * allocator, so has_unmovable_pages() finds it. Holes outside every zone span
 * were only zeroed (zero_resv_unavail(), up to max_pfn) or never touched
 * (past it): taken as holding none, as in a fresh guest whose memory is zero.
 * From v5.6 (`modern.unavailableMemmap: reserved`) boot marks those too
 * PageReserved, so every hole of an early section is unmovable.
 */
import { firstPfnOfBlock } from '../sysfs/memory-blocks.ts';
import { peekSection, type RefMachine } from '../state.ts';
import { ZONE_NAMES } from '../../step.ts';

/** System RAM pfns of [start, end): the overlap with every System RAM resource. */
function ramPfns(m: RefMachine, start: number, end: number): number {
  const ps = m.geometry.pageSize;
  let n = 0;
  for (const r of m.resources) {
    if (r.kind !== 'System RAM') continue;
    n += Math.max(0, Math.min(end, r.end / ps) - Math.max(start, r.start / ps));
  }
  return n;
}

/**
 * At boot, after the zones have their spans: mark each early section with a
 * non-RAM pfn inside a zone span, or anywhere in it when boot reserves
 * unavailable pages (init_unavailable_range(), mm/page_alloc.c, v6.1).
 */
export function holdBootHoles(m: RefMachine): void {
  const pps = m.geometry.pagesPerSection;
  for (const [nr, s] of m.sections) {
    if (!s.early) continue;
    const first = nr * pps;
    if (m.rules.unavailableMemmap === 'reserved' && ramPfns(m, first, first + pps) < pps) {
      s.heldHoles = true;
      m.touched.section(nr);
      continue;
    }
    for (const node of m.nodes.values()) {
      for (const name of ZONE_NAMES) {
        const z = node.zones[name];
        if (z.spanned === 0) continue;
        const lo = Math.max(first, z.start);
        const hi = Math.min(first + pps, z.start + z.spanned);
        if (lo < hi && ramPfns(m, lo, hi) < hi - lo) {
          s.heldHoles = true;
          m.touched.section(nr);
        }
      }
    }
  }
}

/**
 * move_pfn_range_to_zone() initialises every struct page of [pfn, pfn + nr)
 * (an online: memmap_init_zone(), PageReserved from v4.19; memremap_pages():
 * memmap_init_zone_device(), PageReserved), while an online frees only System
 * RAM: a valid section of the range with a non-RAM pfn now holds such a page.
 */
export function holdRangeHoles(m: RefMachine, pfn: number, nr: number): void {
  const pps = m.geometry.pagesPerSection;
  for (let sec = Math.floor(pfn / pps); sec * pps < pfn + nr; sec++) {
    const s = peekSection(m, sec);
    if (s !== undefined && s.hasMemMap && ramPfns(m, sec * pps, (sec + 1) * pps) < pps) {
      s.heldHoles = true;
      m.touched.section(sec);
    }
  }
}

/** Whether an online section of block `b` has a hole whose struct page holds a reference. */
export function blockHasHeldHole(m: RefMachine, b: number): boolean {
  const pps = m.geometry.pagesPerSection;
  const first = firstPfnOfBlock(m.geometry, b) / pps;
  for (let nr = first; nr < first + m.geometry.sectionsPerBlock; nr++) {
    const s = peekSection(m, nr);
    if (s !== undefined && s.online && s.heldHoles && ramPfns(m, nr * pps, (nr + 1) * pps) < pps) return true;
  }
  return false;
}
