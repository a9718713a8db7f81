/**
 * Rule values of the profiles after v5.5, each explained once
 * (docs/modern-profiles.md).
 */
import type { KnownFinding, ModernRules, Rule } from '../profile.ts';
import {
  VIRTIO_MEM,
  VIRTIO_MEM_MOVABLE_FIRST,
  VIRTIO_MEM_PAGEBLOCK,
  ALTMAP_IN_BLOCK,
  AUTO_MOVABLE,
  BASELINE,
  STATES_ONLINE_OFFLINE,
  HWPOISON_AGAIN,
  DEFAULT_ONLINE_TYPE,
  DRIVER_MANAGED,
  HWPOISON_COUNTER,
  MEMMAP_FALLBACK,
  MEMMAP_FORCE,
  MEMMAP_ON_MEMORY,
  MEMMAP_PER_BLOCK,
  NO_HOLES,
  ONLINE_PAGE_PGMAP,
  ONLINE_PAGE_SUBSECTION,
  PHYS_ONLINE_RFC,
  PREPARE_ONLINE,
  S390_SYSFS_CONFIG,
  UNAVAILABLE_RESERVED,
  VMEMMAP_TO_NORMAL,
} from './modern-commits.ts';

export const MEMMAP_NONE: Rule<'none'> = {
  value: 'none',
  since: BASELINE,
  explain: 'no memmap_on_memory: the memmap of hot-added memory always comes from other memory; the flag word is ignored',
};
export const MEMMAP_5_12: Rule<'one-block'> = {
  value: 'one-block',
  since: MEMMAP_ON_MEMORY,
  explain:
    'memmap_on_memory=Y lets a one-block add host its memmap in its first pages (block pfns × sizeof(struct page) / PAGE_SIZE) when that memmap is PMD-aligned and the rest pageblock-aligned; `force` is not a value',
};
export const MEMMAP_6_6: Rule<'one-block-force'> = {
  value: 'one-block-force',
  since: MEMMAP_FORCE,
  explain:
    'as one-block, plus memmap_on_memory=force, which rounds the memmap up to whole pageblocks (the rest of the last one is wasted); the block remembers its altmap',
};
export const MEMMAP_6_7: Rule<'per-block'> = {
  value: 'per-block',
  since: MEMMAP_PER_BLOCK,
  explain: 'a multi-block add gets one altmap per memory block, each block hosting its own memmap at its start',
};

export const FALLBACK_NONE: Rule<'none'> = { value: 'none', since: BASELINE, explain: 'no memmap_on_memory to fall back from' };
export const FALLBACK_CALLER: Rule<'caller-checks'> = {
  value: 'caller-checks',
  since: MEMMAP_ON_MEMORY,
  explain:
    'the only caller (ACPI memhotplug) asks mhp_supports_memmap_on_memory(size) first and adds without the flag when it answers no, so an unsupported request is an ordinary add',
};
export const FALLBACK_CORE: Rule<'core-falls-back'> = {
  value: 'core-falls-back',
  since: MEMMAP_FALLBACK,
  explain: 'add_memory_resource() itself ignores the flag when the request is unsupported and adds with an ordinary memmap',
};

export const REMOVE_NONE: Rule<'none'> = { value: 'none', since: BASELINE, explain: 'no self-hosted memmaps to remove' };
export const REMOVE_ONE_BLOCK: Rule<'one-block'> = {
  value: 'one-block',
  since: MEMMAP_ON_MEMORY,
  explain: 'remove_memory() of a range holding a block with a self-hosted memmap must be exactly one memory block, else -EINVAL',
};
export const REMOVE_ANY: Rule<'any'> = {
  value: 'any',
  since: MEMMAP_PER_BLOCK,
  explain: 'every block frees its own altmap, so any block-aligned remove_memory() range may hold self-hosted memmaps',
};

export const POISON_ALLOWED: Rule<'allowed'> = {
  value: 'allowed',
  since: BASELINE,
  explain: 'online does not look at hwpoisoned pages (they stay isolated from the buddy)',
};
export const POISON_EHWPOISON: Rule<'ehwpoison'> = {
  value: 'ehwpoison',
  since: HWPOISON_COUNTER,
  explain: 'memory_block_online() answers -EHWPOISON for a block whose hwpoison counter is not zero',
};

export const POISON_AGAIN_OK: Rule<'ok'> = {
  value: 'ok',
  since: BASELINE,
  explain: 'memory_failure() of a page already hwpoisoned answers 0 ("already hardware poisoned" in the log): the write succeeds and nothing changes',
};
export const POISON_AGAIN_EHWPOISON: Rule<'ehwpoison'> = {
  value: 'ehwpoison',
  since: HWPOISON_AGAIN,
  explain: 'memory_failure() of a page already hwpoisoned answers -EHWPOISON, and so does the write to hard_offline_page',
};

