import type { Profile } from '../profile.ts';
import { NO_ZONE_RESTRICTIONS } from './commits.ts';
import { ADDRESSABLE_CHECK_NONE, HOTPLUG_4_13, REMOVE_EINVAL, SECTIONS_LOOP, SECTION_ADD, UNINIT_READS_BEFORE_5_5, UNINIT_READS_BEFORE_5_12, NODE_OFFLINE_BY_SCAN_BEFORE_5_5, USAGE_FREE_SECTION } from './rules.ts';

/**
 * Zone restrictions removed (c6f03e2903c9, with movable_node support and
 * valid_zones in the preferred order): released in v4.14 [I]; named v4.13 by
 * the issue. Before d0dc12e86b31 the hot-added memmap was zeroed rather than
 * poisoned, and hot-remove shrinking still accepted any valid section.
 */
export const v4_13: Profile = {
  name: 'v4.13',
  summary: 'c6f03e2903c9 (released v4.14): zone restrictions removed, zone_for_pfn_range; hot-remove shrinking over valid sections',
  defining: NO_ZONE_RESTRICTIONS,
  sparse: {
    hotplug: SECTION_ADD,
    addLoop: SECTIONS_LOOP,
    addressCheck: ADDRESSABLE_CHECK_NONE,
    removeInvalid: REMOVE_EINVAL,
    usageFree: USAGE_FREE_SECTION,
  },
  hotplug: HOTPLUG_4_13,
  knownFindings: [UNINIT_READS_BEFORE_5_5, UNINIT_READS_BEFORE_5_12, NODE_OFFLINE_BY_SCAN_BEFORE_5_5],
};
