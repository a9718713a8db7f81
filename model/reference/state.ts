/**
 * The reference model's state: one plain record per section, sets for every
 * bitmap, and nothing derived. Sections are created on first touch and never
 * deleted; observe() leaves out the ones that are back to the empty state.
 */
import type { Config } from '../config.ts';
import type { Geometry } from '../geometry.ts';
import type { UsageOrigin } from '../observation.ts';
import type { Errno } from '../outcome.ts';
import type { RuleValues } from '../profile.ts';
import type { AllocPoint, NotifierEvent, ZoneName } from '../step.ts';
import type { OnlineType } from '../online-type.ts';
import type { TouchLog } from '../touched.ts';

export interface RefSection {
  /** Section number: what a write names when it records what it touched (RefMachine.touched). */
  readonly nr: number;
  present: boolean;
  hasMemMap: boolean;
  online: boolean;
  early: boolean;
  nid: number;
  usage: UsageOrigin;
  /** Active sub-section indices (usage->subsection_map). */
  subsectionMap: Set<number>;
  /** Sub-sections still backed by the boot memmap. */
  memmapBoot: Set<number>;
  /** Sub-sections whose memmap hotplug populated. */
  memmapHotplug: Set<number>;
  /**
   * Some struct page of a non-RAM pfn of this section holds a reference nobody
   * drops: memmap_init_zone() initialised it (at boot inside a zone's span, or
   * at an online of its block). Read by offline under `offlineHoles: ebusy`.
   */
  heldHoles: boolean;
}

/** One zone of one node, as /proc/zoneinfo shows it. Empty is start 0, spanned 0. */
export interface RefZone {
  start: number;
  spanned: number;
  present: number;
  managed: number;
  /** present_early_pages (v5.15): boot RAM, then what online/offline of blocks starting in an early section add or take. */
  presentEarly: number;
}

/** One node (pglist_data): its own span, and one record per zone. */
export interface RefNode {
  online: boolean;
  /** Observed once onlined; a record made by memremap_pages for a node never onlined is not. */
  everOnline: boolean;
  start: number;
  spanned: number;
  present: number;
  /** pgdat->nr_zones: highest zone index populated since the node came online, plus one. */
  nrZones: number;
  readonly zones: Record<ZoneName, RefZone>;
}

/** A memory block device (memoryN). Its zone is read from the memmap, not stored. */
export interface RefBlock {
  readonly nid: number;
  online: boolean;
  /** Pages at the block's start that hold its own memmap (memmap_on_memory); 0 for none. */
  readonly vmemmap: number;
  /** The static memory group (one per add_memory, a DIMM) of a hot-added block; undefined at boot. */
  readonly group?: number;
  /**
   * An online type a `state` write left on the block while it was online (the
   * write fails, but the type stays for the next online that names none:
   * memoryN/online, or an eject putting the block back). fa2be40fe7c0, v3.12.
   */
  leftType?: OnlineType;
}

/** A memory group: static, the pages of the whole DIMM; or dynamic (virtio-mem), with its unit. */
export interface RefGroup {
  readonly nid: number;
  readonly maxPages: number;
  /** Pages per unit of a dynamic group; absent for a static one. */
  readonly unitPages?: number;
}

/** Memory hosting its own memmap: `pages` at `start` serve [start, end). */
export interface RefAltmap {
  readonly start: number;
  readonly end: number;
  readonly pages: number;
  /** Added as s390 standby memory (MHP_OFFLINE_INACCESSIBLE): inaccessible whenever the block is not being onlined or online. */
  readonly standby: boolean;
  inaccessible: boolean;
}

/** An iomem resource; `boot` RAM can never be removed. start/end in bytes, end exclusive. */
export interface RefResource {
  readonly start: number;
  readonly end: number;
  readonly kind: 'System RAM' | 'device' | 'Persistent Memory (legacy)';
  /** System RAM a driver added (add_memory_driver_managed(), v5.8): named "System RAM (kmem)". */
  readonly driverManaged?: true;
  readonly boot: boolean;
  readonly nid: number;
}

