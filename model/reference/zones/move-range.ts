/** Putting a pfn range into a zone and taking it out again. */
import type { ZoneName } from '../../step.ts';
import { holdRangeHoles } from '../memmap/held-holes.ts';
import { setMemmap } from '../memmap/memmap.ts';
import { shrinkZoneSpan } from './shrink.ts';
import type { RefMachine } from '../state.ts';
import { growNode, growZone, nodeOf, notePopulated, updatePgdatSpan } from './zone.ts';

// mirrors move_pfn_range_to_zone(), mm/memory_hotplug.c, v5.5
export function moveRangeToZone(m: RefMachine, nid: number, zone: ZoneName, pfn: number, nr: number): void {
  const node = nodeOf(m, nid);
  m.touched.part('nodes');
  growZone(node.zones[zone], pfn, nr);
  notePopulated(node, zone);
  growNode(node, pfn, nr);
  setMemmap(m, pfn, pfn + nr, { zone, nid });
  holdRangeHoles(m, pfn, nr);
}

// mirrors remove_pfn_range_from_zone(), mm/memory_hotplug.c, v5.5
export function removeRangeFromZone(m: RefMachine, nid: number, zone: ZoneName, pfn: number, nr: number): void {
  setMemmap(m, pfn, pfn + nr, 'uninit');
  // ZONE_DEVICE spans are never shrunk.
  if (zone === 'Device') return;
  shrinkZoneSpan(m, nid, zone, pfn, pfn + nr);
  m.touched.part('nodes');
  updatePgdatSpan(nodeOf(m, nid));
}
