/**
 * The state of struct pages: initialised with a zone and node (set_page_links()
 * in memmap_init_zone()) or poisoned / never initialised.
 *
 * Kept at sub-section granularity, per mem_section root like the section
 * table itself: one zone byte and one nid per section while the whole
 * section agrees (the usual case: boot memory, whole memory blocks), and a
 * per-sub-section pair of typed arrays only for a section whose sub-sections
 * differ (boot zone limits, device memory sharing a section with RAM). A
 * terabyte of boot memory costs three bytes per section; an absent root
 * costs nothing.
 *
 * Every reader that a kernel rule would send to page_zone() or pfn_to_nid()
 * goes through readPage()/readPages(); a poisoned page read there counts as
 * an uninitialised memmap read.
 */
import type { Geometry } from '../../geometry.ts';
import type { MemSectionTable } from '../sparse/mem-section.ts';
import { pfnToSectionNr, subsectionMapIndex } from '../sparse/pfn.ts';
import { presentSection } from '../sparse/queries.ts';

/** The zone byte of a poisoned struct page (PAGE_POISON_PATTERN in spirit). */
export const MEMMAP_UNINIT = 0xff;
/** The per-section zone byte of a section whose sub-sections differ: see `mixed`. */
const MEMMAP_MIXED = 0xfe;

/** One root's sections: the zone and nid every sub-section shares, or MEMMAP_MIXED. */
interface RootMemmap {
  readonly zone: Uint8Array;
  readonly nid: Int16Array;
  /** Per section: struct pages written since the last observation (model/touched.ts). */
  readonly dirty: Uint8Array;
  anyDirty: boolean;
}

/** Per-sub-section state of one mixed section. */
interface SubsectionMemmap {
  readonly zone: Uint8Array;
  readonly nid: Int16Array;
}

/** What a struct page says once initialised. */
export interface PageLinks {
  readonly zone: number;
  readonly nid: number;
}

export class Memmap {
  private readonly roots = new Map<number, RootMemmap>();
  private readonly mixed = new Map<number, SubsectionMemmap>();
  /**
   * Sections where memmap_init_zone() gave a non-RAM pfn's struct page a
   * reference (init_page_count()) that no free to the buddy allocator drops.
   */
  private readonly heldHoles = new Set<number>();
  /** Reads of a poisoned struct page's zone or nid, since boot. */
  uninitReads = 0;

  constructor(
    private readonly geometry: Geometry,
    private readonly table: MemSectionTable,
  ) {}

  private rootOf(sectionNr: number, create: boolean): RootMemmap | undefined {
    const rootNr = this.table.rootNr(sectionNr);
    let r = this.roots.get(rootNr);
    if (r === undefined && create) {
      const n = this.table.sectionsPerRoot;
      r = { zone: new Uint8Array(n).fill(MEMMAP_UNINIT), nid: new Int16Array(n), dirty: new Uint8Array(n), anyDirty: false };
      this.roots.set(rootNr, r);
    }
    return r;
  }

  private slot(sectionNr: number): number {
    return sectionNr - this.table.rootNr(sectionNr) * this.table.sectionsPerRoot;
  }

  /** Sets sub-sections [from, to) of a present section. */
  private setSubsections(sectionNr: number, from: number, to: number, zone: number, nid: number): void {
    const sps = this.geometry.subsectionsPerSection;
    const r = this.rootOf(sectionNr, true);
    if (r === undefined) return;
    const slot = this.slot(sectionNr);
    r.dirty[slot] = 1;
    r.anyDirty = true;
    if (from === 0 && to === sps) {
      r.zone[slot] = zone;
      r.nid[slot] = zone === MEMMAP_UNINIT ? 0 : nid;
      this.mixed.delete(sectionNr);
      return;
    }
    let m = this.mixed.get(sectionNr);
    if (m === undefined) {
      const z = r.zone[slot] ?? MEMMAP_UNINIT;
      if (z === zone && (zone === MEMMAP_UNINIT || r.nid[slot] === nid)) return;
      m = { zone: new Uint8Array(sps).fill(z), nid: new Int16Array(sps).fill(r.nid[slot] ?? 0) };
      this.mixed.set(sectionNr, m);
      r.zone[slot] = MEMMAP_MIXED;
    }
    m.zone.fill(zone, from, to);
    m.nid.fill(zone === MEMMAP_UNINIT ? 0 : nid, from, to);
    // fold back when the section agrees again
    const z0 = m.zone[0] ?? MEMMAP_UNINIT;
    const n0 = m.nid[0] ?? 0;
    for (let i = 1; i < sps; i++) if (m.zone[i] !== z0 || m.nid[i] !== n0) return;
    this.mixed.delete(sectionNr);
    r.zone[slot] = z0;
    r.nid[slot] = n0;
  }