/** The memmap state of the pfns of one sub-section. */
export type MemmapState = 'uninit' | { readonly zone: ZoneName; readonly nid: number };

export interface RefMachine {
  readonly geometry: Geometry;
  readonly config: Config;
  /** The profile's rule values, read once so the code below names them plainly. */
  readonly rules: RuleValues;
  readonly sections: Map<number, RefSection>;
  /** Allocated mem_section roots (SPARSEMEM_EXTREME only). */
  readonly roots: Set<number>;
  /** Armed one-shot faults: the errno the next allocation at that point fails with. */
  readonly faults: Map<AllocPoint, Errno>;
  /** Nodes ever onlined, by nid (an offline node keeps its record). */
  readonly nodes: Map<number, RefNode>;
  /** Memory block devices by id. */
  readonly blocks: Map<number, RefBlock>;
  /** iomem resources, in no particular order. */
  readonly resources: RefResource[];
  /**
   * Memmap state per sub-section (key: pfn / PPSS, counted from pfn 0). Only
   * sub-sections that have a memmap are meaningful (see memmap/memmap.ts).
   */
  readonly memmap: Map<number, MemmapState>;
  /** RAM pages per sub-section (key: pfn / PPSS); absent means 0. */
  readonly ram: Map<number, number>;
  /** Pinned pfns (unmovable kernel allocations, a test device). */
  readonly pins: Set<number>;
  /** Armed one-shot notifier failures. */
  readonly vetoes: Map<NotifierEvent, Errno>;
  /** Reads of the zone or nid of an uninitialised memmap, since boot. */
  uninitReads: number;
  /** Usages freed while their section still read valid (B-31), since boot. */
  usageRaces: number;
  /**
   * Zones (`nid/Zone`) that init_currently_empty_zone() has set up: never
   * cleared. Only the `shift` online rule asks (zone_can_shift()).
   */
  readonly initializedZones: Set<string>;
  /** Live altmaps, in no particular order. */
  readonly altmaps: RefAltmap[];
  /** Hardware-poisoned pfns (PG_hwpoison); forgotten when their memory is removed. */
  readonly poisoned: Set<number>;
  /** Static memory groups by id (v5.15); ids are never reused. */
  readonly groups: Map<number, RefGroup>;
  nextGroup: number;
  /** The most sections the machine may hold (model/capacity.ts). */
  readonly heldSectionLimit: number;
  /** What the steps since the last observation wrote: every function that writes a section, a memmap or a block records it here. */
  readonly touched: TouchLog;
}

export function emptySection(nr: number): RefSection {
  return {
    nr,
    present: false,
    hasMemMap: false,
    online: false,
    early: false,
    nid: -1,
    usage: 'none',
    subsectionMap: new Set(),
    memmapBoot: new Set(),
    memmapHotplug: new Set(),
    heldHoles: false,
  };
}

export function isEmptySection(s: RefSection): boolean {
  return (
    !s.present &&
    !s.hasMemMap &&
    !s.online &&
    !s.early &&
    s.nid === -1 &&
    s.usage === 'none' &&
    s.subsectionMap.size === 0 &&
    s.memmapBoot.size === 0 &&
    s.memmapHotplug.size === 0 &&
    !s.heldHoles
  );
}

/** The section record, created empty on first use: for a writer, so the section counts as touched. */
export function sectionAt(m: RefMachine, nr: number): RefSection {
  m.touched.section(nr);
  let s = m.sections.get(nr);
  if (s === undefined) {
    s = emptySection(nr);
    m.sections.set(nr, s);
  }
  return s;
}

/** Read-only look-up: undefined stands for the empty section. */
export function peekSection(m: RefMachine, nr: number): RefSection | undefined {
  return m.sections.get(nr);
}
