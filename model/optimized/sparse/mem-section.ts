/**
 * The mem_section table. Under CONFIG_SPARSEMEM_EXTREME it is NR_SECTION_ROOTS
 * root slots, each filled on first use with SECTIONS_PER_ROOT sections; a
 * root's sections live in parallel typed arrays so that a populated petabyte
 * costs a few bytes per section and an empty one costs nothing.
 *
 * Roots are kept in a Map keyed by root number rather than an
 * NR_SECTION_ROOTS-long array: with 52 physical bits and small sections that
 * array alone would run to millions of slots.
 *
 * Without SPARSEMEM_EXTREME the kernel's table is static. We still fill our
 * storage lazily, but nothing outside this file can tell: no root is
 * reported and sparse_index_init() never fails.
 */
import type { Geometry } from '../../geometry.ts';
import { bitmapAlloc, bitmapWords, bitmapZero, type Bitmap } from './bitmap.ts';

/** The flag bits of section_mem_map, in the kernel's bit order. */
export const SECTION_MARKED_PRESENT = 1 << 0;
export const SECTION_HAS_MEM_MAP = 1 << 1;
export const SECTION_IS_ONLINE = 1 << 2;
export const SECTION_IS_EARLY = 1 << 3;
/** v5.12: ZONE_DEVICE memory was moved into this section (never cleared while the section lives). */
export const SECTION_TAINT_ZONE_DEVICE = 1 << 4;

/** NUMA_NO_NODE: the nid of a section that is not present. */
export const NUMA_NO_NODE = -1;

/** struct mem_section_usage; pageblock flags are outside the model. */
export interface MemSectionUsage {
  /** boot: memblock-allocated by sparse_init(), so never kfree'd. */
  readonly origin: 'boot' | 'hotplug';
  readonly subsectionMap: Bitmap;
}

/** One root's worth of sections, struct-of-arrays. */
export interface SectionRoot {
  readonly rootNr: number;
  /** section_mem_map flag bits per section (the memmap pointer itself is the two masks below). */
  readonly sectionMemMap: Uint8Array;
  readonly nid: Int16Array;
  readonly usage: Array<MemSectionUsage | undefined>;
  /** Per section, `words` words: sub-sections whose struct pages came from the boot memmap. */
  readonly memmapBoot: Uint32Array;
  /** Per section, `words` words: sub-sections whose struct pages hotplug populated. */
  readonly memmapHotplug: Uint32Array;
  /** Per section: written since the last observation (model/touched.ts); set by every writer below. */
  readonly dirty: Uint8Array;
  /** Some section of the root is dirty: the observation's walk skips a clean root at once. */
  anyDirty: boolean;
}

/** A handle on one slot: what `struct mem_section *` is in C. */
export class MemSection {
  constructor(
    readonly nr: number,
    private readonly root: SectionRoot,
    private readonly slot: number,
    private readonly words: number,
  ) {}

  get sectionMemMap(): number {
    return this.root.sectionMemMap[this.slot] ?? 0;
  }
  set sectionMemMap(flags: number) {
    this.root.sectionMemMap[this.slot] = flags;
    this.markDirty();
  }

  get nid(): number {
    return this.root.nid[this.slot] ?? NUMA_NO_NODE;
  }
  set nid(nid: number) {
    this.root.nid[this.slot] = nid;
    this.markDirty();
  }

  get usage(): MemSectionUsage | undefined {
    return this.root.usage[this.slot];
  }
  set usage(usage: MemSectionUsage | undefined) {
    this.root.usage[this.slot] = usage;
    this.markDirty();
  }

  /** A live view for a writer (writes land in the root's array): the section counts as written. */
  memmapBoot(): Bitmap {
    this.markDirty();
    return this.peekMemmapBoot();
  }

  memmapHotplug(): Bitmap {
    this.markDirty();
    return this.peekMemmapHotplug();
  }

  /** The same view for a reader (the observation): marks nothing. */
  peekMemmapBoot(): Bitmap {
    return this.root.memmapBoot.subarray(this.slot * this.words, (this.slot + 1) * this.words);
  }

