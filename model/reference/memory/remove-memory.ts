// mirrors try_remove_memory(), mm/memory_hotplug.c, v5.5 (with the v5.3 arch_remove_memory zone shrink)
import type { Outcome } from '../../outcome.ts';
import { blocksOfRange } from '../sysfs/memory-blocks.ts';
import { firstPfnOfSection } from '../sparse/pfn.ts';
import { pruneMemmap, readMemmap, subsectionsOfRange } from '../memmap/memmap.ts';
import { tryOfflineNode } from '../zones/node-hotplug.ts';
import { removePages } from '../pages/remove-pages.ts';
import { exactResource, releaseResource } from './resources.ts';
import { shrinkNodeSpanSection, shrinkZoneSpanSection } from '../zones/shrink.ts';
import type { RefMachine } from '../state.ts';

/**
 * [shrinkAt=remove]: arch_remove_memory() reads the zone of the first pfn;
 * unknown (uninit) ⇒ the spans stay (the read is the finding). Otherwise
 * zone and node shrink per section, in order (__remove_zone()).
 */
// mirrors arch_remove_memory() + __remove_zone(), arch/x86/mm/init_64.c and mm/memory_hotplug.c, v5.3
export function shrinkAtRemove(m: RefMachine, pfn: number, end: number): void {
  const g = m.geometry;
  const state = readMemmap(m, pfn);
  if (state === 'uninit') return;
  // ZONE_DEVICE is skipped (cannot happen for System RAM; kept for plainness).
  if (state.zone === 'Device') return;
  for (let nr = pfn / g.pagesPerSection; firstPfnOfSection(g, nr) < end; nr++) {
    const p = firstPfnOfSection(g, nr);
    shrinkZoneSpanSection(m, state.nid, state.zone, p);
    shrinkNodeSpanSection(m, state.nid, p);
  }
}

export function removeMemory(m: RefMachine, start: number, size: number): Outcome {
  const g = m.geometry;
  const blockBytes = g.pagesPerBlock * g.pageSize;
  if (size === 0 || start % blockBytes !== 0 || size % blockBytes !== 0) return '-EINVAL';
  // Only hot-added System RAM, and exactly one such resource.
  const resource = exactResource(m, start, start + size, (r) => r.kind === 'System RAM' && !r.boot);
  if (resource === undefined) return '-EINVAL';

  const pfn = start / g.pageSize;
  const end = pfn + size / g.pageSize;
  const blocks = blocksOfRange(g, pfn, end).filter((b) => m.blocks.has(b));
  if (blocks.some((b) => m.blocks.get(b)?.online === true)) return '-EBUSY';
  // v5.12..v6.6: the one altmap of an add serves exactly one block, so only a one-block remove may free it.
  const selfHosted = blocks.some((b) => (m.blocks.get(b)?.vmemmap ?? 0) > 0);
  if (selfHosted && m.rules.memmapRemove === 'one-block' && size !== blockBytes) return '-EINVAL';

  if (m.rules.shrinkAt === 'remove') shrinkAtRemove(m, pfn, end);

  const groups = new Set(blocks.map((b) => m.blocks.get(b)?.group));
  for (const b of blocks) {
    m.blocks.delete(b);
    m.touched.block(b);
  }
  // The DIMM's group goes with its last block.
  for (const id of groups) {
    if (id !== undefined && ![...m.blocks.values()].some((x) => x.group === id)) m.groups.delete(id);
  }
  // The memmap goes back to the altmap, and the altmap with the memory it served.
  const kept = m.altmaps.filter((a) => a.end <= pfn || a.start >= end);
  m.altmaps.splice(0, m.altmaps.length, ...kept);
  m.touched.part('altmaps');
  // __remove_pages' own answer (a WARN) is not the answer of remove_memory.
  removePages(m, start, size);
  pruneMemmap(m);
  for (const ss of subsectionsOfRange(g, pfn, end)) m.ram.delete(ss);
  // The block devices take their poison counters with them; a later add initialises a fresh memmap.
  for (const p of [...m.poisoned]) if (p >= pfn && p < end) m.poisoned.delete(p);
  releaseResource(m, resource);
  if (resource.nid !== 0) tryOfflineNode(m, resource.nid);
  return 'ok';
}