export const POLICY_CONTIG: Rule<'contig-zones-only'> = {
  value: 'contig-zones-only',
  since: BASELINE,
  explain: '`online` keeps zones contiguous (default_zone_for_pfn); there is no online_policy parameter',
};
export const POLICY_AUTO_MOVABLE: Rule<'policies'> = {
  value: 'policies',
  since: AUTO_MOVABLE,
  explain:
    'memory_hotplug.online_policy=contig-zones (default, as before) or auto-movable with auto_movable_ratio and auto_movable_numa_aware; every add_memory is one static memory group (a DIMM) unless it names a dynamic group (group=dynamic:<unit>, virtio-mem), whose kernel pages allow more MOVABLE within it',
};

export const STATES_ONLINE_ONLY: Rule<'offline online'> = {
  value: 'offline online',
  since: STATES_ONLINE_OFFLINE,
  explain: 'memhp_default_state= and auto_online_blocks take offline and online; with another word hot-added blocks stay offline',
};
export const STATES_5_7: Rule<'offline online online_kernel online_movable'> = {
  value: 'offline online online_kernel online_movable',
  since: DEFAULT_ONLINE_TYPE,
  explain: 'memhp_default_state= and auto_online_blocks take any online type; the model implements offline and online (config auto_online_blocks)',
};

export const S390_NONE: Rule<'none'> = {
  value: 'none',
  since: BASELINE,
  explain: 'no memory notifier event around the memmap of standby memory; no MHP_OFFLINE_INACCESSIBLE (the flag word is ignored)',
};
export const S390_RFC: Rule<'phys-online-rfc'> = {
  value: 'phys-online-rfc',
  since: PHYS_ONLINE_RFC,
  explain:
    "seed 004's proposal: an add of standby memory (MHP_OFFLINE_INACCESSIBLE) that hosts its memmap leaves out __add_pages(); online sends MEM_PHYS_ONLINE, which makes it accessible and adds its sections with the altmap, before the memmap is initialised; offline ends with MEM_PHYS_OFFLINE, which removes them and makes it inaccessible (after a failed online too [I]); no MEM_PREPARE_ONLINE",
};
export const S390_PREPARE: Rule<'prepare-online'> = {
  value: 'prepare-online',
  since: PREPARE_ONLINE,
  explain:
    'MEM_PREPARE_ONLINE (can be vetoed) before the memmap of a block is initialised, MEM_FINISH_OFFLINE after offline and after a failed online; an add with MHP_OFFLINE_INACCESSIBLE (s390 standby memory) keeps its altmap inaccessible outside that window',
};
export const S390_SYSFS: Rule<'sysfs-config'> = {
  value: 'sysfs-config',
  since: S390_SYSFS_CONFIG,
  explain:
    'MEM_PREPARE_ONLINE / MEM_FINISH_OFFLINE and MHP_OFFLINE_INACCESSIBLE are gone: s390 (de)configures standby memory through its own sysfs interface and adds it like other architectures',
};

export const HOLES_EINVAL: Rule<'einval'> = {
  value: 'einval',
  since: NO_HOLES,
  explain: 'offline_pages() answers -EINVAL for a block whose System RAM does not cover it whole (a boot block with a hole), before looking at zones',
};

export const ONLINE_PAGE_SECTION: Rule<'online-section'> = {
  value: 'online-section',
  since: BASELINE,
  explain: 'pfn_to_online_page() answers a page for every pfn of an online section, holes and ZONE_DEVICE sub-sections included',
};
export const ONLINE_PAGE_5_12: Rule<'subsection-and-pgmap'> = {
  value: 'subsection-and-pgmap',
  since: ONLINE_PAGE_SUBSECTION,
  explain: `pfn_to_online_page() also needs the pfn's sub-section to be valid (${ONLINE_PAGE_SUBSECTION.commit}: holes of an early section are not online) and, in a section tainted by ZONE_DEVICE, no pagemap owning the pfn (${ONLINE_PAGE_PGMAP.commit}); the span-shrinking walkers see the same answers`,
};

export const VMEMMAP_ZONE_BLOCK: Rule<'block'> = {
  value: 'block',
  since: MEMMAP_ON_MEMORY,
  explain: "a self-hosted memmap's pages join the zone the whole block is onlined to (ZONE_MOVABLE too), counted in present, never in managed",
};
export const VMEMMAP_ZONE_NORMAL: Rule<'normal'> = {
  value: 'normal',
  since: VMEMMAP_TO_NORMAL,
  explain:
    "seed 003's suggestion: a self-hosted memmap's pages always join ZONE_NORMAL of the block's node (its span and present), the rest of the block the zone of the online type; a proposal, no release",
};

/**
 * Rule values that no release carries but a patch profile may choose: proposals
 * from the seeds' reviews, keyed by rule path (model/profiles/catalogue.ts).
 */
export const PROPOSED_RULES: ReadonlyArray<readonly [string, Rule<unknown>]> = [['modern.vmemmapZone', VMEMMAP_ZONE_NORMAL]];

export const UNAVAILABLE_PAGE_ZEROED: Rule<'zeroed'> = {
  value: 'zeroed',
  since: BASELINE,
  explain:
    "boot leaves the struct pages of an early section's pfns past the last RAM pfn as zeroed memory, in no zone: has_unmovable_pages() of a block holding them does not see them, only the holes inside a zone's span",
};

