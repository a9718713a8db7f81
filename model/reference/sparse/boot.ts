// mirrors memory_present() + sparse_init_nid() + subsection_map_init(), mm/sparse.c, v5.3
import type { BootRange } from '../../step.ts';
import { allSubsections, chunkLength, sectionOfPfn, subsectionMask } from './pfn.ts';
import { rootOfSection } from './roots.ts';
import { sectionAt, type RefMachine } from '../state.ts';

/** Boot ranges are validated (aligned, size > 0, addressable, disjoint), so no check here. */
export function bootRange(m: RefMachine, range: BootRange): void {
  const g = m.geometry;
  const end = (range.start + range.size) / g.pageSize;
  let pfn = range.start / g.pageSize;
  while (pfn < end) {
    const nr = chunkLength(g, pfn, end - pfn);
    const section = sectionOfPfn(g, pfn);
    // Boot allocations come from memblock: they cannot fail and no fault applies.
    if (m.config.sparsememExtreme) m.roots.add(rootOfSection(m, section));
    const s = sectionAt(m, section);
    s.present = true;
    s.hasMemMap = true;
    s.online = true;
    s.early = true;
    s.nid = range.nid;
    s.usage = 'boot';
    // The boot memmap always covers the whole section, even a partially populated one.
    s.memmapBoot = allSubsections(g);
    for (const i of subsectionMask(g, pfn, nr)) s.subsectionMap.add(i);
    pfn += nr;
  }
}
