/**
 * struct vmem_altmap (include/linux/memremap.h): where memmap_on_memory puts
 * a block's own memmap. A leaf, because the memory block and the machine
 * context hold altmaps and memmap/memmap-on-memory.ts's functions take that context.
 */
export interface VmemAltmap {
  /** base_pfn: first pfn of the memory that hosts the memmap. */
  readonly basePfn: number;
  /** end_pfn: end of the memory this altmap serves. */
  readonly endPfn: number;
  /** free: pages set aside for the memmap. */
  readonly free: number;
  /** altmap->inaccessible (v6.9): added as s390 standby memory (MHP_OFFLINE_INACCESSIBLE). */
  readonly standby: boolean;
  /** Whether the memory is inaccessible right now: sclp's state, switched by its memory notifier. */
  inaccessible: boolean;
}

/**
 * The live altmaps, with a dirty bit the observation reads (model/touched.ts):
 * set when one is allocated or freed, and by an altmap's `inaccessible`
 * switching (allocAltmap(), memmap/memmap-on-memory.ts).
 */
export class VmemAltmaps extends Set<VmemAltmap> {
  dirty = true;

  override add(altmap: VmemAltmap): this {
    this.dirty = true;
    return super.add(altmap);
  }

  override delete(altmap: VmemAltmap): boolean {
    const had = super.delete(altmap);
    if (had) this.dirty = true;
    return had;
  }
}
