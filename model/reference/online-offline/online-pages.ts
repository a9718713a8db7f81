// mirrors online_pages(), mm/memory_hotplug.c, v5.5 (memory_block_action(MEM_ONLINE));
// with memmap_on_memory memory_block_online(), drivers/base/memory.c, v5.12: mhp_init_memmap_on_memory()
// puts the memmap pages in the block's zone before online_pages() does the rest, and undoes it on failure
// (one move of the whole block here: the spans come out the same)
import { errno, type Outcome } from '../../outcome.ts';
import { firstPfnOfBlock, ramPagesOfBlock, setBlockSectionsOnline } from '../sysfs/memory-blocks.ts';
import { moveRangeToZone, removeRangeFromZone } from '../zones/move-range.ts';
import { takeVeto } from '../faults/notifier.ts';
import { poisonedInBlock } from '../faults/memory-failure.ts';
import type { RefBlock, RefMachine } from '../state.ts';
import { zoneForPfnRange } from '../zone-policy/select.ts';
import type { OnlineType } from '../../online-type.ts';
import { startsInEarlySection } from '../zone-policy/auto-movable.ts';
import { nodeOf } from '../zones/zone.ts';
import { ZONE_NAMES, type ZoneName } from '../../step.ts';
import { pruneMemmap, readMemmap } from '../memmap/memmap.ts';
import { addPagesOrNothing } from '../pages/hotplug-pages.ts';
import { removePages } from '../pages/remove-pages.ts';
import { allowOnline, allowedZoneFor } from '../zone-policy/allow.ts';
import { shiftForOnline } from '../zone-policy/shift.ts';

/**
 * The zone an online of block `b` goes to, per [onlineZone]: a refusal changes
 * nothing; for `shift` the range is in `zone` afterwards (there since hot-add,
 * perhaps moved across a zone edge), otherwise the caller grows it into `zone`.
 */
function chooseZone(
  m: RefMachine,
  b: number,
  nid: number,
  pfn: number,
  nr: number,
  type: OnlineType,
): { zone: ZoneName; refused?: undefined } | { zone?: undefined; refused: Outcome } {
  if (m.rules.onlineZone === 'shift') {
    // online_pages() reads the zone of the first page: set at hot-add in this profile.
    const current = readMemmap(m, pfn);
    if (current === 'uninit') return { refused: '-EINVAL' };
    const result = shiftForOnline(m, nid, pfn, nr, type, current.zone);
    return isZoneName(result) ? { zone: result } : { refused: result };
  }
  if (m.rules.onlineZone === 'allow-online-pfn-range' && !allowOnline(m, nid, pfn, nr, type)) return { refused: '-EINVAL' };
  const zone = m.rules.onlineZone === 'allow-online-pfn-range' ? allowedZoneFor(m, nid, pfn, nr, type) : zoneForPfnRange(m, type, nid, pfn, nr, b);
  return { zone };
}

const isZoneName = (x: string): x is ZoneName => (ZONE_NAMES as readonly string[]).includes(x);

/** Onlines offline block `b` with `type`; the caller has checked that it exists and is offline. */
export function onlineBlock(m: RefMachine, b: number, block: RefBlock, type: OnlineType): Outcome {
  // v6.5: a block with hwpoisoned pages stays offline.
  if (m.rules.hwpoisonOnline === 'ehwpoison' && poisonedInBlock(m, b) > 0) return '-EHWPOISON';
  const g = m.geometry;
  const pfn = firstPfnOfBlock(g, b);
  const nr = g.pagesPerBlock;
  const chosen = chooseZone(m, b, block.nid, pfn, nr, type);
  if (chosen.zone === undefined) return chosen.refused;
  const zone = chosen.zone;
  const altmap = m.altmaps.find((a) => a.start === pfn);
  // Seed 004 (a proposal): MEM_PHYS_ONLINE makes standby memory accessible, then __add_pages() adds it with its altmap (docs/seeds.md).
  const physOnline = m.rules.s390Online === 'phys-online-rfc' && altmap !== undefined && altmap.standby;
  if (physOnline) {
    const added = addPagesOrNothing(m, pfn * g.pageSize, nr * g.pageSize, block.nid);
    if (added !== 'ok') return added;
    m.touched.part('altmaps');
    altmap.inaccessible = false;
  }
  // v6.9..v6.18: MEM_PREPARE_ONLINE comes first; s390 makes standby memory accessible there.
  if (m.rules.s390Online === 'prepare-online') {
    const refused = takeVeto(m, 'MEM_PREPARE_ONLINE');
    if (refused !== undefined) return errno(refused);
    if (altmap !== undefined) {
      m.touched.part('altmaps');
      altmap.inaccessible = false;
    }
  }
  // Seed 003's suggestion: the self-hosted memmap goes to ZONE_NORMAL whatever the online type (docs/seeds.md).
  const memmapZone: ZoneName = m.rules.vmemmapZone === 'normal' && block.vmemmap > 0 ? 'Normal' : zone;
  const split = memmapZone !== zone;
  // The span grows and the memmap is initialised before the notifier runs (v4.10: at hot-add, and a shift moved the block).
  if (m.rules.onlineZone !== 'shift') {
    if (split) moveRangeToZone(m, block.nid, memmapZone, pfn, block.vmemmap);
    moveRangeToZone(m, block.nid, zone, split ? pfn + block.vmemmap : pfn, split ? nr - block.vmemmap : nr);
  }

  const vetoed = takeVeto(m, 'MEM_GOING_ONLINE');
  if (vetoed !== undefined) {
    // keep-span (before v5.5): the grown span and the initialised memmap stay.
    if (m.rules.failedOnline === 'restore') {
      if (split) {
        removeRangeFromZone(m, block.nid, zone, pfn + block.vmemmap, nr - block.vmemmap);
        removeRangeFromZone(m, block.nid, memmapZone, pfn, block.vmemmap);
      } else removeRangeFromZone(m, block.nid, zone, pfn, nr);
    }
    // MEM_FINISH_OFFLINE after a failed online: standby memory is inaccessible again.
    if (altmap !== undefined && altmap.standby) {
      m.touched.part('altmaps');
      altmap.inaccessible = true;
    }
    // Seed 004 [I]: the failed online gives the memory back as MEM_PHYS_OFFLINE does (docs/seeds.md).
    if (physOnline) physOffline(m, pfn, nr);
    return errno(vetoed);
  }

  const pages = ramPagesOfBlock(m, b);
  const node = nodeOf(m, block.nid);
  m.touched.part('nodes');
  // A self-hosted memmap joins the block's zone (Movable too), or Normal under seed 003's rule, as present pages, never as buddy pages (docs/seeds.md).
  node.zones[zone].present += pages - block.vmemmap;
  node.zones[memmapZone].present += block.vmemmap;
  node.zones[zone].managed += pages - block.vmemmap;
  node.present += pages;
  if (startsInEarlySection(m, pfn)) node.zones[zone].presentEarly += pages;
  setBlockSectionsOnline(m, b, true);
  block.online = true;
  m.touched.block(b);
  return 'ok';
}

/** MEM_PHYS_OFFLINE of seed 004's design: __remove_pages() of the block's standby memory (made inaccessible by the caller; docs/seeds.md). */
export function physOffline(m: RefMachine, pfn: number, nr: number): void {
  removePages(m, pfn * m.geometry.pageSize, nr * m.geometry.pageSize);
  pruneMemmap(m);
}
