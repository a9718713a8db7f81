/**
 * __add_pages as add_memory and memremap_pages call it: the memmap of every
 * newly activated sub-section becomes `uninit` (page_init_poison), and on
 * failure the sections that were added are removed again, so the sections
 * are exactly as before (arch_add_memory's failure path). Roots allocated on
 * the way stay (roots are never freed), and a spent fault stays spent.
 */
import type { Outcome } from '../../outcome.ts';
import { addPages } from './add-pages.ts';
import { sectionOfPfn } from '../sparse/pfn.ts';
import { pruneMemmap } from '../memmap/memmap.ts';
import type { RefMachine, RefSection } from '../state.ts';

function cloneSection(s: RefSection): RefSection {
  return {
    ...s,
    subsectionMap: new Set(s.subsectionMap),
    memmapBoot: new Set(s.memmapBoot),
    memmapHotplug: new Set(s.memmapHotplug),
  };
}

/** The sections [first, last] that exist now, cloned. */
function snapshot(m: RefMachine, first: number, last: number): Map<number, RefSection> {
  const out = new Map<number, RefSection>();
  for (const [nr, s] of m.sections) if (nr >= first && nr <= last) out.set(nr, cloneSection(s));
  return out;
}

/** Sections an add of [pfn, pfn + nr) can touch: section(pfn) .. section(pfn + nr - 1). */
function touched(m: RefMachine, pfn: number, nr: number): { first: number; last: number } {
  const g = m.geometry;
  const first = sectionOfPfn(g, pfn);
  return { first, last: Math.max(first, sectionOfPfn(g, pfn + nr - 1)) };
}

/** Marks the sub-sections that became active since `before` as uninit memmap. */
function poisonNew(m: RefMachine, before: Map<number, RefSection>, first: number, last: number): void {
  const g = m.geometry;
  for (const [nr, s] of m.sections) {
    if (nr < first || nr > last) continue;
    const old = before.get(nr);
    for (const i of s.subsectionMap) {
      if (old !== undefined && old.subsectionMap.has(i)) continue;
      m.memmap.set(nr * g.subsectionsPerSection + i, 'uninit');
      m.touched.memmapOf(nr);
    }
  }
}

// mirrors __add_pages() with page_init_poison() of sparse_add_section(), mm/sparse.c, v5.3 (the add_pages step)
export function addPagesPoisoning(m: RefMachine, start: number, size: number, nid: number): Outcome {
  const g = m.geometry;
  const { first, last } = touched(m, start / g.pageSize, size / g.pageSize);
  const before = snapshot(m, first, last);
  const answer = addPages(m, start, size, nid);
  poisonNew(m, before, first, last);
  pruneMemmap(m);
  return answer;
}

// mirrors arch_add_memory() and its failure path (arch_remove_memory), mm/memory_hotplug.c, v5.5
export function addPagesOrNothing(m: RefMachine, start: number, size: number, nid: number): Outcome {
  const g = m.geometry;
  const { first, last } = touched(m, start / g.pageSize, size / g.pageSize);
  const before = snapshot(m, first, last);
  const answer = addPages(m, start, size, nid);
  if (answer !== 'ok') {
    for (const [nr, now] of [...m.sections]) {
      if (nr < first || nr > last) continue;
      const old = before.get(nr);
      // Taking back a section this call made valid frees its usage: before 5ec8e8ea8b77 while it still reads valid (B-31).
      const freesUsage = now.hasMemMap && now.usage === 'hotplug' && (old === undefined || old.usage === 'none');
      if (freesUsage && m.rules.usageFree === 'free-then-invalidate') m.usageRaces++;
      m.touched.section(nr);
      if (old === undefined) m.sections.delete(nr);
      else m.sections.set(nr, old);
    }
    return answer;
  }
  poisonNew(m, before, first, last);
  return answer;
}
