// mirrors __remove_pages() + __remove_section(), mm/memory_hotplug.c: v4.19 (whole sections, BUG_ON) and v5.3+ (sub-sections)
import type { Outcome } from '../../outcome.ts';
import { firstPfnOfSection, isMultiple, sectionOfPfn, subsectionMask } from '../sparse/pfn.ts';
import { sectionDeactivate } from '../sparse/remove.ts';
import { pfnSpanOk } from './pfn-span.ts';
import { peekSection, type RefMachine, type RefSection } from '../state.ts';

export function removePages(m: RefMachine, start: number, size: number): Outcome {
  const g = m.geometry;
  const pfn = start / g.pageSize;
  const nr = size / g.pageSize;
  return m.rules.hotplug === 'section' ? removeWholeSections(m, pfn, nr) : removeSubsections(m, pfn, nr);
}

/** valid_section(); a section past mem_section[] or never touched is simply not valid. */
function validSection(m: RefMachine, nr: number): RefSection | undefined {
  if (nr >= m.geometry.nrMemSections) return undefined;
  const s = peekSection(m, nr);
  return s !== undefined && s.hasMemMap ? s : undefined;
}

/**
 * The sections of [first, last] the machine has a record of, ascending. A
 * section without one is not valid, and a run of them answers alike, so
 * the walks below visit the recorded sections and take each gap at once.
 */
function recordedSections(m: RefMachine, first: number, last: number): number[] {
  return [...m.sections.keys()].filter((nr) => nr >= first && nr <= last).sort((a, b) => a - b);
}

/**
 * The remove walk over sections first..last: a section that is not valid
 * ends it with -EINVAL ('einval-break') or warns and is skipped; `each`
 * handles a valid one and says whether it warned.
 */
function walkValidSections(m: RefMachine, first: number, last: number, each: (s: RefSection, at: number) => boolean): Outcome {
  let warned = false;
  let next = first;
  for (const at of [...recordedSections(m, first, last), last + 1]) {
    if (at > next) {
      // sections next .. at - 1 have no record: the first of them ends or warns the walk
      if (m.rules.removeInvalid === 'einval-break') return '-EINVAL';
      warned = true;
    }
    if (at > last) break;
    next = at + 1;
    const s = validSection(m, at);
    if (s === undefined) {
      if (m.rules.removeInvalid === 'einval-break') return '-EINVAL';
      warned = true;
      continue;
    }
    if (!each(s, at)) warned = true;
  }
  return warned ? 'WARN' : 'ok';
}

function removeWholeSections(m: RefMachine, pfn: number, nr: number): Outcome {
  const g = m.geometry;
  // BUG_ON(pfn & ~PAGE_SECTION_MASK); BUG_ON(nr % PAGES_PER_SECTION)
  if (!isMultiple(pfn, g.pagesPerSection) || !isMultiple(nr, g.pagesPerSection)) return 'BUG';
  const first = sectionOfPfn(g, pfn);
  return walkValidSections(m, first, first + nr / g.pagesPerSection - 1, (s) => {
    // sparse_remove_one_section(): section_mem_map = 0, memmap freed whole.
    m.touched.section(s.nr);
    s.present = false;
    s.hasMemMap = false;
    s.online = false;
    s.early = false;
    s.nid = -1;
    s.subsectionMap = new Set();
    s.memmapBoot = new Set();
    s.memmapHotplug = new Set();
    s.heldHoles = false;
    // The section forgets its usemap either way; a bootmem one is leaked, not freed.
    s.usage = 'none';
    return true;
  });
}

function removeSubsections(m: RefMachine, pfn: number, nr: number): Outcome {
  const g = m.geometry;
  if (!pfnSpanOk(m, pfn, nr)) return 'WARN';
  if (nr === 0) return 'ok';
  const end = pfn + nr;
  return walkValidSections(m, sectionOfPfn(g, pfn), sectionOfPfn(g, end - 1), (s, at) => {
    // the chunk of the range inside section `at`
    const chunkStart = Math.max(pfn, firstPfnOfSection(g, at));
    const chunkEnd = Math.min(end, firstPfnOfSection(g, at + 1));
    return sectionDeactivate(m, s, subsectionMask(g, chunkStart, chunkEnd - chunkStart));
  });
}
