// mirrors online_pages(), mm/memory_hotplug.c, v5.5 (memory_block_action(MEM_ONLINE))
import { errno, type Outcome } from '../outcome.ts';
import { firstPfnOfBlock, ramPagesOfBlock, setBlockSectionsOnline } from './blocks.ts';
import { moveRangeToZone, removeRangeFromZone } from './move-range.ts';
import { takeVeto } from './notifier.ts';
import type { RefBlock, RefMachine } from './state.ts';
import { zoneForPfnRange, type OnlineType } from './zone-choice.ts';
import { nodeOf } from './zones.ts';
import { ZONE_NAMES, type ZoneName } from '../step.ts';
import { readMemmap } from './memmap.ts';
import { allowOnline, allowedZoneFor } from './zone-allow.ts';
import { shiftForOnline } from './zone-shift.ts';

/**
 * The zone step before the notifier, per [onlineZone]: a refusal changes
 * nothing; otherwise the range is in `zone` afterwards (grown into it, or for
 * `shift` already there since hot-add and perhaps moved across a zone edge).
 */
function chooseZone(
  m: RefMachine,
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
  const zone = m.rules.onlineZone === 'allow-online-pfn-range' ? allowedZoneFor(m, nid, pfn, nr, type) : zoneForPfnRange(m, type, nid, pfn, nr);
  // The span grows and the memmap is initialised before the notifier runs.
  moveRangeToZone(m, nid, zone, pfn, nr);
  return { zone };
}

const isZoneName = (x: string): x is ZoneName => (ZONE_NAMES as readonly string[]).includes(x);

/** Onlines offline block `b` with `type`; the caller has checked that it exists and is offline. */
export function onlineBlock(m: RefMachine, b: number, block: RefBlock, type: OnlineType): Outcome {
  const g = m.geometry;
  const pfn = firstPfnOfBlock(g, b);
  const nr = g.pagesPerBlock;
  const chosen = chooseZone(m, block.nid, pfn, nr, type);
  if (chosen.zone === undefined) return chosen.refused;
  const zone = chosen.zone;

  const vetoed = takeVeto(m, 'MEM_GOING_ONLINE');
  if (vetoed !== undefined) {
    // keep-span (before v5.5): the grown span and the initialised memmap stay.
    if (m.rules.failedOnline === 'restore') removeRangeFromZone(m, block.nid, zone, pfn, nr);
    return errno(vetoed);
  }

  const pages = ramPagesOfBlock(m, b);
  const node = nodeOf(m, block.nid);
  node.zones[zone].present += pages;
  node.zones[zone].managed += pages;
  node.present += pages;
  setBlockSectionsOnline(m, b, true);
  block.online = true;
  return 'ok';
}
