/**
 * The machine above the sparse layer: nodes with their zones, memory block
 * devices, the memmap, iomem resources, pins and the notifier chain. In the
 * kernel these are NODE_DATA(), the memory subsystem's devices, struct pages
 * and iomem_resource; here one object extending the sparse context.
 */
import type { BugName } from '../bugs.ts';
import type { MachineSetup } from '../implementation.ts';
import { VmemAltmaps } from './memmap/vmem-altmap.ts';
import type { MemoryGroup } from './sysfs/memory-block.ts';
import { createContext, type SparseContext } from './context.ts';
import { Memmap } from './memmap/memmap.ts';
import { MemoryBlockTable } from './sysfs/memory-blocks.ts';
import { MemoryNotifier } from './faults/notifier.ts';
import { PinnedPages } from './faults/pinned-pages.ts';
import { RamPages } from './memory/ram.ts';
import { IomemResources } from './memory/resources.ts';
import { PgData } from './zones/zone.ts';

export interface HotplugContext extends SparseContext {
  /** Live vmem_altmaps (kmalloc'ed by add_memory_resource(), kfree'd at remove). */
  readonly altmaps: VmemAltmaps;
  /**
   * Self-hosted memmap pages vmemmap_free() handed to the buddy allocator
   * because arch_remove_memory() got no altmap (B-24, B-25), since boot.
   */
  readonly buddy: { vmemmapPages: number };
  /** Registered dynamic memory groups by `nid/unit_pages` (one virtio-mem device per node and unit). */
  readonly dynamicGroups: Map<string, MemoryGroup>;
  /** Pages with PG_hwpoison set. */
  readonly hwpoison: Set<number>;
  readonly pgdats: Map<number, PgData>;
  readonly blocks: MemoryBlockTable;
  readonly memmap: Memmap;
  readonly iomem: IomemResources;
  readonly ram: RamPages;
  readonly pins: PinnedPages;
  readonly notifier: MemoryNotifier;
}

export function createHotplugContext(setup: MachineSetup, bugs: ReadonlySet<BugName>): HotplugContext {
  const sparse = createContext(setup, bugs);
  const iomem = new IomemResources();
  return {
    ...sparse,
    altmaps: new VmemAltmaps(),
    buddy: { vmemmapPages: 0 },
    dynamicGroups: new Map(),
    hwpoison: new Set(),
    pgdats: new Map(),
    blocks: new MemoryBlockTable(),
    memmap: new Memmap(setup.geometry, sparse.table),
    iomem,
    ram: new RamPages(setup.geometry, iomem),
    pins: new PinnedPages(),
    notifier: new MemoryNotifier(),
  };
}

/** NODE_DATA(nid), allocated (offline, all spans empty) on first use as hotadd_new_pgdat() would. */
export function nodeData(ctx: HotplugContext, nid: number): PgData {
  let pgdat = ctx.pgdats.get(nid);
  if (pgdat === undefined) {
    pgdat = new PgData(nid);
    ctx.pgdats.set(nid, pgdat);
  }
  return pgdat;
}
