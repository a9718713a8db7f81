/**
 * The state a user can see, in one canonical form that every implementation
 * (reference, optimized, and later the real kernel) produces from its own
 * structures. Two observations are equal exactly when their canonical JSON
 * texts are equal.
 *
 * Layers join as top-level fields: the sparse layer (roots, sections), then
 * memory blocks, nodes and zones, the memmap and the resources.
 */
import type { ZoneName } from './step.ts';

/** Where a section's `mem_section_usage` came from: kept across removal only when boot-allocated. */
export type UsageOrigin = 'none' | 'boot' | 'hotplug';

export interface SectionObservation {
  /** Section number (pfn >> PFN_SECTION_SHIFT). */
  readonly nr: number;
  /** Node of the section while present, else -1 (NUMA_NO_NODE). */
  readonly nid: number;
  /** SECTION_MARKED_PRESENT. */
  readonly present: boolean;
  /** SECTION_HAS_MEM_MAP: what valid_section() answers. */
  readonly hasMemMap: boolean;
  /** SECTION_IS_ONLINE. */
  readonly online: boolean;
  /** SECTION_IS_EARLY: created from boot memory and not fully removed since. */
  readonly early: boolean;
  readonly usage: UsageOrigin;
  /** usage->subsection_map as a hex bitmap (bit i = subsection i of the section). */
  readonly subsectionMap: string;
  /** Subsections still backed by the boot-allocated memmap. */
  readonly memmapBoot: string;
  /** Subsections whose memmap was populated by hotplug (vmemmap or kmalloc'd). */
  readonly memmapHotplug: string;
  /** Subsections whose first pfn answers pfn_valid(). */
  readonly pfnValid: string;
}

export interface BlockObservation {
  /** memoryN. */
  readonly id: number;
  readonly nid: number;
  readonly state: 'online' | 'offline';
  /** Zone of an online block, `none` when it spans zones, `-` when offline. */
  readonly zone: string;
  /** The text memoryN/valid_zones shows. */
  readonly validZones: string;
  /** Pages of the block's own memmap at its start (memmap_on_memory); absent when 0. */
  readonly vmemmap?: number;
  /** Hardware-poisoned pages of the block (memblk_nr_poison()); absent when 0. */
  readonly poisoned?: number;
  /**
   * mem->online_type a refused `state` write left on the block (it was online
   * then): the type the next online naming none uses (fa2be40fe7c0). Absent
   * when none; not visible in sysfs.
   */
  readonly onlineType?: string;
  /**
   * The unit, in pages, of the dynamic memory group (virtio-mem, v5.15) the
   * block belongs to; absent for a static group (a DIMM) or none.
   */
  readonly dynamicUnit?: number;
}

/** A vmem_altmap of hot-added memory hosting its own memmap (memmap_on_memory), alive from add to remove. */
export interface AltmapObservation {
  /** base_pfn: the first pfn the altmap hands out (the start of the memory it serves). */
  readonly basePfn: number;
  /** End of the memory whose memmap it serves (exclusive pfn). */
  readonly endPfn: number;
  /** Pages reserved for the memmap at basePfn (altmap->free). */
  readonly pages: number;
  /** altmap->inaccessible (v6.9..v6.18): s390 standby memory not yet made accessible; absent when false. */
  readonly inaccessible?: true;
}

export interface ZoneObservation {
  readonly name: ZoneName;
  readonly startPfn: number;
  readonly spanned: number;
  readonly present: number;
  readonly managed: number;
}

export interface NodeObservation {
  readonly nid: number;
  readonly online: boolean;
  readonly startPfn: number;
  readonly spanned: number;
  readonly present: number;
  /**
   * pgdat->nr_zones: one more than the highest zone index initialised since the
   * node came online (reclaim looks at zones below it). Absent where it cannot be read.
   */
  readonly nrZones?: number;
  /** All five zones in index order, empty ones included. */
  readonly zones: readonly ZoneObservation[];
}

