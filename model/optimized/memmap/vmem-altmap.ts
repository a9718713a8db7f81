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
