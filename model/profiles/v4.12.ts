import type { Profile } from '../profile.ts';
import { ALLOW_ONLINE } from './commits.ts';
import { ADDRESSABLE_CHECK_NONE, HOTPLUG_4_12, REMOVE_EINVAL, SECTIONS_LOOP, SECTION_ADD, UNINIT_READS_BEFORE_5_5, UNINIT_READS_BEFORE_5_12, NODE_OFFLINE_BY_SCAN_BEFORE_5_5, USAGE_FREE_SECTION } from './rules.ts';

/**
 * Zone association deferred to online with allow_online_pfn_range(): the
 * semantics of f1dd2cd13c4b as first released in Linux v4.13 (named v4.12 by the
 * issue; seed 000's "after" table). docs/historical-profiles.md §3.
 */
export const v4_12: Profile = {
  name: 'v4.12',
  summary: 'kernel v4.13 (f1dd2cd13c4b): no zone at hot-add; online refused (-EINVAL) unless Normal stays below Movable (allow_online_pfn_range)',
  defining: ALLOW_ONLINE,
  sparse: {
    hotplug: SECTION_ADD,
    addLoop: SECTIONS_LOOP,
    addressCheck: ADDRESSABLE_CHECK_NONE,
    removeInvalid: REMOVE_EINVAL,
    usageFree: USAGE_FREE_SECTION,
  },
  hotplug: HOTPLUG_4_12,
  knownFindings: [UNINIT_READS_BEFORE_5_5, UNINIT_READS_BEFORE_5_12, NODE_OFFLINE_BY_SCAN_BEFORE_5_5],
};