/** A maximal run of pfns whose memmap is in the same state. */
export interface MemmapRun {
  readonly startPfn: number;
  readonly endPfn: number;
  /** `uninit`, or `Zone/nid` (e.g. `Normal/0`) for an initialised memmap. */
  readonly state: string;
}

export interface ResourceObservation {
  readonly start: number;
  readonly end: number;
  readonly kind: 'System RAM' | 'System RAM (kmem)' | 'device' | 'Persistent Memory (legacy)';
}

/** A virtio-mem device as its driver and the host see it (model/virtio-mem.ts). */
export interface VirtioMemObservation {
  /** The size the host asked for (the device's requested_size). */
  readonly requested: number;
  /** The device's plugged_size: what the driver plugged. */
  readonly plugged: number;
  /** The driver's sub-block size in bytes. */
  readonly subBlock: number;
  /** /proc/iomem's "System RAM (virtio_mem)" lines (merged runs of added blocks), `0x<first>-0x<last>`. */
  readonly ranges: readonly string[];
  /** Plugged sub-blocks of each added memory block, `<block>:<hex mask>`, ascending. */
  readonly plugMap: readonly string[];
}

export interface Observation {
  /** Indices of allocated mem_section roots (SPARSEMEM_EXTREME), ascending. */
  readonly roots: readonly number[];
  /** Every section with any non-default field, ascending by nr. */
  readonly sections: readonly SectionObservation[];
  /** Memory block devices, ascending by id. */
  readonly blocks: readonly BlockObservation[];
  /** Every node that was ever onlined, ascending by nid. */
  readonly nodes: readonly NodeObservation[];
  /** Memmap state of every pfn of every present section, as ascending runs. */
  readonly memmap: readonly MemmapRun[];
  /** iomem resources, ascending. */
  readonly resources: readonly ResourceObservation[];
  /** Pinned pfns, ascending. */
  readonly pins: readonly number[];
  /** How many times a rule read the zone or nid of an uninitialised memmap, since boot. */
  readonly uninitReads: number;
  /**
   * Moments inside an operation that broke an ordering the kernel relies on
   * (model/optimized/observe/ordering.ts), since boot. An implementation that applies
   * each operation at once has no such moments and reports 0; absent where it
   * cannot be known (a real kernel).
   */
  readonly orderingHazards?: number;
  /**
   * Usages freed while their section still read valid (a pfn_valid() at that
   * moment reads freed memory: B-31), since boot. Absent where it cannot be known.
   */
  readonly usageRaces?: number;
  /**
   * Pages of self-hosted memmaps freed into the buddy allocator instead of
   * back to their altmap (B-24, B-25), since boot. Absent where it cannot be known.
   */
  readonly vmemmapToBuddy?: number;
  /** Live altmaps (memmap_on_memory), ascending by basePfn; absent or empty when there are none. */
  readonly altmaps?: readonly AltmapObservation[];
  /**
   * zone->present_early_pages of every zone where it is not 0, for profiles
   * with online policies (v5.15+); absent before them.
   */
  readonly earlyPages?: readonly EarlyPagesObservation[];
  /** The virtio-mem device of a `config virtio_mem` machine; absent without one. */
  readonly virtioMem?: VirtioMemObservation;
}

export interface EarlyPagesObservation {
  readonly nid: number;
  readonly zone: ZoneName;
  readonly pages: number;
}

/**
 * Formats a bitmap given its set bit indices in ascending order, as the
 * kernel's "%*pb" would print it (hex, most significant nibble first).
 */
export function formatMask(setBits: readonly number[]): string {
  if (setBits.length === 0) return '0x0';
  const top = setBits[setBits.length - 1] ?? 0;
  const nibbles = new Array<number>(Math.floor(top / 4) + 1).fill(0);
  for (const b of setBits) {
    const i = Math.floor(b / 4);
    nibbles[i] = (nibbles[i] ?? 0) | (1 << (b % 4));
  }
  let s = '';
  for (let i = nibbles.length - 1; i >= 0; i--) s += (nibbles[i] ?? 0).toString(16);
  return `0x${s}`;
}

