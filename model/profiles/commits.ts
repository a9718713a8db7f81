/**
 * Kernel commits that introduced a rule, shared by the profiles that carry it.
 * `verified` names what was read; [I] marks ids not re-verified in source.
 */
import type { CommitRef } from '../profile.ts';

export const SECTION_HOTPLUG: CommitRef = {
  commit: 'pre-v5.3 baseline',
  title: 'section-granular sparse_add_one_section(); __add_pages() treats -EEXIST as success',
  version: 'v4.19',
  verified: 'V: the hunks removed by ba72b4c8cf60 (seed 002) show both behaviours',
};

export const SUBSECTION_HOTPLUG: CommitRef = {
  commit: 'ba72b4c8cf60',
  title: 'mm/sparsemem: support sub-section hotplug',
  version: 'v5.3',
  verified: 'V: seed 002 is the commit itself',
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
