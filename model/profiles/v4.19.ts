import type { Profile } from '../profile.ts';
import { ADDRESSABLE_CHECK_NONE, HOTPLUG_PRE_5_5, REMOVE_EINVAL, SECTIONS_LOOP, SECTION_ADD, UNINIT_READS_BEFORE_5_5, UNINIT_READS_BEFORE_5_12, NODE_OFFLINE_BY_SCAN_BEFORE_5_5, USAGE_FREE_SECTION } from './rules.ts';

/** Linux v4.19: section-granular hotplug, -EEXIST swallowed, no addressability check. */
export const v4_19: Profile = {
  name: 'v4.19',
  summary: 'section-granular hotplug; __add_pages swallows -EEXIST; memmap poisoned at hot-add',
  defining: {
    commit: 'd0dc12e86b31',
    title: 'mm/memory_hotplug: optimize memory hotplug (poison the memmap at hot-add)',
    version: 'v4.19',
    verified: 'V: named in Fixes: tags ("visible after d0dc12e86b319"); title I',
  },
  sparse: {
    hotplug: SECTION_ADD,
    addLoop: SECTIONS_LOOP,
    addressCheck: ADDRESSABLE_CHECK_NONE,
    removeInvalid: REMOVE_EINVAL,
    usageFree: USAGE_FREE_SECTION,
  },
  hotplug: HOTPLUG_PRE_5_5,
  knownFindings: [UNINIT_READS_BEFORE_5_5, UNINIT_READS_BEFORE_5_12, NODE_OFFLINE_BY_SCAN_BEFORE_5_5],
};