/** Parses a formatMask() string back into set bit indices (for checks and reports). */
export function maskBits(mask: string): number[] {
  const hex = mask.slice(2);
  const bits: number[] = [];
  for (let i = 0; i < hex.length; i++) {
    const nibble = Number.parseInt(hex[hex.length - 1 - i] ?? '0', 16);
    for (let b = 0; b < 4; b++) if (nibble & (1 << b)) bits.push(i * 4 + b);
  }
  return bits;
}

export const SECTION_FIELDS: ReadonlyArray<keyof SectionObservation> = [
  'nr',
  'nid',
  'present',
  'hasMemMap',
  'online',
  'early',
  'usage',
  'subsectionMap',
  'memmapBoot',
  'memmapHotplug',
  'pfnValid',
];

/** Rebuilds an object with its keys in a fixed order, so key order never depends on who built it. */
function ordered<T extends object>(o: T, keys: ReadonlyArray<keyof T>): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

export const BLOCK_FIELDS: ReadonlyArray<keyof BlockObservation> = ['id', 'nid', 'state', 'zone', 'validZones', 'vmemmap', 'poisoned', 'onlineType', 'dynamicUnit'];
export const ZONE_FIELDS: ReadonlyArray<keyof ZoneObservation> = ['name', 'startPfn', 'spanned', 'present', 'managed'];
export const NODE_FIELDS: ReadonlyArray<keyof NodeObservation> = ['nid', 'online', 'startPfn', 'spanned', 'present', 'nrZones'];

function canonicalParts(o: Observation): Record<string, string> {
  const by = <T>(xs: readonly T[], key: (x: T) => number): T[] => [...xs].sort((a, b) => key(a) - key(b));
  return {
    roots: JSON.stringify(by(o.roots, (x) => x)),
    sections: JSON.stringify(by(o.sections, (x) => x.nr).map((x) => ordered(x, SECTION_FIELDS))),
    blocks: JSON.stringify(by(o.blocks, (x) => x.id).map((x) => ordered(x, BLOCK_FIELDS))),
    nodes: JSON.stringify(
      by(o.nodes, (x) => x.nid).map((x) => ({ ...ordered(x, NODE_FIELDS), zones: x.zones.map((z) => ordered(z, ZONE_FIELDS)) })),
    ),
    memmap: JSON.stringify(by(o.memmap, (x) => x.startPfn).map((x) => [x.startPfn, x.endPfn, x.state])),
    resources: JSON.stringify(by(o.resources, (x) => x.start).map((x) => [x.start, x.end, x.kind])),
    pins: JSON.stringify(by(o.pins, (x) => x)),
    uninitReads: String(o.uninitReads),
    orderingHazards: o.orderingHazards === undefined ? '' : String(o.orderingHazards),
    usageRaces: o.usageRaces === undefined || o.usageRaces === 0 ? '' : String(o.usageRaces),
    vmemmapToBuddy: o.vmemmapToBuddy === undefined || o.vmemmapToBuddy === 0 ? '' : String(o.vmemmapToBuddy),
    altmaps: JSON.stringify(by(o.altmaps ?? [], (x) => x.basePfn).map((x) => (x.inaccessible === true ? [x.basePfn, x.endPfn, x.pages, 'inaccessible'] : [x.basePfn, x.endPfn, x.pages]))),
    earlyPages: JSON.stringify(
      [...(o.earlyPages ?? [])].sort((a, b) => a.nid - b.nid || a.zone.localeCompare(b.zone)).map((x) => [x.nid, x.zone, x.pages]),
    ),
    virtioMem: o.virtioMem === undefined ? '' : JSON.stringify([o.virtioMem.requested, o.virtioMem.plugged, o.virtioMem.subBlock, o.virtioMem.ranges, o.virtioMem.plugMap]),
  };
}

