import type { Profile } from '../profile.ts';
import { SUBSECTION_HOTPLUG } from './commits.ts';
import { ADDRESSABLE_CHECK_NONE, BLOCKS_AFTER_ADD, HOTPLUG_PRE_5_5, REMOVE_WARN, SECTIONS_LOOP, SUBSECTION_ADD, UNINIT_READS_BEFORE_5_5, UNINIT_READS_BEFORE_5_12, NODE_OFFLINE_BY_SCAN_BEFORE_5_5, USAGE_FREE_FIRST, USAGE_RACE_BEFORE_6_8 } from './rules.ts';

/** Linux v5.3: sub-section hotplug (seed 002). */
export const v5_3: Profile = {
  name: 'v5.3',
  summary: 'sub-section hotplug: 2 MiB granularity with VMEMMAP, collisions are -EEXIST and change nothing',
  defining: SUBSECTION_HOTPLUG,
  sparse: {
    hotplug: SUBSECTION_ADD,
    addLoop: SECTIONS_LOOP,
    addressCheck: ADDRESSABLE_CHECK_NONE,
    removeInvalid: REMOVE_WARN,
    usageFree: USAGE_FREE_FIRST,
  },
  hotplug: { ...HOTPLUG_PRE_5_5, blockDevices: BLOCKS_AFTER_ADD },
  knownFindings: [UNINIT_READS_BEFORE_5_5, UNINIT_READS_BEFORE_5_12, NODE_OFFLINE_BY_SCAN_BEFORE_5_5, USAGE_RACE_BEFORE_6_8],
};
