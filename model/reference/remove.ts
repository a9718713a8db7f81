// mirrors __remove_pages() + __remove_section(), mm/memory_hotplug.c: v4.19 (whole sections, BUG_ON) and v5.3+ (sub-sections)
import type { Outcome } from '../outcome.ts';
import { chunksWhileBelowEnd, isMultiple, sectionOfPfn, subsectionMask } from './arith.ts';
import { sectionDeactivate } from './deactivate.ts';
import { pfnSpanOk } from './span.ts';
import { peekSection, type RefMachine, type RefSection } from './state.ts';

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

function removeWholeSections(m: RefMachine, pfn: number, nr: number): Outcome {
  const g = m.geometry;
  // BUG_ON(pfn & ~PAGE_SECTION_MASK); BUG_ON(nr % PAGES_PER_SECTION)
  if (!isMultiple(pfn, g.pagesPerSection) || !isMultiple(nr, g.pagesPerSection)) return 'BUG';
  const first = sectionOfPfn(g, pfn);
  const count = nr / g.pagesPerSection;
  let warned = false;
  for (let k = 0; k < count; k++) {
    const s = validSection(m, first + k);
    if (s === undefined) {
      if (m.rules.removeInvalid === 'einval-break') return '-EINVAL';
      warned = true;
      continue;
    }
    // sparse_remove_one_section(): section_mem_map = 0, memmap freed whole.
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
  }
  return warned ? 'WARN' : 'ok';
}

function removeSubsections(m: RefMachine, pfn: number, nr: number): Outcome {
  const g = m.geometry;
  if (!pfnSpanOk(m, pfn, nr)) return 'WARN';
  let warned = false;
  for (const chunk of chunksWhileBelowEnd(g, pfn, nr)) {
    const s = validSection(m, sectionOfPfn(g, chunk.pfn));
    if (s === undefined) {
      if (m.rules.removeInvalid === 'einval-break') return '-EINVAL';
      warned = true;
      continue;
    }
    if (!sectionDeactivate(m, s, subsectionMask(g, chunk.pfn, chunk.nr))) warned = true;
  }
  return warned ? 'WARN' : 'ok';
}
