// mirrors offline_pages(), mm/memory_hotplug.c, v5.5 (memory_block_action(MEM_OFFLINE));
// with memmap_on_memory memory_block_offline(), drivers/base/memory.c, v5.12: the memmap pages leave
// `present` first (back on failure) and the zone after offline_pages() (mhp_deinit_memmap_on_memory())
import { physOffline } from './online-pages.ts';
import { errno, type Outcome } from '../../outcome.ts';
import type { ZoneName } from '../../step.ts';
import { firstPfnOfBlock, ramPagesOfBlock, ramSubsectionsOfBlock, setBlockSectionsOnline } from '../sysfs/memory-blocks.ts';
import { blockHasHeldHole } from '../memmap/held-holes.ts';
import { readSubsectionMemmap } from '../memmap/memmap.ts';
import { removeRangeFromZone } from '../zones/move-range.ts';
import { takeVeto } from '../faults/notifier.ts';
import type { RefBlock, RefMachine } from '../state.ts';
import { startsInEarlySection } from '../zone-policy/auto-movable.ts';
import { nodeOf } from '../zones/zone.ts';

/**
 * Step 1 (test_pages_in_a_zone): the zone (and node) of every RAM pfn is read
 * (each uninitialised one counts a read); undefined when they are not all one
 * zone. The block is online, so normally all are init; only bare
 * add_pages/remove_pages under an online block make them otherwise.
 */
function singleZone(m: RefMachine, b: number, skipBelow: number): { zone: ZoneName; nid: number } | undefined {
  let found: { zone: ZoneName; nid: number } | undefined;
  let mixed = false;
  for (const ss of ramSubsectionsOfBlock(m, b)) {
    // offline_pages() starts after the self-hosted memmap (sub-section aligned: PMD-sized).
    if (ss * m.geometry.pagesPerSubsection < skipBelow) continue;
    const state = readSubsectionMemmap(m, ss, m.ram.get(ss) ?? 0);
    if (state === 'uninit') mixed = true;
    else if (found === undefined) found = state;
    else if (found.zone !== state.zone || found.nid !== state.nid) mixed = true;
  }
  return mixed ? undefined : found;
}

/** Offlines online block `b`; the caller has checked that it exists and is online. */
export function offlineBlock(m: RefMachine, b: number, block: RefBlock): Outcome {
  const g = m.geometry;
  const pfn = firstPfnOfBlock(g, b);
  const nr = g.pagesPerBlock;

  // v5.6: a block that is not System RAM throughout cannot go offline.
  if (m.rules.offlineHoles === 'einval' && ramPagesOfBlock(m, b) !== nr) return '-EINVAL';
  // Under seed 003's rule the memmap pages sit in Normal, apart from the rest: only the rest is asked (docs/seeds.md).
  const split = m.rules.vmemmapZone === 'normal' && block.vmemmap > 0;
  const where = singleZone(m, b, split ? pfn + block.vmemmap : 0);
  if (where === undefined) return '-EINVAL';

  // Isolation covers the pages after the block's own memmap (offline_pages() gets start + vmemmap).
  for (const p of m.pins) if (p >= pfn + block.vmemmap && p < pfn + nr) return '-EBUSY';
  // v4.15..v5.5: a hole's struct page with a reference is as unmovable as a pinned page.
  if (m.rules.offlineHoles === 'ebusy' && blockHasHeldHole(m, b)) return '-EBUSY';

  const vetoed = takeVeto(m, 'MEM_GOING_OFFLINE');
  if (vetoed !== undefined) return errno(vetoed);

  const pages = ramPagesOfBlock(m, b);
  const node = nodeOf(m, where.nid);
  m.touched.part('nodes');
  const memmapZone: ZoneName = split ? 'Normal' : where.zone;
  node.zones[where.zone].present -= pages - block.vmemmap;
  node.zones[memmapZone].present -= block.vmemmap;
  node.zones[where.zone].managed -= pages - block.vmemmap;
  node.present -= pages;
  if (startsInEarlySection(m, pfn)) node.zones[where.zone].presentEarly -= pages;
  setBlockSectionsOnline(m, b, false);
  block.online = false;
  m.touched.block(b);

  // Before v5.5 the span and the memmap stay until remove_memory.
  if (m.rules.shrinkAt === 'offline') {
    if (split) {
      removeRangeFromZone(m, where.nid, where.zone, pfn + block.vmemmap, nr - block.vmemmap);
      removeRangeFromZone(m, where.nid, memmapZone, pfn, block.vmemmap);
    } else removeRangeFromZone(m, where.nid, where.zone, pfn, nr);
  }
  // MEM_FINISH_OFFLINE (v6.9..v6.18): s390 makes standby memory inaccessible again.
  const altmap = m.altmaps.find((a) => a.start === pfn);
  if (altmap !== undefined && altmap.standby) {
    m.touched.part('altmaps');
    altmap.inaccessible = true;
  }
  // Seed 004 (a proposal): MEM_PHYS_OFFLINE takes the standby memory's sections away again (docs/seeds.md).
  if (altmap !== undefined && altmap.standby && m.rules.s390Online === 'phys-online-rfc') physOffline(m, pfn, nr);
  return 'ok';
}
