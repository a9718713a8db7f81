import type { Profile } from '../profile.ts';
import { ZONE_CAN_SHIFT } from './commits.ts';
import { ADDRESSABLE_CHECK_NONE, HOTPLUG_4_11, REMOVE_EINVAL, SECTIONS_LOOP, SECTION_ADD, UNZONED_BARE_SECTIONS, NODE_OFFLINE_BY_SCAN_BEFORE_5_5, FIRST_PAGE_ZONE_BEFORE_4_13, USAGE_FREE_SECTION } from './rules.ts';

/**
 * Zone shifting: the semantics of Linux v4.10, v4.11 and v4.12 (named v4.11 by
 * the issue). Zones are chosen at hot-add and changed only at a zone edge at online.
 * docs/historical-profiles.md §2.
 */
export const v4_11: Profile = {
  name: 'v4.11',
  summary: 'kernels v4.10-v4.12: zone chosen at hot-add (zone_for_memory), online_kernel/online_movable shift edge blocks (zone_can_shift), spans shrink at hot-remove',
  defining: ZONE_CAN_SHIFT,
  sparse: {
    hotplug: SECTION_ADD,
    addLoop: SECTIONS_LOOP,
    addressCheck: ADDRESSABLE_CHECK_NONE,
    removeInvalid: REMOVE_EINVAL,
    usageFree: USAGE_FREE_SECTION,
  },
  hotplug: HOTPLUG_4_11,
  knownFindings: [UNZONED_BARE_SECTIONS, NODE_OFFLINE_BY_SCAN_BEFORE_5_5, ...FIRST_PAGE_ZONE_BEFORE_4_13],
};
