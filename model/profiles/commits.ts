/**
 * Kernel commits that introduced a rule, shared by the profiles that carry it.
 * `verified` names what was read; [I] marks ids not re-verified in source.
 */
import type { CommitRef } from '../profile.ts';

export const SECTION_HOTPLUG: CommitRef = {
  commit: 'pre-v5.3 baseline',
  title: 'section-granular sparse_add_one_section(); __add_pages() treats -EEXIST as success',
  version: 'v4.19',
  verified: 'V: the hunks removed by ba72b4c8cf60 (seed 002, docs/seeds.md) show both behaviours',
};

export const SUBSECTION_HOTPLUG: CommitRef = {
  commit: 'ba72b4c8cf60',
  title: 'mm/sparsemem: support sub-section hotplug',
  version: 'v5.3',
  verified: 'V: seed 002 (docs/seeds.md) is the commit itself',
};

export const SECTION_LOOP: CommitRef = {
  commit: 'pre-v5.5 baseline',
  title: '__add_pages() walks start_sec..end_sec',
  version: 'v4.19',
  verified: 'V: loop header visible in the v5.4-era patch context of check_hotplug_memory_addressable',
};

export const PFN_LOOP: CommitRef = {
  commit: 'unresolved (between v5.4 and v5.10)',
  title: '__add_pages() walks pfn < end_pfn in section-sized chunks',
  version: 'v5.5',
  verified: 'I: the loop is seen in a v5.10-era mm/memory_hotplug.c; the release that changed it is not verified',
};

export const ADDRESSABLE_CHECK: CommitRef = {
  commit: 'unresolved (Alastair D\'Silva, "mm/memory_hotplug: add a bounds check to __add_pages()")',
  title: 'check_hotplug_memory_addressable(): -E2BIG beyond MAX_PHYSMEM_BITS',
  version: 'v5.5',
  verified: 'V: patch text (Oct 2019, reviewed for the v5.5 cycle) and the function in a v5.10-era file; I: merge release',
};

export const REMOVE_NEVER_FAILS: CommitRef = {
  commit: 'unresolved (David Hildenbrand, "mm/memory_hotplug: make __remove_pages() and arch_remove_memory() never fail")',
  title: '__remove_section() WARNs on an invalid section and continues',
  version: 'v5.2',
  verified: 'V: WARN_ON_ONCE(!valid_section(ms)) in a v5.10-era file; I: commit id and release',
};

export const REMOVE_MAY_FAIL: CommitRef = {
  commit: 'pre-v5.2 baseline',
  title: '__remove_section() returns -EINVAL for an invalid section and __remove_pages() stops',
  version: 'v4.19',
  verified: 'I: from the v4.x __remove_pages() shape; not re-read in a v4.19 tree',
};

export const DEFERRED_ZONE: CommitRef = {
  commit: 'f1dd2cd13c4b',
  title: 'mm, memory_hotplug: do not associate hotadded memory to zones until online',
  version: 'v4.13',
  verified: 'V: seed 000 (docs/seeds.md) is the review thread of this patch; id from Fixes: tags; "Cc: stable # v4.13+" on its fixes (docs/historical-profiles.md §0)',
};

export const SHRINK_AT_REMOVE: CommitRef = {
  commit: 'pre-v5.5 baseline',
  title: '__remove_pages() shrinks the zone and node spans per section at hot-remove',
  version: 'v4.19',
  verified: 'V: seed 001 (docs/seeds.md) describes the layout; mm/memory_hotplug.c, v4.18',
};

export const SHRINK_WALKER_PFN_VALID: CommitRef = {
  commit: 'pre-v5.4 baseline',
  title: 'find_smallest/biggest_section_pfn() and shrink_zone_span() test pfn_valid() before reading a struct page',
  version: 'v4.10',
  verified: 'V: torvalds/linux mm/memory_hotplug.c @68ada0a3 (v4.10 era); the removed lines of the shrink_zone_span() fix as posted to stable (akpm, 2019-11-22)',
};

