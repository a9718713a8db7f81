/**
 * Rule values with their provenance, shared by the profiles that carry them,
 * so each rule is explained once.
 */
import type { KnownFinding, Rule } from '../profile.ts';
import {
  ADDRESSABLE_CHECK,
  BLOCKS_AFTER_ARCH_ADD,
  BLOCKS_IN_ADD_SECTION,
  MEMORY_FAILURE_ONLINE_PAGE,
  MEMORY_FAILURE_PFN_VALID,
  ALLOW_ONLINE,
  NO_ZONE_RESTRICTIONS,
  ZONE_CAN_SHIFT,
  ZONE_FOR_MEMORY,
  DEFERRED_ZONE,
  FAILED_ONLINE_KEEPS,
  FAILED_ONLINE_RESTORES,
  HOLES_NOT_READ,
  HOLES_UNMOVABLE,
  OFFLINE_NODE_BLOCKS,
  OFFLINE_NODE_SCAN,
  SHRINK_AT_OFFLINE,
  SHRINK_AT_REMOVE,
  SHRINK_WALKER_ONLINE,
  SHRINK_WALKER_PFN_VALID,
  PFN_LOOP,
  REMOVE_MAY_FAIL,
  REMOVE_NEVER_FAILS,
  SECTION_HOTPLUG,
  SECTION_LOOP,
  SUBSECTION_HOTPLUG,
  USAGE_FREED_AFTER_INVALID,
  USAGE_FREED_AFTER_INVALID_STABLE,
  USAGE_FREED_FIRST,
} from './commits.ts';

export const SECTION_ADD: Rule<'section'> = {
  value: 'section',
  since: SECTION_HOTPLUG,
  explain:
    '__add_pages adds every section its range touches, whole; a section that is already valid answers -EEXIST, which __add_pages treats as success',
};

export const SUBSECTION_ADD: Rule<'subsection'> = {
  value: 'subsection',
  since: SUBSECTION_HOTPLUG,
  explain:
    'ranges are 2 MiB sub-sections (VMEMMAP) or sections; an add overlapping an active sub-section is -EEXIST and changes nothing; removing a range that is not fully active WARNs and changes nothing',
};

export const SECTIONS_LOOP: Rule<'sections'> = {
  value: 'sections',
  since: SECTION_LOOP,
  explain: '__add_pages visits sections from pfn_to_section_nr(pfn) to pfn_to_section_nr(pfn + nr - 1)',
};

export const PFNS_LOOP: Rule<'pfns'> = {
  value: 'pfns',
  since: PFN_LOOP,
  explain: '__add_pages visits section-sized chunks while pfn < pfn + nr (an empty range does nothing)',
};

export const ADDRESSABLE_CHECK_NONE: Rule<'none'> = {
  value: 'none',
  since: SECTION_HOTPLUG,
  explain: 'no bounds check: a range beyond MAX_PHYSMEM_BITS indexes past mem_section[] (BUG)',
};

export const ADDRESSABLE_CHECK_E2BIG: Rule<'e2big'> = {
  value: 'e2big',
  since: ADDRESSABLE_CHECK,
  explain: '__add_pages answers -E2BIG when the last byte of the range (start + size - 1, wrapping) is at or beyond 2^MAX_PHYSMEM_BITS',
};

export const REMOVE_EINVAL: Rule<'einval-break'> = {
  value: 'einval-break',
  since: REMOVE_MAY_FAIL,
  explain: '__remove_pages stops at the first section that is not valid and answers -EINVAL',
};

export const REMOVE_WARN: Rule<'warn-skip'> = {
  value: 'warn-skip',
  since: REMOVE_NEVER_FAILS,
  explain: '__remove_pages WARNs on each section that is not valid and goes on with the rest',
};

export const ZONE_AT_ONLINE: Rule<'none'> = {
  value: 'none',
  since: DEFERRED_ZONE,
  explain: 'hot-add ties no zone to the new pages; online picks the zone (see onlineZone)',
};

export const ZONE_FOR_PFN_RANGE: Rule<'zone-for-pfn-range'> = {
  value: 'zone-for-pfn-range',
  since: NO_ZONE_RESTRICTIONS,
  explain: 'online picks the zone with zone_for_pfn_range(): online_kernel the default kernel zone, online_movable Movable, online the zone the range already lies in; every type is allowed',
};

export const BLOCKS_PER_SECTION: Rule<'in-add-section'> = {
  value: 'in-add-section',
  since: BLOCKS_IN_ADD_SECTION,
  explain: '__add_section() registers each section with its memory block device; a failing registration leaves the sections added before it (fault point memory_block not modelled)',
};

export const BLOCKS_AFTER_ADD: Rule<'after-arch-add'> = {
  value: 'after-arch-add',
  since: BLOCKS_AFTER_ARCH_ADD,
  explain:
    'add_memory_resource() creates the memory block devices after arch_add_memory(); when one fails, the blocks created so far are removed and arch_remove_memory() takes the memory back with its altmap, so the add changes nothing and answers the errno',
};

