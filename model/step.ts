/**
 * One operation on the simulated machine. The scenario parser, the fast-check
 * command generators and the regression files all produce these values, and
 * the scenario printer turns them back into text: a counterexample, a
 * regression and a kernel run are the same kind of thing.
 *
 * Addresses and sizes are in bytes, like the scenario language and like what
 * a real kernel's interfaces (ACPI, QMP, sysfs phys_index) take.
 */
import type { Errno } from './outcome.ts';

/**
 * Allocation points where an errno can be injected: the sparse layer's (root,
 * usage, memmap) and add_memory_block() in create_memory_block_devices()
 * (memory_block; modelled where the profile's blockDevices is after-arch-add).
 */
export const ALLOC_POINTS = ['root', 'usage', 'memmap', 'memory_block'] as const;
/** The sparse layer's own allocation points: what plain generation draws (memory_block only in swarm runs, properties/swarm.ts). */
export const SPARSE_ALLOC_POINTS = ['root', 'usage', 'memmap'] as const satisfies ReadonlyArray<(typeof ALLOC_POINTS)[number]>;
export type AllocPoint = (typeof ALLOC_POINTS)[number];

/** Sparse-layer queries, named after the kernel helpers they answer. */
export const QUERIES = [
  'pfn_valid',
  'valid_section',
  'present_section',
  'online_section',
  'pfn_to_online_page',
] as const;
export type QueryName = (typeof QUERIES)[number];

export type Step =
  /** __add_pages(nid, pfn, nr): the device / arch path below add_memory(). */
  | { readonly op: 'add_pages'; readonly start: number; readonly size: number; readonly nid: number }
  /** __remove_pages(pfn, nr). */
  | { readonly op: 'remove_pages'; readonly start: number; readonly size: number }
  /** Make the next allocation at `alloc` fail with `errno`. */
  | { readonly op: 'fail'; readonly alloc: AllocPoint; readonly errno: Errno }
  /** A sparse-layer query on the pfn of `addr`. */
  | { readonly op: 'query'; readonly query: QueryName; readonly addr: number }
  /** Prints the observable state (replay output and reports); changes nothing. */
  | { readonly op: 'dump' }
  /**
   * add_memory(nid, start, size): System RAM hot-add with memory block devices;
   * `memmapOnMemory` when the caller passes MHP_MEMMAP_ON_MEMORY (scenario: a trailing `memmap_on_memory`).
   */
  | {
      readonly op: 'add_memory';
      readonly start: number;
      readonly size: number;
      readonly nid: number;
      readonly memmapOnMemory?: true;
      /** MHP_OFFLINE_INACCESSIBLE (v6.9..v6.18, s390 standby memory): the altmap is not accessible until online. */
      readonly inaccessible?: true;
      /**
       * A dynamic memory group (v5.15, virtio-mem): memory_group_register_dynamic() with this unit,
       * in bytes; the adds of one node with the same unit share the group (scenario: `group=dynamic:<unit>`).
       */
      readonly dynamicUnit?: number;
    }
  /**
   * add_memory_driver_managed(nid, start, size, "System RAM (kmem)"): memory a driver hands to the
   * kernel (dax kmem over a devdax namespace, dev_dax_kmem_probe(), drivers/dax/kmem.c). Its
   * resource nests inside the device's (PMEM) range and is named after the driver; it has no
   * firmware memmap entry; the blocks come offline unless auto-online says otherwise.
   */
  | { readonly op: 'add_memory_driver_managed'; readonly start: number; readonly size: number; readonly nid: number }
  /** remove_memory(start, size). */
  | { readonly op: 'remove_memory'; readonly start: number; readonly size: number }
  /**
   * The ACPI eject of a DIMM (acpi_scan_hot_remove): every online block of the range is offlined,
   * all re-onlined if one refuses (-EBUSY), then remove_memory(start, size).
   */
  | { readonly op: 'eject_memory'; readonly start: number; readonly size: number }
  /** memremap_pages(): the ZONE_DEVICE path (__add_pages + move_pfn_range_to_zone(ZONE_DEVICE)). */
  | { readonly op: 'memremap_pages'; readonly start: number; readonly size: number; readonly nid: number }
  /** memunmap_pages(). */
  | { readonly op: 'memunmap_pages'; readonly start: number; readonly size: number }
  /**
   * The host sets the virtio-mem device's requested size (`config virtio_mem`); the driver
   * (drivers/virtio/virtio_mem.c) plugs or unplugs sub-blocks and adds or removes memory blocks.
   */
  | { readonly op: 'virtio_mem_resize'; readonly size: number }
  /** A write to /sys/devices/system/memory/memory<block>/state; `word` is sent as written. */
  | { readonly op: 'state'; readonly block: number; readonly word: string }
  /** A write to /sys/devices/system/memory/memory<block>/online. */
  | { readonly op: 'online'; readonly block: number; readonly word: string }
  /** An unmovable kernel allocation on the page of `addr` (test step), or its release. */
  | { readonly op: 'pin' | 'unpin'; readonly addr: number }
  /** memory_failure() on the page of `addr` (/sys/devices/system/memory/hard_offline_page). */
  | { readonly op: 'poison'; readonly addr: number }
  /** The next notifier call of `event` fails with `errno`. */
  | { readonly op: 'veto'; readonly event: NotifierEvent; readonly errno: Errno }
  /** Reads memory<block>/valid_zones. */
  | { readonly op: 'valid_zones'; readonly block: number }
  /** Reads memory<block>/state and its zone. */
  | { readonly op: 'block'; readonly block: number }
  /** Reads one zone of one node as /proc/zoneinfo shows it. */
  | { readonly op: 'zone'; readonly zone: ZoneName; readonly nid: number }
  /** Reads one node's state and span. */
  | { readonly op: 'node'; readonly nid: number };