export const SHRINK_WALKER_ONLINE: CommitRef = {
  commit: '7ce700bf11b5',
  title: "mm/memory_hotplug: don't access uninitialized memmaps in shrink_zone_span()",
  version: 'v5.4',
  verified: 'V: title and diff in the akpm stable posting; I: the commit id and the release',
};

export const SHRINK_AT_OFFLINE: CommitRef = {
  commit: 'feee6b298916',
  title: 'mm/memory_hotplug: shrink zones when offlining memory',
  version: 'v5.5',
  verified: 'V: id and title in published stable-queue text; S: seed 001 (docs/seeds.md)',
};

export const FAILED_ONLINE_KEEPS: CommitRef = {
  commit: 'pre-v5.5 baseline',
  title: 'a vetoed online leaves the span grown by move_pfn_range_to_zone()',
  version: 'v4.19',
  verified: 'I: failed_addition path of online_pages() before remove_pfn_range_from_zone() existed',
};

export const FAILED_ONLINE_RESTORES: CommitRef = {
  commit: 'feee6b298916',
  title: 'online_pages() failure calls remove_pfn_range_from_zone()',
  version: 'v5.5',
  verified: 'V: failed_addition path in a v5.10-era mm/memory_hotplug.c; I: that it arrived with feee6b298916',
};

export const OFFLINE_NODE_SCAN: CommitRef = {
  commit: 'pre-v5.5 baseline',
  title: 'try_offline_node() walks the node span and reads pfn_to_nid() of present sections',
  version: 'v4.19',
  verified: 'V: described in the 2c91f8fc6c99 commit text',
};

export const OFFLINE_NODE_BLOCKS: CommitRef = {
  commit: '2c91f8fc6c99',
  title: 'mm/memory_hotplug: fix try_offline_node()',
  version: 'v5.5',
  verified: 'V: full commit text read',
};

export const ZONE_FOR_MEMORY: CommitRef = {
  commit: 'pre-f1dd2cd13c4b baseline',
  title: 'arch_add_memory() takes the zone from zone_for_memory(); __add_zone() grows zone and node spans and initialises the memmap',
  version: 'v4.10 (the form in kernels v4.10 to v4.12)',
  verified: 'V: torvalds/linux mm/memory_hotplug.c @68ada0a3 (zone_for_memory, __add_zone); the minus lines of f1dd2cd13c4b (PATCH 11/14 v3, 2017-05-15)',
};

export const ZONE_CAN_SHIFT: CommitRef = {
  commit: 'df429ac03936+',
  title:
    'zone shifting at online: zone_can_shift(), move_pfn_range_left/right(); bool form from "memory_hotplug: zone_can_shift() returns boolean value" (Fixes: df429ac03936)',
  version: 'v4.10 (bool form; the int form of v4.9 is bug B-1)',
  verified: 'V: the zone_can_shift() bool patch (linux-mm 2016-12-12, Fixes df429ac03936) and the minus lines of f1dd2cd13c4b; I: the release of the bool fix',
};

export const ALLOW_ONLINE: CommitRef = {
  commit: 'f1dd2cd13c4b',
  title: 'mm, memory_hotplug: do not associate hotadded memory to zones until online (allow_online_pfn_range())',
  version: 'v4.13',
  verified: 'V: allow_online_pfn_range(), default_zone_for_pfn(), move_pfn_range() read in a mid-2017 mm/memory_hotplug.c; "Cc: stable # v4.13+" on later Fixes: f1dd2cd13c4b; S: seed 000 (docs/seeds.md)',
};

export const NO_ZONE_RESTRICTIONS: CommitRef = {
  commit: 'c6f03e2903c9',
  title: 'mm, memory_hotplug: remove zone restrictions (zone_for_pfn_range(); valid_zones in the preferred order)',
  version: 'v4.14',
  verified: 'V: id and title quoted in later commit texts; patch posted 2017-07-14 with "display allowed zones in the preferred ordering"; I: released in v4.14 (posted after the v4.13 merge window had opened)',
};