export const MEMORY_FAILURE_ANY_VALID: Rule<'pfn_valid'> = {
  value: 'pfn_valid',
  since: MEMORY_FAILURE_PFN_VALID,
  explain:
    'memory_failure() of a pfn_valid() pfn outside an online section reads its struct page: a never-onlined (poisoned) one reads as already hwpoisoned (ok, nothing set), an initialised offline one is poisoned (B-10)',
};

export const MEMORY_FAILURE_ONLINE: Rule<'online-page'> = {
  value: 'online-page',
  since: MEMORY_FAILURE_ONLINE_PAGE,
  explain: 'memory_failure() of a pfn pfn_to_online_page() does not answer for is "memory outside kernel control", -ENXIO, without touching its struct page',
};

export const HOLES_ALLOWED: Rule<'allowed'> = {
  value: 'allowed',
  since: HOLES_NOT_READ,
  explain:
    "offline of a boot block with a hole goes on as for any block: isolation trusts the MIGRATE_MOVABLE pageblock without reading the hole's struct page, and the System RAM walks skip the hole",
};

export const HOLES_EBUSY: Rule<'ebusy'> = {
  value: 'ebusy',
  since: HOLES_UNMOVABLE,
  explain:
    "offline of a block with a hole page in an online section whose struct page memmap_init_zone() initialised (a hole inside a zone's boot span, any hole once the block was onlined again, or ZONE_DEVICE pages memremap_pages() put in a hole) answers -EBUSY at isolation: has_unmovable_pages() finds a referenced page no one frees; holes past a zone's boot span (never initialised) and missing sections are skipped",
};

export const SHRINK_ON_REMOVE: Rule<'remove'> = {
  value: 'remove',
  since: SHRINK_AT_REMOVE,
  explain: 'offline keeps the zone span; remove_memory shrinks zone and node spans per section, reading the zone of the first pfn',
};
export const SHRINK_ON_OFFLINE: Rule<'offline'> = {
  value: 'offline',
  since: SHRINK_AT_OFFLINE,
  explain: 'offline poisons the memmap and shrinks the zone (sub-section steps over online pfns) and node spans; remove touches no zone',
};

export const FAILED_ONLINE_KEEP_SPAN: Rule<'keep-span'> = {
  value: 'keep-span',
  since: FAILED_ONLINE_KEEPS,
  explain: 'a vetoed online keeps the grown span and the initialised memmap',
};
export const FAILED_ONLINE_RESTORE: Rule<'restore'> = {
  value: 'restore',
  since: FAILED_ONLINE_RESTORES,
  explain: 'a vetoed online takes the range out of the zone again',
};

export const OFFLINE_NODE_BY_SCAN: Rule<'scan'> = {
  value: 'scan',
  since: OFFLINE_NODE_SCAN,
  explain: 'try_offline_node() reads the nid of every present section in the node span',
};
export const OFFLINE_NODE_BY_BLOCKS: Rule<'blocks'> = {
  value: 'blocks',
  since: OFFLINE_NODE_BLOCKS,
  explain: 'try_offline_node() offlines a node that spans nothing and owns no memory block',
};

export const SHRINK_WALKS_VALID: Rule<'pfn_valid'> = {
  value: 'pfn_valid',
  since: SHRINK_WALKER_PFN_VALID,
  explain: 'the span-shrinking walkers read the struct page of every pfn_valid() pfn, offline (poisoned) ones included (B-7)',
};
export const SHRINK_WALKS_ONLINE: Rule<'online'> = {
  value: 'online',
  since: SHRINK_WALKER_ONLINE,
  explain: 'the span-shrinking walkers read only pages pfn_to_online_page() answers for',
};

/** Before v5.5 hot-remove reads the memmap of memory that was never onlined. */
export const UNINIT_READS_BEFORE_5_5: KnownFinding = {
  invariant: 'no-uninit-memmap-read',
  bugs: ['B-5', 'B-7', 'B-9', 'B-10', 'B-29'],
  explain: 'remove_memory and try_offline_node read the zone and nid of never-onlined (uninitialised) memmaps, and memory_failure() their flags',
};

/** Before v5.12 pfn_to_online_page() answers for every pfn of an online section. */
export const UNINIT_READS_BEFORE_5_12: KnownFinding = {
  invariant: 'no-uninit-memmap-read',
  bugs: ['B-17', 'B-18'],
  explain:
    'zone shrinking walks pfn_to_online_page(), which before v5.12 also answers for bare or device sub-sections in the hole of an online early section, and reads their uninitialised memmap',
  when: 'bare-subsection-in-online-section',
};

/** Before v5.5 try_offline_node() decides by scanning the node span's sections (B-9). */
export const NODE_OFFLINE_BY_SCAN_BEFORE_5_5: KnownFinding = {
  invariant: 'node-online-while-used',
  bugs: ['B-9'],
  explain:
    'try_offline_node() before 2c91f8fc6c99 offlines a node whose span holds no present section of its own, although a memory block (never onlined, so spanning nothing) still belongs to it',
};