  /** Sets every sub-section touched by [pfn, pfn + nr) in a present section (rounded out to sub-sections). */
  private setRange(pfn: number, nr: number, zone: number, nid: number): void {
    const g = this.geometry;
    if (nr <= 0) return;
    const end = pfn + nr;
    let p = pfn - (pfn % g.pagesPerSubsection);
    while (p < end) {
      const sectionNr = pfnToSectionNr(g, p);
      const sectionStart = sectionNr * g.pagesPerSection;
      const sectionEnd = sectionStart + g.pagesPerSection;
      if (presentSection(this.table.nrToSection(sectionNr))) {
        const from = subsectionMapIndex(g, p);
        const to = Math.ceil((Math.min(end, sectionEnd) - sectionStart) / g.pagesPerSubsection);
        this.setSubsections(sectionNr, from, to, zone, nid);
      }
      p = sectionEnd;
    }
  }

  // mirrors memmap_init_zone(), mm/page_alloc.c, v5.5 (set_page_links() for each page of the range)
  initRange(pfn: number, nr: number, zone: number, nid: number): void {
    this.setRange(pfn, nr, zone, nid);
  }

  // mirrors page_init_poison(), mm/debug.c, v5.5
  poisonRange(pfn: number, nr: number): void {
    this.setRange(pfn, nr, MEMMAP_UNINIT, 0);
  }

  /** Some hole page of the section now has page_count() 1 (memmap_init_zone() over it). */
  holdHoles(sectionNr: number): void {
    this.heldHoles.add(sectionNr);
  }

  /** Whether a hole page of the section holds a reference; no read is counted (PageReserved and page_count() only). */
  holdsHoles(sectionNr: number): boolean {
    return this.heldHoles.has(sectionNr);
  }

  /** The memmap of a section that is gone (section_mem_map cleared). */
  dropSection(sectionNr: number): void {
    this.heldHoles.delete(sectionNr);
    this.mixed.delete(sectionNr);
    const r = this.rootOf(sectionNr, false);
    if (r === undefined) return;
    r.zone[this.slot(sectionNr)] = MEMMAP_UNINIT;
    r.dirty[this.slot(sectionNr)] = 1;
    r.anyDirty = true;
  }

  /** The sections whose struct pages were written since clearDirty(), in no particular order. */
  dirtySections(): number[] {
    const out: number[] = [];
    const n = this.table.sectionsPerRoot;
    for (const [rootNr, r] of this.roots) {
      if (!r.anyDirty) continue;
      for (let slot = 0; slot < n; slot++) if (r.dirty[slot] !== 0) out.push(rootNr * n + slot);
    }
    return out;
  }

  /** After an observation: nothing is written since. */
  clearDirty(): void {
    for (const r of this.roots.values()) {
      if (!r.anyDirty) continue;
      r.dirty.fill(0);
      r.anyDirty = false;
    }
  }

  /** The state of one sub-section, without counting a read. */
  peekSubsection(sectionNr: number, idx: number): PageLinks | undefined {
    const r = this.rootOf(sectionNr, false);
    if (r === undefined) return undefined;
    const slot = this.slot(sectionNr);
    let zone = r.zone[slot] ?? MEMMAP_UNINIT;
    let nid = r.nid[slot] ?? 0;
    if (zone === MEMMAP_MIXED) {
      const m = this.mixed.get(sectionNr);
      zone = m?.zone[idx] ?? MEMMAP_UNINIT;
      nid = m?.nid[idx] ?? 0;
    }
    return zone === MEMMAP_UNINIT ? undefined : { zone, nid };
  }

  /** Looks without reading: for observations and sysfs text, which the invariant does not watch. */
  peek(pfn: number): PageLinks | undefined {
    const g = this.geometry;
    return this.peekSubsection(pfnToSectionNr(g, pfn), subsectionMapIndex(g, pfn));
  }

  /**
   * Calls `visit` once per stretch of [pfn, pfn + nr) inside one section that
   * is in one state: once for a section that agrees, per sub-section otherwise.
   */
  forEachState(pfn: number, nr: number, visit: (start: number, pages: number, links: PageLinks | undefined) => void): void {
    const g = this.geometry;
    const end = pfn + nr;
    let p = pfn;
    while (p < end) {
      const sectionNr = pfnToSectionNr(g, p);
      const sectionEnd = Math.min(end, (sectionNr + 1) * g.pagesPerSection);
      const r = this.rootOf(sectionNr, false);
      const zone = r === undefined ? MEMMAP_UNINIT : (r.zone[this.slot(sectionNr)] ?? MEMMAP_UNINIT);
      if (zone !== MEMMAP_MIXED) {
        visit(p, sectionEnd - p, this.peekSubsection(sectionNr, 0));
        p = sectionEnd;
        continue;
      }
      while (p < sectionEnd) {
        const next = Math.min(sectionEnd, p - (p % g.pagesPerSubsection) + g.pagesPerSubsection);
        visit(p, next - p, this.peekSubsection(sectionNr, subsectionMapIndex(g, p)));
        p = next;
      }
    }
  }

  /** page_zone(pfn_to_page(pfn)) and page_to_nid() in one read: undefined (and counted) when poisoned. */
  readPage(pfn: number): PageLinks | undefined {
    const links = this.peek(pfn);
    if (links === undefined) this.uninitReads++;
    return links;
  }

  /** Counts `count` reads of poisoned pages at once (a reader that looked at each of them). */
  countUninitReads(count: number): void {
    this.uninitReads += count;
  }
}