export const USAGE_FREED_FIRST: CommitRef = {
  commit: 'f46edbd1b151',
  title: 'mm/sparsemem: add helpers track active portions of a section at boot',
  version: 'v5.3',
  verified: 'V: named in the Fixes: line of 5ec8e8ea8b77 with this title (stable-queue copies)',
};

export const USAGE_FREED_AFTER_INVALID: CommitRef = {
  commit: '5ec8e8ea8b77',
  title: 'mm/sparsemem: fix race in accessing memory_section->usage',
  version: 'v6.8',
  verified:
    'V: "commit 5ec8e8ea8b7783fab150cf86404fc38cb4db8800 upstream" in the 6.7-stable review (Jan 2024) and "[ Upstream commit … ]" in the 5.10-stable review; its diff moves the SECTION_HAS_MEM_MAP clear before kfree_rcu(ms->usage); I: first mainline release v6.8 (merged for v6.8-rc1)',
};

export const USAGE_FREED_AFTER_INVALID_STABLE: CommitRef = {
  ...USAGE_FREED_AFTER_INVALID,
  version: 'stable 5.10.y, 6.1.y, 6.7.y (2024)',
  verified:
    'V: the 5.10-stable and 6.7-stable reviews carry 5ec8e8ea8b77 (Cc: stable); I: 6.1.y by the same Cc: stable, not read',
};

export const BLOCKS_IN_ADD_SECTION: CommitRef = {
  commit: 'pre-db051a0dac13 baseline',
  title: '__add_section() registers the memory block device of each section it adds (hotplug_memory_register()); a failure leaves the sections added so far',
  version: 'v4.19',
  verified: 'V: named as the code db051a0dac13 replaces in its series cover letters',
};

export const BLOCKS_AFTER_ARCH_ADD: CommitRef = {
  commit: 'db051a0dac13',
  title: 'mm/memory_hotplug: create memory block devices after arch_add_memory()',
  version: 'v5.3 [I]',
  verified: 'V: id and title together in a published commit list; I: the release (the series was staged before the sub-section series of v5.3)',
};

export const MEMORY_FAILURE_PFN_VALID: CommitRef = {
  commit: 'pre-96c804a6ae8c baseline',
  title: 'memory_failure() takes any pfn_valid() pfn and reads its struct page, initialised or not',
  version: 'v4.19',
  verified: 'V: the behaviour 96c804a6ae8c replaces, per its text',
};

export const MEMORY_FAILURE_ONLINE_PAGE: CommitRef = {
  commit: '96c804a6ae8c',
  title: "mm/memory-failure.c: don't access uninitialized memmaps in memory_failure()",
  version: 'v5.4 (stable 4.19, 5.3)',
  verified: 'V: full id with title in a quoted commit header; 4.19- and 5.3-stable reviews',
};

export const HOLES_NOT_READ: CommitRef = {
  commit: 'pre-d7b236e10ced baseline',
  title: 'has_unmovable_pages() answers false for ZONE_MOVABLE and for a MIGRATE_MOVABLE pageblock without reading its pages',
  version: 'v4.10',
  verified: 'V: has_unmovable_pages(), mm/page_alloc.c, v4.11, v4.13.19 and v4.14.177; the System RAM walks of __offline_pages(), mm/memory_hotplug.c, v4.11',
};

export const HOLES_UNMOVABLE: CommitRef = {
  commit: 'd7b236e10ced',
  title: 'mm: drop migrate type checks from has_unmovable_pages',
  version: 'v4.15',
  verified:
    'V: id and title quoted in a 2018 linux-mm review; has_unmovable_pages() and memmap_init_zone(), mm/page_alloc.c, read in v4.19.1, v5.3.1 and v5.5-rc5 (the shortcut still in v4.13.19 and v4.14.177); I: release v4.15 from its Oct 2017 posting',
};