  peekMemmapHotplug(): Bitmap {
    return this.root.memmapHotplug.subarray(this.slot * this.words, (this.slot + 1) * this.words);
  }

  /** Written since the last observation: a writer of the usage's sub-section map calls this itself. */
  markDirty(): void {
    this.root.dirty[this.slot] = 1;
    this.root.anyDirty = true;
  }

  /** Nothing set: the slot is as a fresh root holds it (not observed). */
  pristine(): boolean {
    return pristineSlot(this.root, this.slot, this.words);
  }
}

function pristineSlot(root: SectionRoot, slot: number, words: number): boolean {
  return root.sectionMemMap[slot] === 0 && root.nid[slot] === NUMA_NO_NODE && root.usage[slot] === undefined && emptyWords(root, slot * words, words);
}

function emptyWords(root: SectionRoot, from: number, words: number): boolean {
  for (let w = from; w < from + words; w++) if (root.memmapBoot[w] !== 0 || root.memmapHotplug[w] !== 0) return false;
  return true;
}

export class MemSectionTable {
  readonly sectionsPerRoot: number;
  /** Words in one sub-section bitmap. */
  readonly words: number;
  private readonly roots = new Map<number, SectionRoot>();
  /** Allocated root numbers, ascending: observe() and present-section walks go in section order. */
  private readonly order: number[] = [];
  /** A root was allocated since the observation last looked (roots are never freed). */
  rootsDirty = true;
  /** Freed hotplug usages, for the next allocUsage('hotplug'). */
  private readonly freeUsages: MemSectionUsage[] = [];

  constructor(
    readonly geometry: Geometry,
    readonly extreme: boolean,
  ) {
    this.sectionsPerRoot = geometry.sectionsPerRoot;
    this.words = bitmapWords(geometry.subsectionsPerSection);
  }

  // mirrors SECTION_NR_TO_ROOT(), include/linux/mmzone.h, v5.3
  rootNr(sectionNr: number): number {
    return Math.floor(sectionNr / this.sectionsPerRoot);
  }

  hasRoot(sectionNr: number): boolean {
    return this.roots.has(this.rootNr(sectionNr));
  }

  // mirrors sparse_index_alloc(), mm/sparse.c, v5.3 (whether it may fail is sparse_index_init()'s business)
  allocRoot(sectionNr: number): void {
    const rootNr = this.rootNr(sectionNr);
    if (this.roots.has(rootNr)) return;
    const n = this.sectionsPerRoot;
    this.roots.set(rootNr, {
      rootNr,
      sectionMemMap: new Uint8Array(n),
      nid: new Int16Array(n).fill(NUMA_NO_NODE),
      usage: new Array<MemSectionUsage | undefined>(n).fill(undefined),
      memmapBoot: new Uint32Array(n * this.words),
      memmapHotplug: new Uint32Array(n * this.words),
      dirty: new Uint8Array(n),
      anyDirty: false,
    });
    // roots are allocated rarely; a sorted insert keeps every walk ordered for free
    let i = this.order.length;
    while (i > 0 && (this.order[i - 1] ?? 0) > rootNr) i--;
    this.order.splice(i, 0, rootNr);
    this.rootsDirty = true;
  }

  // mirrors __nr_to_section(), include/linux/mmzone.h, v5.3 (undefined where C reads a NULL root)
  nrToSection(sectionNr: number): MemSection | undefined {
    const rootNr = this.rootNr(sectionNr);
    const root = this.roots.get(rootNr);
    if (root === undefined) return undefined;
    return new MemSection(sectionNr, root, sectionNr - rootNr * this.sectionsPerRoot, this.words);
  }

  /** Allocated roots in ascending order, with their first section number. */
  *allocatedRoots(): Generator<{ rootNr: number; firstSection: number }> {
    for (const rootNr of this.order) yield { rootNr, firstSection: rootNr * this.sectionsPerRoot };
  }

