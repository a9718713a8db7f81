/**
 * struct memory_block (include/linux/memory.h): one per memory block device,
 * kept by id in a MemoryBlockTable (sysfs/memory-blocks.ts) as the kernel caches
 * them in its memory_blocks tree.
 */
import type { VmemAltmap } from '../memmap/vmem-altmap.ts';
import type { OnlineType } from '../../online-type.ts';

export interface MemoryBlock {
  /** memoryN: the block number (phys_index / sections_per_block). */
  readonly id: number;
  readonly nid: number;
  state: 'online' | 'offline';
  /** mem->altmap (v6.6; nr_vmemmap_pages in v5.12): the block hosts altmap.free pages of its own memmap. */
  readonly altmap?: VmemAltmap;
  /** nr_hwpoison (v6.5): hardware-poisoned pages in the block. */
  nrHwpoison: number;
  /** mem->group (v5.15): the static memory group of the DIMM the block belongs to. */
  readonly group?: MemoryGroup;
  /**
   * mem->online_type: set by state_store() before device_online(), read and
   * cleared by memory_subsys_online(); absent is MMOP_OFFLINE. When the block
   * is already online nothing clears it (fa2be40fe7c0, v3.12).
   */
  onlineType?: OnlineType;
}

/** struct memory_group (include/linux/memory.h, v5.15), static kind only. */
export interface MemoryGroup {
  readonly nid: number;
  /** s.max_pages: pages of the whole device (a static group; 0 for a dynamic one). */
  readonly maxPages: number;
  /** d.unit_pages of a dynamic group (virtio-mem, v5.15); undefined for a static group (a DIMM). */
  readonly unitPages?: number;
  presentKernelPages: number;
  presentMovablePages: number;
}
