/**
 * struct memory_block (include/linux/memory.h): one per memory block device,
 * kept in a Map by id as the kernel keeps them in the memory subsystem's
 * device list.
 */
export interface MemoryBlock {
  /** memoryN: the block number (phys_index / sections_per_block). */
  readonly id: number;
  readonly nid: number;
  state: 'online' | 'offline';
}

export type MemoryBlocks = Map<number, MemoryBlock>;
