import { SUBSECTION_HOTPLUG } from './commits.ts';
import { derive } from './derive.ts';
import { BLOCKS_AFTER_ADD, NODE_OFFLINE_BY_SCAN_BEFORE_5_5, REMOVE_WARN, SUBSECTION_ADD, UNINIT_READS_BEFORE_5_12, UNINIT_READS_BEFORE_5_5, USAGE_FREE_FIRST, USAGE_RACE_BEFORE_6_8 } from './rules.ts';
import { v4_19 } from './v4.19.ts';

/** Linux v5.3: sub-section hotplug (seed 002, docs/seeds.md). */
export const v5_3 = derive(v4_19, {
  name: 'v5.3',
  summary: 'sub-section hotplug: 2 MiB granularity with VMEMMAP, collisions are -EEXIST and change nothing',
  defining: SUBSECTION_HOTPLUG,
  changes: {
    sparse: { hotplug: SUBSECTION_ADD, removeInvalid: REMOVE_WARN, usageFree: USAGE_FREE_FIRST },
    hotplug: { blockDevices: BLOCKS_AFTER_ADD },
  },
  knownFindings: [UNINIT_READS_BEFORE_5_5, UNINIT_READS_BEFORE_5_12, NODE_OFFLINE_BY_SCAN_BEFORE_5_5, USAGE_RACE_BEFORE_6_8],
});
