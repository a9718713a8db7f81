/**
 * Kernel commits behind the rules of the profiles after v5.5
 * (docs/modern-profiles.md). `verified` names what was read; ids found in
 * merged-commit lists or Fixes: tags are [V], the rest [I].
 */
import type { CommitRef } from '../profile.ts';

export const DEFAULT_ONLINE_TYPE: CommitRef = {
  commit: '5f47adf762b7',
  title: 'mm/memory_hotplug: allow to specify a default online_type',
  version: 'v5.7',
  verified: 'V: id and title quoted in later threads, a published patch text; I: release from its Apr 2020 date',
};

export const NO_HOLES: CommitRef = {
  commit: 'c5e79ef561b0',
  title: "mm/memory_hotplug.c: don't allow to online/offline memory blocks with holes",
  version: 'v5.6',
  verified: 'V: id and title cited in later threads, v2 posted 19 Nov 2019; I: release v5.6 from that date',
};

export const MEMMAP_ON_MEMORY: CommitRef = {
  commit: 'a08a2ae34613',
  title: 'mm,memory_hotplug: allocate memmap from the added memory range',
  version: 'v5.12',
  verified: 'V: Fixes: tags naming it; S: seed 003 (docs/seeds.md) is its review',
};

export const MEMORY_GROUPS: CommitRef = {
  commit: '028fc57a1c36',
  title: 'drivers/base/memory: introduce "memory groups" to logically group memory blocks',
  version: 'v5.15',
  verified: 'V: a published merged-commit list',
};

export const AUTO_MOVABLE: CommitRef = {
  commit: 'e83a437faa62',
  title: 'mm/memory_hotplug: introduce "auto-movable" online policy',
  version: 'v5.15',
  verified: 'V: a published merged-commit list and Fixes: tags',
};

export const HWPOISON_AGAIN: CommitRef = {
  commit: '47af12bae17f',
  title: 'mm,hwpoison: return -EHWPOISON to denote that the page has already been poisoned',
  version: 'v5.14',
  verified: 'V: full id with title in mainline commit lists and blame of memory_failure() (Aili Yao, 2021-06-24, next to a3f5d80ea401 of the 5.14 merge window); I: the release',
};

export const HWPOISON_COUNTER: CommitRef = {
  commit: '5033091de814',
  title: 'mm/hwpoison: introduce per-memory_block hwpoison counter',
  version: 'v6.5',
  verified: 'V: Fixes: tags naming it; I: release (merged for v6.5 per the notes, drivers/base/memory.c of v6.9 has memblk_nr_poison)',
};

export const MEMMAP_FALLBACK: CommitRef = {
  commit: 'e3c2bfdd33a3',
  title: 'mm/memory_hotplug: allow memmap on memory hotplug request to fallback',
  version: 'v6.6',
  verified: 'V: a published merged-commit list, a published Fixes: list; mm/memory_hotplug.c of v6.6 has the fallback',
};

export const MEMMAP_FORCE: CommitRef = {
  commit: '2d1f649c7c08',
  title: 'mm/memory_hotplug: support memmap_on_memory when memmap is not aligned to pageblocks',
  version: 'v6.6',
  verified: 'V: a published merged-commit list, Fixes: tags ("Cc: stable # v6.6+")',
};

export const ALTMAP_IN_BLOCK: CommitRef = {
  commit: '1a8c64e11043',
  title: 'mm/memory_hotplug: embed vmem_altmap details in memory block',
  version: 'v6.6',
  verified: 'V: a published Fixes: list; mm/memory_hotplug.c of v6.6 keeps mem->altmap',
};

export const MEMMAP_PER_BLOCK: CommitRef = {
  commit: '6b8f0798b85a',
  title: 'mm/memory_hotplug: split memmap_on_memory requests across memblocks',
  version: 'v6.7',
  verified: 'V: Fixes: tag of the 2026 altmap error-path fix; I: release v6.7',
};

export const PREPARE_ONLINE: CommitRef = {
  commit: 'c5f1e2d18909',
  title: 'mm/memory_hotplug: introduce MEM_PREPARE_ONLINE/MEM_FINISH_OFFLINE notifiers',
  version: 'v6.9',
  verified: 'V: a published merged-commit list; drivers/base/memory.c of v6.9 uses both events; S: seed 004 (docs/seeds.md; its MEM_PHYS_ONLINE ancestor)',
};

export const PHYS_ONLINE_RFC: CommitRef = {
  commit: 'not merged (seed 004, docs/seeds.md, v1 of the s390 memmap_on_memory series)',
  title: 'mm/memory_hotplug: introduce MEM_PHYS_ONLINE/OFFLINE memory notifiers',
  version: 'v6.9-rc (proposal)',
  verified: 'S: seed 004 (docs/seeds.md)',
};

