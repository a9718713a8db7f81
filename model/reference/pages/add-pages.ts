// mirrors __add_pages(), mm/memory_hotplug.c: v4.19 (sections, -EEXIST swallowed), v5.3 (sub-sections), v5.5 (pfn loop, -E2BIG)
import { errno, type Outcome } from '../../outcome.ts';
import { chunksBySectionWalk, chunksWhileBelowEnd, sectionOfPfn, sectionWalk, type Chunk } from '../sparse/pfn.ts';
import { addWholeSection } from '../sparse/add-one-section.ts';
import { addChunk } from '../sparse/add.ts';
import { refuseBeyondCapacity } from './capacity.ts';
import { pfnSpanOk } from './pfn-span.ts';
import type { RefMachine } from '../state.ts';

export function addPages(m: RefMachine, start: number, size: number, nid: number): Outcome {
  const g = m.geometry;
  const pfn = start / g.pageSize;
  const nr = size / g.pageSize;

  if (m.rules.addressCheck === 'e2big') {
    if (lastByte(start, size) >= 2 ** g.maxPhysmemBits) return '-E2BIG';
  }
  // No bounds check in the kernel: the walk would index past mem_section[].
  const last = lastVisitedSection(m, pfn, nr);
  const beyond = m.rules.addressCheck === 'none' && last !== undefined && last >= g.nrMemSections;

  if (m.rules.hotplug === 'section') {
    if (beyond) return 'BUG';
    const { first, last: end } = sectionWalk(g, pfn, nr);
    refuseBeyondCapacity(m, first, end);
    return addSectionGranular(m, pfn, nr, nid);
  }

  // The span check runs before the walk reaches any section.
  if (!pfnSpanOk(m, pfn, nr)) return '-EINVAL';
  if (beyond) return 'BUG';
  if (nr > 0) refuseBeyondCapacity(m, sectionOfPfn(g, pfn), sectionOfPfn(g, pfn + nr - 1));
  const chunks: Iterable<Chunk> =
    m.rules.addLoop === 'sections' ? chunksBySectionWalk(g, pfn, nr) : chunksWhileBelowEnd(g, pfn, nr);
  for (const chunk of chunks) {
    // No rollback: chunks activated before the failing one stay active.
    const failed = addChunk(m, chunk, nid);
    if (failed !== undefined) return errno(failed);
  }
  return 'ok';
}

function addSectionGranular(m: RefMachine, pfn: number, nr: number, nid: number): Outcome {
  const { first, last } = sectionWalk(m.geometry, pfn, nr);
  for (let s = first; s <= last; s++) {
    const failed = addWholeSection(m, s, nid);
    // The pre-v5.3 loop relied on the iomem resource check for collisions and went on.
    if (failed === undefined || failed === 'EEXIST') continue;
    return errno(failed);
  }
  return 'ok';
}

/**
 * start + size - 1 as an unsigned 64-bit value: start = size = 0 wraps to
 * 2^64 - 1 (a double rounds it to 2^64, still beyond any MAX_PHYSMEM_BITS).
 */
function lastByte(start: number, size: number): number {
  if (start === 0 && size === 0) return 2 ** 64 - 1;
  return start + size - 1;
}

/** The highest section the add walk visits, or undefined when it visits none. */
function lastVisitedSection(m: RefMachine, pfn: number, nr: number): number | undefined {
  const g = m.geometry;
  if (m.rules.hotplug === 'subsection' && m.rules.addLoop === 'pfns') {
    return nr === 0 ? undefined : sectionOfPfn(g, pfn + nr - 1);
  }
  const { first, last } = sectionWalk(g, pfn, nr);
  return last < first ? undefined : last;
}
