// mirrors sparse_add_section() + section_activate(), mm/sparse.c, v5.3
import type { Errno } from '../../outcome.ts';
import { allSubsections, intersects, sectionOfPfn, subsectionMask, type Chunk } from './pfn.ts';
import { sectionDeactivate } from './remove.ts';
import { allocationFails } from '../faults/faults.ts';
import { ensureRoot } from './roots.ts';
import { peekSection, sectionAt, type RefMachine } from '../state.ts';

/** Activates one chunk inside one section; the errno on failure, with the section as before. */
export function addChunk(m: RefMachine, chunk: Chunk, nid: number): Errno | undefined {
  const g = m.geometry;
  const nr = sectionOfPfn(g, chunk.pfn);

  const rootFailed = ensureRoot(m, nr);
  if (rootFailed !== undefined) return rootFailed;

  // the section is read first and written only once the add goes ahead: a refused add leaves it untouched (RefMachine.touched)
  const was = peekSection(m, nr);
  const allocatesUsage = was === undefined || was.usage === 'none';
  if (allocatesUsage) {
    const usageFailed = allocationFails(m, 'usage');
    if (usageFailed !== undefined) return usageFailed;
  }

  const mask = subsectionMask(g, chunk.pfn, chunk.nr);
  // a usage this call allocated is dropped again on a refusal; an existing one belongs to active sub-sections
  if (mask.size === 0) return 'EINVAL';
  if (was !== undefined && intersects(mask, was.subsectionMap)) return 'EEXIST';
  const s = sectionAt(m, nr);
  if (allocatesUsage) s.usage = 'hotplug';
  for (const i of mask) s.subsectionMap.add(i);

  // A partially populated boot section already has a memmap for the whole section: reuse it.
  const reuseBootMemmap = chunk.nr < g.pagesPerSection && s.early;
  if (!reuseBootMemmap) {
    const memmapFailed = allocationFails(m, 'memmap');
    if (memmapFailed !== undefined) {
      sectionDeactivate(m, s, mask);
      return memmapFailed;
    }
    if (m.config.vmemmap) {
      for (const i of mask) s.memmapHotplug.add(i);
    } else {
      s.memmapHotplug = allSubsections(g);
    }
  }

  s.nid = nid;
  s.present = true;
  s.hasMemMap = true;
  return undefined;
}