/** Canonical text: fixed key order, everything sorted; equal states give equal strings. */
export function canonicalObservation(o: Observation): string {
  const p = canonicalParts(o);
  // Altmaps only appear when there are some, so states without memmap_on_memory read as before.
  const altmaps = p.altmaps === '[]' ? '' : `,"altmaps":${p.altmaps}`;
  const early = p.earlyPages === '[]' ? '' : `,"earlyPages":${p.earlyPages}`;
  return `{"roots":${p.roots},"sections":${p.sections},"blocks":${p.blocks},"nodes":${p.nodes},"memmap":${p.memmap},"resources":${p.resources},"pins":${p.pins},"uninitReads":${p.uninitReads}${p.orderingHazards === '' ? '' : `,"orderingHazards":${p.orderingHazards}`}${p.usageRaces === '' ? '' : `,"usageRaces":${p.usageRaces}`}${p.vmemmapToBuddy === '' ? '' : `,"vmemmapToBuddy":${p.vmemmapToBuddy}`}${altmaps}${early}${p.virtioMem === '' ? '' : `,"virtioMem":${p.virtioMem}`}}`;
}

export function observationsEqual(a: Observation, b: Observation): boolean {
  return canonicalObservation(a) === canonicalObservation(b);
}

/** The first field where two observations differ, named for a person to read. */
export interface ObservationDifference {
  readonly where: string;
  readonly left: string;
  readonly right: string;
}

function firstInList<T>(
  what: string,
  a: readonly T[],
  b: readonly T[],
  key: (x: T) => number,
  fields: (x: T) => Record<string, unknown>,
): ObservationDifference | undefined {
  const ma = new Map(a.map((x) => [key(x), x]));
  const mb = new Map(b.map((x) => [key(x), x]));
  for (const k of [...new Set([...ma.keys(), ...mb.keys()])].sort((x, y) => x - y)) {
    const xa = ma.get(k);
    const xb = mb.get(k);
    if (xa === undefined || xb === undefined) {
      return { where: `${what} ${k}`, left: xa ? 'present' : 'absent', right: xb ? 'present' : 'absent' };
    }
    const fa = fields(xa);
    const fb = fields(xb);
    for (const f of Object.keys(fa)) {
      const va = JSON.stringify(fa[f]);
      const vb = JSON.stringify(fb[f]);
      if (va !== vb) return { where: `${what} ${k} ${f}`, left: va, right: vb };
    }
  }
  return undefined;
}

export function firstDifference(a: Observation, b: Observation): ObservationDifference | undefined {
  const pa = canonicalParts(a);
  const pb = canonicalParts(b);
  if (pa.roots !== pb.roots) return { where: 'mem_section roots', left: pa.roots!, right: pb.roots! };
  const zonesOf = (n: NodeObservation) => ({
    ...ordered(n, NODE_FIELDS),
    ...Object.fromEntries(n.zones.map((z) => [`zone ${z.name}`, ordered(z, ZONE_FIELDS)])),
  });
  const found =
    firstInList('section', a.sections, b.sections, (s) => s.nr, (s) => ordered(s, SECTION_FIELDS)) ??
    firstInList('block', a.blocks, b.blocks, (x) => x.id, (x) => ordered(x, BLOCK_FIELDS)) ??
    firstInList('node', a.nodes, b.nodes, (x) => x.nid, zonesOf) ??
    firstInList('memmap run at pfn', a.memmap, b.memmap, (x) => x.startPfn, (x) => ordered(x, ['endPfn', 'state']));
  if (found !== undefined) return found;
  for (const k of ['memmap', 'resources', 'pins', 'uninitReads', 'orderingHazards', 'usageRaces', 'vmemmapToBuddy', 'altmaps', 'earlyPages', 'virtioMem'] as const) {
    if (pa[k] !== pb[k]) return { where: k, left: pa[k]!, right: pb[k]! };
  }
  return undefined;
}