  /**
   * The sections of the allocated roots that are not pristine, ascending: the
   * observation's walk. The slot is read off the root's arrays first, so the
   * empty slots of a root cost no handle.
   */
  *liveSections(): Generator<MemSection> {
    const n = this.sectionsPerRoot;
    const words = this.words;
    for (const rootNr of this.order) {
      const root = this.roots.get(rootNr);
      if (root === undefined) continue;
      for (let slot = 0; slot < n; slot++) {
        if (pristineSlot(root, slot, words)) continue;
        yield new MemSection(rootNr * n + slot, root, slot, words);
      }
    }
  }

  /** The sections written since clearDirty(), ascending. */
  dirtySections(): number[] {
    const out: number[] = [];
    const n = this.sectionsPerRoot;
    for (const rootNr of this.order) {
      const root = this.roots.get(rootNr);
      if (root === undefined || !root.anyDirty) continue;
      for (let slot = 0; slot < n; slot++) if (root.dirty[slot] !== 0) out.push(rootNr * n + slot);
    }
    return out;
  }

  /** After an observation: nothing is written since. */
  clearDirty(): void {
    for (const root of this.roots.values()) {
      if (!root.anyDirty) continue;
      root.dirty.fill(0);
      root.anyDirty = false;
    }
  }

  /**
   * The first section at or after `sectionNr` whose root is allocated, or
   * Infinity: every section under a missing root is pristine, so walks jump
   * over unallocated roots in one step (binary search of the sorted roots).
   */
  nextRootedSection(sectionNr: number): number {
    const want = this.rootNr(sectionNr);
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.order[mid] ?? 0) < want) lo = mid + 1;
      else hi = mid;
    }
    const rootNr = this.order[lo];
    if (rootNr === undefined) return Number.POSITIVE_INFINITY;
    return rootNr === want ? sectionNr : rootNr * this.sectionsPerRoot;
  }

  /** The last section at or before `sectionNr` whose root is allocated, or -1: nextRootedSection() backwards. */
  prevRootedSection(sectionNr: number): number {
    const want = this.rootNr(sectionNr);
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.order[mid] ?? 0) <= want) lo = mid + 1;
      else hi = mid;
    }
    const rootNr = this.order[lo - 1];
    if (rootNr === undefined) return -1;
    return rootNr === want ? sectionNr : rootNr * this.sectionsPerRoot + this.sectionsPerRoot - 1;
  }

  /** Sections in [first, last] that are present or have a memmap: what the machine holds there. */
  heldSectionsIn(first: number, last: number): number {
    const n = this.sectionsPerRoot;
    let held = 0;
    for (const rootNr of this.order) {
      const lo = Math.max(first, rootNr * n);
      const hi = Math.min(last, rootNr * n + n - 1);
      if (lo > hi) continue;
      const root = this.roots.get(rootNr);
      if (root === undefined) continue;
      for (let nr = lo; nr <= hi; nr++) {
        if ((root.sectionMemMap[nr - rootNr * n] ?? 0) & (SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP)) held++;
      }
    }
    return held;
  }

  /** The roots a user can see: none for the static table. */
  visibleRoots(): number[] {
    return this.extreme ? [...this.order] : [];
  }

  allocUsage(origin: 'boot' | 'hotplug'): MemSectionUsage {
    const reused = origin === 'hotplug' ? this.freeUsages.pop() : undefined;
    if (reused !== undefined) {
      bitmapZero(reused.subsectionMap);
      return reused;
    }
    return { origin, subsectionMap: bitmapAlloc(this.words) };
  }

  /**
   * kfree() of a hotplug usage no section points at any more; the next
   * allocUsage('hotplug') takes it back. After a large add V8 allocates
   * usages straight in the old generation (the add's usages all lived), so
   * a fresh one per add_pages made each remove leave old-space garbage:
   * scavenges of ≈ 10 ms every 30 ms at 64 TiB.
   */
  freeUsage(usage: MemSectionUsage): void {
    if (usage.origin === 'hotplug' && this.freeUsages.length < MAX_FREE_USAGES) this.freeUsages.push(usage);
  }
}

const MAX_FREE_USAGES = 64;
