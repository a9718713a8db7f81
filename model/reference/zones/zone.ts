/** Zone and node records: creation, spans, and the boot zone of an address. */
import type { Geometry } from '../../geometry.ts';
import { ZONE_NAMES, type ZoneName } from '../../step.ts';
import type { RefMachine, RefNode, RefZone } from '../state.ts';

/** DMA, DMA32, Normal: the zones zone_for_pfn_range() calls kernel zones. */
export const KERNEL_ZONES: readonly ZoneName[] = ['DMA', 'DMA32', 'Normal'];

export function emptyZone(): RefZone {
  return { start: 0, spanned: 0, present: 0, managed: 0, presentEarly: 0 };
}

/** A node record with every zone empty and an empty span. */
export function freshNode(online: boolean): RefNode {
  const zones = {} as Record<ZoneName, RefZone>;
  for (const name of ZONE_NAMES) zones[name] = emptyZone();
  return { online, everOnline: online, start: 0, spanned: 0, present: 0, nrZones: 0, zones };
}

export function cloneNode(n: RefNode): RefNode {
  const zones = {} as Record<ZoneName, RefZone>;
  for (const name of ZONE_NAMES) zones[name] = { ...n.zones[name] };
  return { online: n.online, everOnline: n.everOnline, start: n.start, spanned: n.spanned, present: n.present, nrZones: n.nrZones, zones };
}

export function zoneEnd(z: { start: number; spanned: number }): number {
  return z.start + z.spanned;
}

/** The node record; every caller works on a node that was onlined at some point. */
export function nodeOf(m: RefMachine, nid: number): RefNode {
  const n = m.nodes.get(nid);
  if (n === undefined) throw new Error(`reference: node ${nid} was never onlined`);
  return n;
}

/** Boot zone of a pfn from the geometry's limits (x86_64: DMA < 16M, DMA32 < 4G, Normal above). */
export function zoneByAddress(g: Geometry, pfn: number): ZoneName {
  if (g.dmaLimitShift !== undefined && pfn < 2 ** (g.dmaLimitShift - g.pageShift)) return 'DMA';
  if (g.dma32LimitShift !== undefined && pfn < 2 ** (g.dma32LimitShift - g.pageShift)) return 'DMA32';
  return 'Normal';
}

// mirrors resize_zone_range(), mm/memory_hotplug.c, v5.5 (an empty zone starts at pfn)
/** A zone that gets pages counts for nr_zones: it never drops below that zone's index + 1 (8f416836c0d5). */
export function notePopulated(node: RefNode, zone: ZoneName): void {
  node.nrZones = Math.max(node.nrZones, ZONE_NAMES.indexOf(zone) + 1);
}

export function growZone(z: RefZone, pfn: number, nr: number): void {
  if (z.spanned === 0) {
    z.start = pfn;
    z.spanned = nr;
    return;
  }
  const start = Math.min(z.start, pfn);
  const end = Math.max(zoneEnd(z), pfn + nr);
  z.start = start;
  z.spanned = end - start;
}

// mirrors resize_pgdat_range(), mm/memory_hotplug.c, v5.5 (node spanned 0 ⇒ set)
export function growNode(n: RefNode, pfn: number, nr: number): void {
  if (n.spanned === 0) {
    n.start = pfn;
    n.spanned = nr;
    return;
  }
  const start = Math.min(n.start, pfn);
  const end = Math.max(n.start + n.spanned, pfn + nr);
  n.start = start;
  n.spanned = end - start;
}

// mirrors update_pgdat_span(), mm/memory_hotplug.c, v5.5: the hull of the non-empty zones
export function updatePgdatSpan(n: RefNode): void {
  let start = 0;
  let end = 0;
  let any = false;
  for (const name of ZONE_NAMES) {
    const z = n.zones[name];
    if (z.spanned === 0) continue;
    if (!any) {
      start = z.start;
      end = zoneEnd(z);
      any = true;
      continue;
    }
    start = Math.min(start, z.start);
    end = Math.max(end, zoneEnd(z));
  }
  n.start = start;
  n.spanned = end - start;
}

/**
 * Node N comes online if it is not (add_memory step 3), with empty spans.
 * Answers an undo that puts the node back exactly as it was.
 */
// mirrors __try_online_node() + hotadd_new_pgdat(), mm/memory_hotplug.c, v5.5
export function onlineNodeIfNeeded(m: RefMachine, nid: number): () => void {
  const before = m.nodes.get(nid);
  if (before !== undefined && before.online) return () => undefined;
  const saved = before === undefined ? undefined : cloneNode(before);
  m.nodes.set(nid, freshNode(true));
  m.touched.part('nodes');
  return () => {
    m.touched.part('nodes');
    if (saved === undefined) m.nodes.delete(nid);
    else m.nodes.set(nid, saved);
  };
}

// mirrors zone_intersects(), include/linux/mmzone.h, v5.5
export function zoneIntersects(z: RefZone, pfn: number, nr: number): boolean {
  if (z.spanned === 0) return false;
  return pfn < zoneEnd(z) && pfn + nr > z.start;
}

// mirrors default_kernel_zone_for_pfn(), mm/memory_hotplug.c, v5.5
export function defaultKernelZone(m: RefMachine, nid: number, pfn: number, nr: number): ZoneName {
  const node = nodeOf(m, nid);
  for (const name of KERNEL_ZONES) {
    if (zoneIntersects(node.zones[name], pfn, nr)) return name;
  }
  return 'Normal';
}
