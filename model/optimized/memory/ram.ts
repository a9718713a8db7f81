/**
 * How many System RAM pages each sub-section holds. Everything hot-added as
 * System RAM is whole memory blocks, so only boot memory can leave a
 * sub-section partial; those sections keep a per-sub-section count, every
 * other sub-section is whole RAM when a System RAM resource covers it and no
 * RAM otherwise.
 */
import type { Geometry } from '../../geometry.ts';
import type { BootRange } from '../../step.ts';
import type { IomemResources } from './resources.ts';

export class RamPages {
  /** Sections with a partial sub-section: RAM pages per sub-section. */
  private readonly partial = new Map<number, Uint32Array>();

  constructor(
    private readonly geometry: Geometry,
    private readonly iomem: IomemResources,
  ) {}

  /** Records the boot ranges' counts for every section they leave partly covered. */
  recordBoot(ranges: readonly BootRange[]): void {
    const g = this.geometry;
    const counts = new Map<number, Uint32Array>();
    for (const r of ranges) {
      const start = Math.floor(r.start / g.pageSize);
      const end = start + Math.floor(r.size / g.pageSize);
      // only the sections at either end of a range can be partial
      for (const sectionNr of new Set([Math.floor(start / g.pagesPerSection), Math.floor((end - 1) / g.pagesPerSection)])) {
        let c = counts.get(sectionNr);
        if (c === undefined) {
          c = new Uint32Array(g.subsectionsPerSection);
          counts.set(sectionNr, c);
        }
        const base = sectionNr * g.pagesPerSection;
        for (let i = 0; i < g.subsectionsPerSection; i++) {
          const lo = Math.max(start, base + i * g.pagesPerSubsection);
          const hi = Math.min(end, base + (i + 1) * g.pagesPerSubsection);
          if (hi > lo) c[i] = (c[i] ?? 0) + (hi - lo);
        }
      }
    }
    for (const [sectionNr, c] of counts) {
      if (c.some((n) => n !== g.pagesPerSubsection)) this.partial.set(sectionNr, c);
    }
  }

  /**
   * Calls `visit` for the RAM of a section-aligned range: once per section
   * that is RAM throughout (`ram === pages`), once per sub-section holding
   * some RAM in a section that boot memory leaves partial.
   */
  forEachRamRun(pfn: number, nr: number, visit: (start: number, pages: number, ram: number) => void): void {
    const g = this.geometry;
    for (let sectionNr = Math.floor(pfn / g.pagesPerSection); sectionNr * g.pagesPerSection < pfn + nr; sectionNr++) {
      const base = sectionNr * g.pagesPerSection;
      const c = this.partial.get(sectionNr);
      if (c === undefined) {
        // a section without counts is all one kind: one lookup answers it
        if (this.iomem.overlapping(base, base + g.pagesPerSection).some((r) => r.kind === 'System RAM')) {
          visit(base, g.pagesPerSection, g.pagesPerSection);
        }
        continue;
      }
      for (let i = 0; i < g.subsectionsPerSection; i++) {
        const n = c[i] ?? 0;
        if (n > 0) visit(base + i * g.pagesPerSubsection, g.pagesPerSubsection, n);
      }
    }
  }

  /** System RAM pages in a section-aligned range (walk_system_ram_range() summed). */
  pagesIn(pfn: number, nr: number): number {
    let total = 0;
    this.forEachRamRun(pfn, nr, (_start, _pages, ram) => {
      total += ram;
    });
    return total;
  }
}