export const ZONE_AT_ADD: Rule<'zone-for-memory'> = {
  value: 'zone-for-memory',
  since: ZONE_FOR_MEMORY,
  explain:
    'hot-add puts the range in Movable when the node\'s Movable zone is not empty and starts at or below it, else in Normal (ZONE_DEVICE for memremap_pages); zone and node spans grow and the memmap is initialised at once',
};

export const ONLINE_SHIFT: Rule<'shift'> = {
  value: 'shift',
  since: ZONE_CAN_SHIFT,
  explain:
    'online keeps the zone of hot-add; online_kernel / online_movable move the block to Normal / Movable only when it is the last block of a lower zone or the first of a higher one with no initialised zone between (zone_can_shift()), else -EINVAL; valid_zones lists the current zone, then the online_kernel and online_movable targets',
};

export const ONLINE_ALLOW: Rule<'allow-online-pfn-range'> = {
  value: 'allow-online-pfn-range',
  since: ALLOW_ONLINE,
  explain:
    'online_kernel is allowed when Movable is empty or starts at or above the block\'s end, online_movable when the default kernel zone ends at or below the block\'s start, else -EINVAL and nothing changes; online picks the kernel zone when allowed, else Movable; valid_zones lists the allowed kernel zone, then Movable',
};

/**
 * v4.10 initialises the memmap at hot-add, so B-5/B-7/B-29 cannot happen; only
 * the bare `add_pages` test step leaves sections without a zone (the kernel's
 * __add_pages() of that time always had one), and hot-remove's valid-section
 * scan then reads their memmap.
 */
export const UNZONED_BARE_SECTIONS: KnownFinding = {
  invariant: 'no-uninit-memmap-read',
  bugs: [],
  explain:
    'sections added by the bare add_pages step have no zone (v4.10 __add_pages always took one); the valid-section scan of hot-remove shrinking reads their memmap',
};

/**
 * v4.10-v4.12 online_pages() takes the zone of the block's first page. On a
 * boot block whose first pages are a hole below the zone of its RAM (say RAM
 * only from 16 MiB, DMA32, in block 0), that page is in no zone span and its
 * zeroed struct page says DMA, so a re-online accounts the RAM to DMA: present
 * without span, and the block "moves" zones without a shift. The same layout
 * made show_valid_zones() oops (B-2, a96dfddbcc04); online_pages() kept the
 * first-page read until f1dd2cd13c4b [I: read from the v4.10 code, not run].
 */
const FIRST_PAGE_ZONE_EXPLAIN =
  'online_pages() takes the zone of the block\'s first page: a boot block starting in a hole below its RAM\'s zone is onlined into the hole\'s zone (DMA)';
export const FIRST_PAGE_ZONE_BEFORE_4_13: readonly KnownFinding[] = ['span-ordering', 'present-counts-online', 'valid-zones-agree', 'shift-at-edge'].map(
  (invariant) => ({ invariant, bugs: ['B-2'], explain: FIRST_PAGE_ZONE_EXPLAIN }),
);

/** Section-granular hotplug: sparse_remove_one_section() resets section_mem_map, then frees the usemap. */
export const USAGE_FREE_SECTION: Rule<'invalidate-then-free'> = {
  value: 'invalidate-then-free',
  since: SECTION_HOTPLUG,
  explain: 'removing a section resets section_mem_map (valid_section() false) before its usemap is freed',
};

/** v5.3 to v6.7: the usage goes first (B-31). */
export const USAGE_FREE_FIRST: Rule<'free-then-invalidate'> = {
  value: 'free-then-invalidate',
  since: USAGE_FREED_FIRST,
  explain: 'section_deactivate() of an emptied section frees ms->usage, then clears SECTION_HAS_MEM_MAP: in between the section still reads valid over a freed usage (B-31)',
};

/** 5ec8e8ea8b77 (v6.8): the flag goes first, the usage after an RCU grace period. */
export const USAGE_FREE_AFTER_INVALID: Rule<'invalidate-then-free'> = {
  value: 'invalidate-then-free',
  since: USAGE_FREED_AFTER_INVALID,
  explain: 'section_deactivate() clears SECTION_HAS_MEM_MAP before it frees ms->usage (kfree_rcu), so no moment reads a valid section over a freed usage',
};

/** The same fix as Debian's 5.10 and 6.1 kernels carry it from stable. */
export const USAGE_FREE_AFTER_INVALID_STABLE: Rule<'invalidate-then-free'> = {
  ...USAGE_FREE_AFTER_INVALID,
  since: USAGE_FREED_AFTER_INVALID_STABLE,
};

/** v5.3 to v6.7 free a section's usage while it still reads valid (B-31). */
export const USAGE_RACE_BEFORE_6_8: KnownFinding = {
  invariant: 'usage-outlives-valid',
  bugs: ['B-31'],
  explain:
    'section_deactivate() frees ms->usage before it clears SECTION_HAS_MEM_MAP; a pfn_valid() at that moment dereferences a freed usage (fixed by 5ec8e8ea8b77, v6.8)',
};