export type StepOp = Step['op'];

/** Zones in index order (x86_64). */
export const ZONE_NAMES = ['DMA', 'DMA32', 'Normal', 'Movable', 'Device'] as const;
export type ZoneName = (typeof ZONE_NAMES)[number];

/** Memory notifier events a `veto` step can fail. */
/** MEM_PREPARE_ONLINE exists from v6.9 to v6.18; a veto armed where it is never sent stays armed. */
export const NOTIFIER_EVENTS = ['MEM_GOING_ONLINE', 'MEM_GOING_OFFLINE', 'MEM_PREPARE_ONLINE'] as const;
export type NotifierEvent = (typeof NOTIFIER_EVENTS)[number];

/** A boot RAM range (memblock.memory at boot), creating early sections. */
export interface BootRange {
  readonly start: number;
  readonly size: number;
  readonly nid: number;
}

/**
 * A legacy persistent-memory range (`config pmem`): an e820 type-12 entry
 * (E820_TYPE_PRAM, arch/x86/kernel/e820.c), not RAM. It is never in
 * memblock.memory; its "Persistent Memory (legacy)" iomem resource is the
 * parent a namespace's memremap_pages() sits in.
 */
export interface PmemRange {
  readonly start: number;
  readonly size: number;
  /**
   * The namespace's mode (`config pmem … mode=`): absent, raw (nd_pmem maps
   * the namespace itself); `fsdax`, a pfn device whose info block and memmap
   * sit at the namespace's start (drivers/nvdimm/pfn_devs.c); `devdax`, the
   * same info block under dax_pmem. memremap_pages of a namespace in either
   * mode first meets libnvdimm's checks (model/namespace-mode.ts).
   */
  readonly mode?: NamespaceMode;
  /** The pfn device's `align` (bytes) in fsdax or devdax mode; absent: the default, the PMD size. */
  readonly align?: number;
}

export type NamespaceMode = 'raw' | 'fsdax' | 'devdax';

/**
 * A virtio-mem device (`config virtio_mem`): its region [start, start + size)
 * and the device block size (the granularity the host plugs in; QEMU's
 * `block-size`). Nothing of it is RAM until the driver plugs and adds it.
 */
export interface VirtioMemDevice {
  readonly start: number;
  readonly size: number;
  readonly block: number;
}

/** Steps that change memory blocks, zones or resources (as opposed to reads and arming). */
export const MEMORY_OPERATIONS = [
  'add_memory',
  'add_memory_driver_managed',
  'remove_memory',
  'memremap_pages',
  'memunmap_pages',
  'state',
  'online',
  'pin',
  'unpin',
  'eject_memory',
  'poison',
  'virtio_mem_resize',
] as const satisfies ReadonlyArray<StepOp>;

/** Steps whose answer is text read from sysfs or /proc. */
export const OBSERVATION_OPS = ['valid_zones', 'block', 'zone', 'node'] as const satisfies ReadonlyArray<StepOp>;
