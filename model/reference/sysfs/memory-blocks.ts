/** Memory block devices: their pfn range, RAM pages, zone, and the sections they online. */
import type { Geometry } from '../../geometry.ts';
import type { ZoneName } from '../../step.ts';
import { peekMemmap, subsectionsOfRange } from '../memmap/memmap.ts';
import { peekSection, type RefMachine } from '../state.ts';

export function firstPfnOfBlock(g: Geometry, b: number): number {
  return b * g.pagesPerBlock;
}

export function blockOfPfn(g: Geometry, pfn: number): number {
  return Math.floor(pfn / g.pagesPerBlock);
}

/** The sub-sections of block b that hold RAM pages, ascending. */
export function ramSubsectionsOfBlock(m: RefMachine, b: number): number[] {
  const g = m.geometry;
  const pfn = firstPfnOfBlock(g, b);
  return subsectionsOfRange(g, pfn, pfn + g.pagesPerBlock).filter((ss) => (m.ram.get(ss) ?? 0) > 0);
}

/** "RAM pfns of a block": the sum of the RAM pages of its sub-sections. */
export function ramPagesOfBlock(m: RefMachine, b: number): number {
  let n = 0;
  for (const ss of ramSubsectionsOfBlock(m, b)) n += m.ram.get(ss) ?? 0;
  return n;
}

/**
 * Zone of an online block as sysfs shows it: the zone of its RAM pfns when
 * they are all in one zone, else `none`. Zones are per node, so a boot block
 * holding memory of two nodes spans two zones of the same name: `none`. A RAM pfn with no initialised memmap
 * (its section taken away by a bare remove_pages) has no zone: `none`.
 * An observation: counts no reads.
 */
export function onlineBlockZone(m: RefMachine, b: number): ZoneName | 'none' {
  let zone: ZoneName | undefined;
  let nid: number | undefined;
  // Under seed 003's rule a self-hosted memmap sits in Normal: the block's zone is that of the rest (docs/seeds.md).
  const block = m.blocks.get(b);
  const skipBelow = firstPfnOfBlock(m.geometry, b) + (m.rules.vmemmapZone === 'normal' ? (block?.vmemmap ?? 0) : 0);
  for (const ss of ramSubsectionsOfBlock(m, b)) {
    if (ss * m.geometry.pagesPerSubsection < skipBelow) continue;
    const state = peekMemmap(m, ss);
    if (state === undefined || state === 'uninit') return 'none';
    if (zone === undefined) {
      zone = state.zone;
      nid = state.nid;
    } else if (zone !== state.zone || nid !== state.nid) return 'none';
  }
  return zone ?? 'none';
}

// mirrors online_mem_sections() / offline_mem_sections(), mm/sparse.c, v5.5 (valid sections only)
export function setBlockSectionsOnline(m: RefMachine, b: number, online: boolean): void {
  const g = m.geometry;
  const first = b * g.sectionsPerBlock;
  for (let nr = first; nr < first + g.sectionsPerBlock; nr++) {
    const s = peekSection(m, nr);
    if (s !== undefined && s.hasMemMap) {
      s.online = online;
      m.touched.section(nr);
    }
  }
}

/** Every block id whose range meets [pfn, end), ascending. */
export function blocksOfRange(g: Geometry, pfn: number, end: number): number[] {
  const out: number[] = [];
  if (end <= pfn) return out;
  for (let b = blockOfPfn(g, pfn); b <= blockOfPfn(g, end - 1); b++) out.push(b);
  return out;
}
