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

/**
 * The observed counters of a zone and its node go through setters that set
 * the node's dirty bit when a value changes (model/touched.ts): the
 * observation rebuilds the nodes only after such a write.
 */
export class Zone {
  private start = 0;
  private spanned = 0;
  private present = 0;
  private managed = 0;
  private presentEarly = 0;
  /** zone_is_initialized(): init_currently_empty_zone() ran once; never cleared (v4.10 zone shifting asks). */
  initialized = false;

  constructor(
    readonly idx: number,
    readonly pgdat: PgData,
  ) {}

  get name(): ZoneName {
    return zoneName(this.idx);
  }

  get zoneStartPfn(): number {
    return this.start;
  }

  set zoneStartPfn(v: number) {
    if (v !== this.start) this.pgdat.dirty = true;
    this.start = v;
  }

  get spannedPages(): number {
    return this.spanned;
  }

  set spannedPages(v: number) {
    if (v !== this.spanned) this.pgdat.dirty = true;
    this.spanned = v;
  }

  get presentPages(): number {
    return this.present;
  }

  set presentPages(v: number) {
    if (v !== this.present) this.pgdat.dirty = true;
    this.present = v;
  }

  get managedPages(): number {
    return this.managed;
  }

  set managedPages(v: number) {
    if (v !== this.managed) this.pgdat.dirty = true;
    this.managed = v;
  }

  /** present_early_pages (v5.15): present pages in early (boot) sections. */
  get presentEarlyPages(): number {
    return this.presentEarly;
  }

  set presentEarlyPages(v: number) {
    if (v !== this.presentEarly) this.pgdat.dirty = true;
    this.presentEarly = v;
  }
}

export class PgData {
  private startPfn = 0;
  private spanned = 0;
  private present = 0;
  private zonesInUse = 0;
  private isOnline = false;
  private wasOnline = false;
  /** A field the observation reads changed since it last looked (a new node starts so). */
  dirty = true;
  readonly nodeZones: readonly Zone[];

  constructor(readonly nodeId: number) {
    this.nodeZones = ZONE_NAMES.map((_, i) => new Zone(i, this));
  }

  get nodeStartPfn(): number {
    return this.startPfn;
  }

  set nodeStartPfn(v: number) {
    if (v !== this.startPfn) this.dirty = true;
    this.startPfn = v;
  }

  get nodeSpannedPages(): number {
    return this.spanned;
  }

  set nodeSpannedPages(v: number) {
    if (v !== this.spanned) this.dirty = true;
    this.spanned = v;
  }

  get nodePresentPages(): number {
    return this.present;
  }

  set nodePresentPages(v: number) {
    if (v !== this.present) this.dirty = true;
    this.present = v;
  }

  /** pgdat->nr_zones. */
  get nrZones(): number {
    return this.zonesInUse;
  }

  set nrZones(v: number) {
    if (v !== this.zonesInUse) this.dirty = true;
    this.zonesInUse = v;
  }

  /** node_online(): N_ONLINE in node_states. */
  get online(): boolean {
    return this.isOnline;
  }

  set online(v: boolean) {
    if (v !== this.isOnline) this.dirty = true;
    this.isOnline = v;
  }

  /** Whether the node was ever online: what the observation lists. */
  get everOnline(): boolean {
    return this.wasOnline;
  }

  set everOnline(v: boolean) {
    if (v !== this.wasOnline) this.dirty = true;
    this.wasOnline = v;
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
