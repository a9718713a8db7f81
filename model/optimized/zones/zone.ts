/**
 * struct zone and struct pglist_data, reduced to the span and page counters
 * the hotplug paths keep (include/linux/mmzone.h). Zones are indexed in the
 * kernel's order; a node always has all five, empty ones included.
 */
import { ZONE_NAMES, type ZoneName } from '../../step.ts';

export const ZONE_DMA = 0;
export const ZONE_DMA32 = 1;
export const ZONE_NORMAL = 2;
export const ZONE_MOVABLE = 3;
export const ZONE_DEVICE = 4;

/** The kernel zones a `online_kernel` may pick from, lowest first. */
export const KERNEL_ZONES: readonly number[] = [ZONE_DMA, ZONE_DMA32, ZONE_NORMAL];

export class Zone {
  zoneStartPfn = 0;
  spannedPages = 0;
  presentPages = 0;
  managedPages = 0;
  /** zone_is_initialized(): init_currently_empty_zone() ran once; never cleared (v4.10 zone shifting asks). */
  initialized = false;
  /** present_early_pages (v5.15): present pages in early (boot) sections. */
  presentEarlyPages = 0;

  constructor(
    readonly idx: number,
    readonly pgdat: PgData,
  ) {}

  get name(): ZoneName {
    return zoneName(this.idx);
  }
}

export class PgData {
  nodeStartPfn = 0;
  nodeSpannedPages = 0;
  nodePresentPages = 0;
  /** pgdat->nr_zones. */
  nrZones = 0;
  /** node_online(): N_ONLINE in node_states. */
  online = false;
  /** Whether the node was ever online: what the observation lists. */
  everOnline = false;
  readonly nodeZones: readonly Zone[];

  constructor(readonly nodeId: number) {
    this.nodeZones = ZONE_NAMES.map((_, i) => new Zone(i, this));
  }

  zone(idx: number): Zone {
    const z = this.nodeZones[idx];
    if (z === undefined) throw new RangeError(`zone index ${idx}`);
    return z;
  }
}

export function zoneName(idx: number): ZoneName {
  const n = ZONE_NAMES[idx];
  if (n === undefined) throw new RangeError(`zone index ${idx}`);
  return n;
}

export function zoneIndex(name: ZoneName): number {
  return ZONE_NAMES.indexOf(name);
}

// mirrors zone_end_pfn(), include/linux/mmzone.h, v5.5
export function zoneEndPfn(zone: Zone): number {
  return zone.zoneStartPfn + zone.spannedPages;
}

// mirrors zone_is_empty(), include/linux/mmzone.h, v5.5
export function zoneIsEmpty(zone: Zone): boolean {
  return zone.spannedPages === 0;
}

// mirrors zone_intersects(), include/linux/mmzone.h, v5.5
export function zoneIntersects(zone: Zone, startPfn: number, nrPages: number): boolean {
  if (zoneIsEmpty(zone)) return false;
  if (startPfn >= zoneEndPfn(zone) || startPfn + nrPages <= zone.zoneStartPfn) return false;
  return true;
}

// mirrors pgdat_end_pfn(), include/linux/mmzone.h, v5.5
export function pgdatEndPfn(pgdat: PgData): number {
  return pgdat.nodeStartPfn + pgdat.nodeSpannedPages;
}