export const S390_SYSFS_CONFIG: CommitRef = {
  commit: '300709fbefd1',
  title: 'mm/memory_hotplug: Remove MEM_PREPARE_ONLINE/MEM_FINISH_OFFLINE notifiers',
  version: 'v6.19',
  verified: 'V: s390 pull for the 6.19 merge window lists it with ff18dcb19aab "s390/sclp: Add support for dynamic (de)configuration of memory" and ce2071e02d84 "s390/sclp: Remove MHP_OFFLINE_INACCESSIBLE"',
};

export const BASELINE: CommitRef = {
  commit: 'baseline',
  title: 'no such rule before the commit named by a later profile',
  version: 'v4.10',
  verified: 'V: the commits later profiles name for these rules are all later than v5.5',
};

export const STATES_ONLINE_OFFLINE: CommitRef = {
  commit: 'pre-5f47adf762b7 baseline',
  title: 'memhp_default_state= / auto_online_blocks take only online and offline',
  version: 'v4.10',
  verified: 'I: the parser 5f47adf762b7 replaced, per its title; not re-read in a v4.x tree',
};

export const ONLINE_PAGE_SUBSECTION: CommitRef = {
  commit: '9f9b02e5b346',
  title: 'mm: teach pfn_to_online_page() to consider subsection validity',
  version: 'v5.12',
  verified: 'V: full id 9f9b02e5b3468e665a576a86ceb72f753001710b in a published mainline commit list, next to 1f90a3477df3; the check itself read in the patch text',
};

export const ONLINE_PAGE_PGMAP: CommitRef = {
  commit: '1f90a3477df3',
  title: 'mm: teach pfn_to_online_page() about ZONE_DEVICE section collisions',
  version: 'v5.12',
  verified: 'V: full id 1f90a3477df3ff1a91e064af554cdc887c8f9e5e in the same commit list',
};

export const VMEMMAP_TO_NORMAL: CommitRef = {
  commit: 'not merged (seed 003, docs/seeds.md, review of the memmap_on_memory series)',
  title: 'vmemmap pages of a hot-added block always accounted to ZONE_NORMAL',
  version: 'v5.12-rc (proposal)',
  verified: 'S: seed 003 (docs/seeds.md; David Hildenbrand, Aug 2019)',
};

export const UNAVAILABLE_RESERVED: CommitRef = {
  commit: '4b094b7851bf',
  title: 'mm/page_alloc.c: initialize memmap of unavailable memory directly',
  version: 'v5.6',
  verified:
    'V: full id 4b094b7851bf4bf551ad456195d3f26e1c03bd74 and its date (3 Feb 2020, next to e822969cab48, which zeroes the last section\'s tail) quoted in later threads; init_unavailable_range() and memmap_init() read in mm/page_alloc.c of Debian linux-source-6.1 6.1.176; I: release v5.6 from that date',
};

export const DRIVER_MANAGED: CommitRef = {
  commit: '7b7b27214bba',
  title: 'mm/memory_hotplug: introduce add_memory_driver_managed()',
  version: 'v5.8',
  verified: 'V: drivers/dax/kmem.c and mm/memory_hotplug.c read at v5.10 (kmem_name "System RAM (kmem)", the "System RAM (" name check); I: id and release from the series date',
};

export const VIRTIO_MEM: CommitRef = {
  commit: '5f1f79bbc9e2',
  title: 'virtio-mem: Paravirtualized memory hotplug',
  version: 'v5.8',
  verified: 'V: Sub Block Mode, its MAX_ORDER sub-blocks and unplug order read in drivers/virtio/virtio_mem.c of v5.10; I: id and release not re-verified here',
};

export const VIRTIO_MEM_MOVABLE_FIRST: CommitRef = {
  commit: 'virtio-mem: prioritize unplug from ZONE_MOVABLE in Sub Block Mode (id not found here)',
  title: 'virtio-mem: prioritize unplug from ZONE_MOVABLE in Sub Block Mode',
  version: 'v5.14',
  verified: 'V: the KERNEL/MOVABLE block states and the unplug order (offline partial, offline, movable partial, kernel partial, movable, kernel) read in drivers/virtio/virtio_mem.c; I: release from the patch posted June 2021',
};

export const VIRTIO_MEM_PAGEBLOCK: CommitRef = {
  commit: 'virtio-mem: sub-blocks of pageblock size (id not found here)',
  title: 'virtio-mem: sub-block size no longer rounded up to MAX_ORDER - 1 pages',
  version: 'v6.1',
  verified: 'V: 2 MiB sub-blocks seen on Debian 6.1, 6.12 and 7.3 guests (QEMU 7.2, oracle/corpus/virtio-mem-*.scn), 4 MiB on 5.10; I: the change lies between v5.15 and v6.1',
};