export const UNAVAILABLE_PAGE_RESERVED: Rule<'reserved'> = {
  value: 'reserved',
  since: UNAVAILABLE_RESERVED,
  explain:
    "boot initialises the struct page of every pfn of an early section that memblock.memory does not cover, to the end of the node's last section, and marks it PageReserved (init_unavailable_range(); in the node's highest zone from 0740a50b9baa, v5.12): a hole past the last RAM pfn is unmovable to has_unmovable_pages() like a hole inside a zone's span",
};

export const DRIVER_MANAGED_ADD_MEMORY: Rule<'add-memory'> = {
  value: 'add-memory',
  since: BASELINE,
  explain: 'no add_memory_driver_managed(): a driver (kmem, v5.1) calls add_memory() inside the device range it requested, so its memory is a plain "System RAM" resource there; the step is that add_memory()',
};

export const DRIVER_MANAGED_KMEM: Rule<'system-ram-kmem'> = {
  value: 'system-ram-kmem',
  since: DRIVER_MANAGED,
  explain:
    'add_memory_driver_managed() registers the range as "System RAM (kmem)" (IORESOURCE_SYSRAM_DRIVER_MANAGED, no firmware memmap entry) inside the device range the driver requested; a PMEM range that holds it whole is its parent, any other overlap is -EEXIST; blocks, zones and the static memory group (v5.15) are as add_memory\'s',
};

export const VIRTIO_MEM_SB_NONE: Rule<'none'> = { value: 'none', since: BASELINE, explain: 'no virtio-mem driver (v5.8): config virtio_mem is refused' };
export const VIRTIO_MEM_SB_MAX_ORDER: Rule<'max-order'> = {
  value: 'max-order',
  since: VIRTIO_MEM,
  explain: 'virtio-mem sub-blocks are max(device block, MAX_ORDER_NR_PAGES, pageblock): 4 MiB on x86_64; a request not a whole number of them is rounded down',
};
export const VIRTIO_MEM_SB_PAGEBLOCK: Rule<'pageblock'> = {
  value: 'pageblock',
  since: VIRTIO_MEM_PAGEBLOCK,
  explain: 'virtio-mem sub-blocks are max(device block, pageblock): 2 MiB on x86_64',
};
export const VIRTIO_MEM_UNPLUG_NONE: Rule<'none'> = { value: 'none', since: BASELINE, explain: 'no virtio-mem driver' };
export const VIRTIO_MEM_UNPLUG_ONLINE: Rule<'offline-then-online'> = {
  value: 'offline-then-online',
  since: VIRTIO_MEM,
  explain: 'virtio-mem unplugs from offline blocks (partly plugged first), then online ones (partly plugged first), highest block and sub-block first',
};
export const VIRTIO_MEM_UNPLUG_MOVABLE: Rule<'offline-then-movable'> = {
  value: 'offline-then-movable',
  since: VIRTIO_MEM_MOVABLE_FIRST,
  explain: 'virtio-mem unplugs from offline blocks, then partly plugged Movable, partly plugged kernel-zone, Movable, kernel-zone blocks, highest first; it plugs partly plugged kernel-zone, then Movable, then offline blocks first',
};

/** The modern rules before any of their changes: the values of the oldest profile. */
export const MODERN_BEFORE: ModernRules = {
  memmapOnMemory: MEMMAP_NONE,
  memmapFallback: FALLBACK_NONE,
  memmapRemove: REMOVE_NONE,
  hwpoisonOnline: POISON_ALLOWED,
  hwpoisonAgain: POISON_AGAIN_OK,
  onlinePolicy: POLICY_CONTIG,
  driverManaged: DRIVER_MANAGED_ADD_MEMORY,
  defaultOnlineStates: STATES_ONLINE_ONLY,
  s390Online: S390_NONE,
  onlinePage: ONLINE_PAGE_SECTION,
  vmemmapZone: VMEMMAP_ZONE_BLOCK,
  unavailableMemmap: UNAVAILABLE_PAGE_ZEROED,
  virtioMemSubBlock: VIRTIO_MEM_SB_NONE,
  virtioMemUnplug: VIRTIO_MEM_UNPLUG_NONE,
};

/**
 * What v5.12's pfn_to_online_page() still lets through: a sub-section that
 * the bare `add_pages` step activated in the hole of an online early section
 * is valid, so its memmap is read although nothing initialised it.
 */
export const BARE_SUBSECTION_READS: KnownFinding = {
  invariant: 'no-uninit-memmap-read',
  bugs: [],
  explain:
    'HARNESS, not a kernel finding: the bare add_pages step (__add_pages() alone) can leave a valid sub-section with an uninitialised memmap inside an online early section, and zone shrinking reads it; in the kernel every caller of __add_pages() initialises that memmap in the same operation (memremap_pages) or adds whole offline blocks (add_memory)',
  when: 'bare-subsection-in-online-section',
};

/** ALTMAP_IN_BLOCK is where v6.6 moved the altmap; named so that docs and --explain can cite it. */
export const ALTMAP_IN_BLOCK_COMMIT = ALTMAP_IN_BLOCK;
