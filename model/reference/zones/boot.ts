/**
 * Boot state of the second layer (docs/blocks-and-zones.md, "Boot"): zones
 * and nodes from the boot RAM, the memmap of early sections, RAM pages,
 * boot memory blocks and the "System RAM" resources. Runs after the sparse
 * boot (sparse/boot.ts) has made the sections.
 */
// mirrors free_area_init_nodes() + memmap_init_zone() + memory_dev_init(), mm/page_alloc.c and drivers/base/memory.c, v5.5
import type { Geometry } from '../../geometry.ts';
import { ZONE_NAMES, type BootRange } from '../../step.ts';
import { firstPfnOfSubsection, subsectionsOfRange } from '../memmap/memmap.ts';
import { holdBootHoles } from '../memmap/held-holes.ts';
import { addResource } from '../memory/resources.ts';
import type { RefMachine } from '../state.ts';
import { freshNode, growZone, notePopulated, updatePgdatSpan, zoneByAddress } from './zone.ts';

/** The first pfn after `pfn` where zoneByAddress() changes, or Infinity. */
function nextZoneLimit(g: Geometry, pfn: number): number {
  const limits: number[] = [];
  if (g.dmaLimitShift !== undefined) limits.push(2 ** (g.dmaLimitShift - g.pageShift));
  if (g.dma32LimitShift !== undefined) limits.push(2 ** (g.dma32LimitShift - g.pageShift));
  const above = limits.filter((l) => l > pfn);
  return above.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...above);
}

function bootRangeZones(m: RefMachine, range: BootRange): void {
  const g = m.geometry;
  let node = m.nodes.get(range.nid);
  if (node === undefined) {
    node = freshNode(true);
    m.nodes.set(range.nid, node);
  }
  const pfn = range.start / g.pageSize;
  const end = pfn + range.size / g.pageSize;
  // Each zone spans the hull of its boot RAM; present = managed = its RAM pages.
  let p = pfn;
  while (p < end) {
    const q = Math.min(end, nextZoneLimit(g, p));
    const z = node.zones[zoneByAddress(g, p)];
    growZone(z, p, q - p);
    notePopulated(node, zoneByAddress(g, p));
    z.present += q - p;
    z.managed += q - p;
    z.presentEarly += q - p;
    p = q;
  }
  // Boot RAM can cover part of a sub-section.
  for (const ss of subsectionsOfRange(g, pfn, end)) {
    const first = firstPfnOfSubsection(g, ss);
    const overlap = Math.min(end, first + g.pagesPerSubsection) - Math.max(pfn, first);
    m.ram.set(ss, (m.ram.get(ss) ?? 0) + overlap);
  }
  addResource(m, { start: range.start, end: range.start + range.size, kind: 'System RAM', boot: true, nid: range.nid });
}

export function bootHotplugState(m: RefMachine, boot: readonly BootRange[]): void {
  const g = m.geometry;
  for (const range of boot) bootRangeZones(m, range);

  // Every pfn of every early section, holes included, is initialised with its boot zone.
  for (const [nr, s] of m.sections) {
    if (!s.early) continue;
    for (let i = 0; i < g.subsectionsPerSection; i++) {
      const ss = nr * g.subsectionsPerSection + i;
      m.memmap.set(ss, { zone: zoneByAddress(g, firstPfnOfSubsection(g, ss)), nid: s.nid });
    }
  }

  for (const [nid, node] of m.nodes) {
    // free_area_init_core() sets up every zone that has boot pages.
    for (const name of ZONE_NAMES) if (node.zones[name].spanned > 0) m.initializedZones.add(`${nid}/${name}`);
    updatePgdatSpan(node);
    node.present = Object.values(node.zones).reduce((sum, z) => sum + z.present, 0);
  }
  holdBootHoles(m);

  // One online block per block holding a present section. Nodes are registered in ascending
  // order and each sets the nid of the blocks it has memory in, so a block spanning nodes ends
  // up with the highest of them.
  const nrs = [...m.sections.keys()].sort((a, b) => a - b);
  for (const nr of nrs) {
    const s = m.sections.get(nr);
    if (s === undefined || !s.present) continue;
    const b = Math.floor(nr / g.sectionsPerBlock);
    const had = m.blocks.get(b);
    m.blocks.set(b, { nid: Math.max(had?.nid ?? s.nid, s.nid), online: true, vmemmap: 0 });
  }
}
